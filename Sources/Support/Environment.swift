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
