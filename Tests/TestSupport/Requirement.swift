import Glibc
import Support
#if canImport(Testing)
import Testing
#endif

/// Something a test needs from outside the repository: MNIST, the shared test data, the shipped
/// model, tmux. A test names it in its traits, `@Test(.requires(.mnist))`, and reports itself
/// skipped, with the reason, when it is missing. With DIGITREC_REQUIRE_DATA=1 (CI) the test runs
/// anyway and fails at `try Requirement.mnist.path()` with a message saying what is missing where.
public struct Requirement: Sendable, CustomStringConvertible {
    /// What is needed, as a user would look for it: "MNIST ($DIGITREC_DATA)".
    public let description: String
    /// Where it was looked for; nil when there is nowhere to look (a variable unset).
    public let location: String?
    private let isThere: @Sendable (String) -> Bool

    public init(_ description: String, at location: String?, isThere: @escaping @Sendable (String) -> Bool = Self.exists) {
        self.description = description
        self.location = location
        self.isThere = isThere
    }

    public var isPresent: Bool { location.map(isThere) ?? false }

    /// The condition for `.enabled(if:)`: present, or required (the test then fails loudly).
    public var shouldRun: Bool { isPresent || Env.requireData }

    /// The location, or an error naming what is missing where; the first line of a gated test.
    @discardableResult
    public func path() throws(Missing) -> String {
        guard let location, isThere(location) else { throw Missing(requirement: self) }
        return location
    }

    public struct Missing: Error, CustomStringConvertible {
        public let requirement: Requirement
        public var description: String {
            let why = Env.requireData ? " (DIGITREC_REQUIRE_DATA=1 makes this a failure, not a skip)" : ""
            let place = requirement.location.map { "missing at \($0)" } ?? "not set or not found"
            return "\(requirement.description): \(place)\(why)"
        }
    }

    public static let mnist = Requirement("MNIST ($DIGITREC_DATA)", at: Env.mnist)
    public static let testdata = Requirement("the shared test data ($DIGITREC_TESTDATA)", at: Env.testdata)
    public static let shippedModel = Requirement("the shipped model", at: Env.shippedModel)
    /// Debian's dataset-fashion-mnist (`make test` installs it), or $DIGITREC_FASHION.
    public static let fashionMNIST = Requirement(
        "Fashion-MNIST (Debian package dataset-fashion-mnist, or $DIGITREC_FASHION)",
        at: Environment.value("DIGITREC_FASHION") ?? "/usr/share/datasets/fashion-mnist") { Requirement.exists($0 + "/t10k-labels-idx1-ubyte.gz") }
    public static let tmux = Requirement("tmux on $PATH", at: executableOnPath("tmux"), isThere: isExecutable)

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }
    public static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }

    static func executableOnPath(_ name: String) -> String? {
        let folders = (Environment.value("PATH") ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first(where: isExecutable)
    }
}

// `make build` compiles every target against the static Swift runtime, which has no Testing
// module: what needs Swift Testing exists only where it can be imported (test builds).
#if canImport(Testing)
extension Trait where Self == ConditionTrait {
    /// Swift Testing's `.enabled(if:)` with the reason: the test shows as skipped, saying what it
    /// needs, unless every requirement is present or DIGITREC_REQUIRE_DATA=1.
    public static func requires(_ needs: Requirement..., sourceLocation: SourceLocation = #_sourceLocation) -> Self {
        let reason = "needs " + needs.map(\.description).joined(separator: " and ")
        return .enabled(if: needs.allSatisfy(\.shouldRun), Comment(rawValue: reason), sourceLocation: sourceLocation)
    }
}
#endif
