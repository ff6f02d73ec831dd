import Support
import Testing

/// The two halves of ASCII output on a non-UTF-8 terminal: knowing the locale, and spelling out.
struct LocaleTextTests {
    @Test(arguments: [
        ([:], false), (["LANG": "C"], false), (["LANG": "POSIX"], false), (["LANG": "en_US"], false),
        (["LANG": "en_US.ISO-8859-1"], false), (["LANG": "C.UTF-8"], true), (["LANG": "de_DE.utf8"], true),
        (["LANG": "sr_RS.UTF-8@latin"], true), (["LANG": "C.UTF-8", "LC_ALL": "C"], false),
        (["LANG": "C", "LC_CTYPE": "en_GB.UTF-8"], true), (["LC_ALL": "", "LANG": "C.UTF-8"], true),
    ] as [([String: String], Bool)])
    func localeCodeset(env: [String: String], utf8: Bool) {
        #expect(Environment.localeIsUTF8(env) == utf8, "\(env)")
    }

    @Test func messagesBecomeASCII() {
        #expect("7 → 1 — 28×28 … ✓ ✗ (1 − w)".asciiTransliterated == "7 -> 1 - 28x28 ... ok x (1 - w)")
        #expect("1 ████░░ 99.1%".asciiTransliterated == "1 ####-- 99.1%")
        #expect("café/数字.png".asciiTransliterated == "caf?/??.png")
        #expect("plain".asciiTransliterated == "plain")
    }
}
