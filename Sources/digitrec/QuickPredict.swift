import Support

/// The everyday form `digitrec predict [--model PATH] [--json] [--art] [--ascii] FILE…` read
/// without ArgumentParser. Its parse reflects over every command (and, for shell completion,
/// parses the line twice more) through the Swift runtime's type metadata, ~10 % of a whole
/// `digitrec predict` process. Anything else — another flag, `--model=…`, a
/// file that starts with "-", `--`, no file — returns nil and goes through ArgumentParser, so
/// every message and every option's behaviour stays ArgumentParser's. CLITests hold the two
/// parses to the same output (`DIGITREC_FULL_PARSE=1` turns this one off). It builds the same
/// `PredictRequest` as `Predict.request`, so nothing after the parse can differ.
extension PredictRequest {
    static func quickParse(_ arguments: [String]) -> PredictRequest? {
        guard arguments.first == "predict", Environment.value("DIGITREC_FULL_PARSE") == nil else { return nil }
        var model: String?, json = false, art = false, ascii = false
        var files: [String] = []
        var i = 1
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            switch arg {
            case "--json" where !json: json = true
            case "--art" where !art: art = true
            case "--ascii" where !ascii: ascii = true
            // An empty path is ArgumentParser's usage error (ModelOption.validate), worded there.
            case "--model" where model == nil && i < arguments.count && !arguments[i].hasPrefix("-") && !arguments[i].isEmpty:
                model = arguments[i]
                i += 1
            default:
                guard !arg.hasPrefix("-"), !arg.isEmpty else { return nil }
                files.append(arg)
            }
        }
        // Both outputs at once is ArgumentParser's usage error (Predict.validate).
        guard !files.isEmpty, !(json && art) else { return nil }
        return PredictRequest(model: model, json: json, art: art, ascii: ascii, files: files)
    }
}
