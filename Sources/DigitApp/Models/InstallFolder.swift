import Glibc
import Support

/// Where digitrec's own files are — the shipped models and the example digits — so the program
/// works when started outside its folder (`cd ~/photos; digitrec predict .`). The build puts the
/// executable in `<folder>/.build/<triple>/release/`, so the folder is the nearest ancestor of the
/// executable's real path that holds `saved_models/default.safetensors`. A file or folder in the
/// working directory always wins: people's own `saved_models/` and `digits/` come first.
public enum InstallFolder {
    /// The folder, or nil when the executable is not inside one (an installed copy elsewhere).
    public static let path: String? = find(from: executable())

    /// `relative` when it exists here, else the same path inside the install folder when that
    /// exists, else `relative` unchanged (so a message names what was looked for).
    public static func resolve(_ relative: String) -> String {
        guard !relative.hasPrefix("/"), !Path.exists(relative), let path else { return relative }
        let inside = Path.join(path, relative)
        return Path.exists(inside) ? inside : relative
    }

    /// The nearest of `file`'s ancestors (at most eight up) holding the shipped default model.
    static func find(from file: String?) -> String? {
        guard var folder = file.map(Path.folder(of:)) else { return nil }
        for _ in 0..<8 {
            if Path.exists(Path.join(folder, ModelStore.defaultModel)) { return folder }
            let up = Path.folder(of: folder)
            guard up != folder, !up.isEmpty, up != "." else { return nil }
            folder = up
        }
        return nil
    }

    /// The running executable's real path (Linux: the /proc/self/exe link), or nil.
    static func executable() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = buffer.withUnsafeMutableBufferPointer { readlink("/proc/self/exe", $0.baseAddress!, Int(PATH_MAX)) }
        guard n > 0, n <= Int(PATH_MAX) else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
