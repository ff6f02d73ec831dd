/// Creates each parameter once (for the first worker) and hands the same one to the others.
final class ParamTable {
    private(set) var ordered: [Param] = []
    private var byName: [String: Param] = [:]
    private var pairsByName: [String: WeightPairs] = [:]

    func get(_ name: String, _ shape: [Int], trainable: Bool = true) -> Param {
        if let p = byName[name] { return p }
        let p = Param(name: name, shape: shape, trainable: trainable)
        byName[name] = p
        ordered.append(p)
        return p
    }

    /// Hands an existing parameter out under `name` (a derived network sharing stored values).
    func adopt(_ name: String, _ p: Param) {
        guard byName[name] == nil else { return }
        byName[name] = p
        ordered.append(p)
    }

    func existing(_ name: String) -> Param? { byName[name] }

    /// The bf16 pairs of the weight `name`, shared like the weight itself (see `WeightPairs`).
    func weightPairs(_ name: String) -> WeightPairs {
        if let w = pairsByName[name] { return w }
        let w = WeightPairs()
        pairsByName[name] = w
        return w
    }
}
