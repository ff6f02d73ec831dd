extension Unicode.Scalar {
    /// A C0 or C1 control character or DEL: what a terminal may take as part of an escape
    /// sequence or a line of its own, so text from files (names, damaged chunks, library
    /// messages) never reaches a terminal with one in it.
    public var isTerminalControl: Bool {
        value < 0x20 || value == 0x7F || (0x80..<0xA0).contains(value)
    }
}
