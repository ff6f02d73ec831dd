import Glibc

/// The process environment, read one way everywhere.
public enum Environment {
    public static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Whether a flag variable is set to something other than "", "0" or "false".
    public static func flag(_ name: String) -> Bool {
        guard let v = value(name) else { return false }
        return !(v.isEmpty || v == "0" || v.lowercased() == "false")
    }

    /// All variables (for lookups that take a dictionary, so tests can pass their own).
    public static var variables: [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return env
    }
}

extension Environment {
    /// Whether the locale's character set is UTF-8, from LC_ALL, LC_CTYPE and LANG in POSIX's
    /// order (the first one set and not empty), without calling setlocale: that would change the
    /// whole process's conversions to pick one answer. No variable, "C" or "POSIX" is ASCII; a
    /// locale name without a codeset ("en_US") is Latin-1 on Debian.
    public static func localeIsUTF8(_ env: [String: String] = variables) -> Bool {
        let name = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { env[$0] }.first { !$0.isEmpty } ?? ""
        guard let dot = name.firstIndex(of: ".") else { return false }
        let codeset = name[name.index(after: dot)...].prefix { $0 != "@" }.lowercased().filter { $0 != "-" && $0 != "_" }
        return codeset == "utf8"
    }
}
