extension String {
    /// Without leading and trailing spaces and tabs (a class list's lines, a mirror list's
    /// entries), without Foundation.
    public var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
