/// Reads spec text: a path, then `key=value` options. A comma list in a
/// value is a sweep: one scenario per value, the cartesian product across
/// keys, the first key varying slowest.
///
///     clone flags=,VM,VM|FS|FILES|SIGHAND exec=none,static   -> 6 scenarios
public enum SpecParser {
    /// The options every spec may carry, with what they take.
    public static let options: [(key: String, help: String)] = [
        ("exec", "none | static | dynamic | PATH: what the child runs (none: _exit(0))"),
        ("flags", "CLONE_* names joined by |, prefix optional (clone, clone3)"),
        ("cpu", "N: pin the measuring process and its children to CPU N"),
        ("parent", "SIZE: private memory the measuring process touches first (0, 64M, 1G)"),
        ("wait", "exit | handler: how the process path waits (waitUntilExit or terminationHandler)"),
        ("aftermath", "none | write: the parent rewrites its parent= memory after each operation, timed apart"),
    ]

    public static func parse(_ text: String) throws(SpecError) -> [Scenario] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { throw SpecError("empty spec") }
        guard let path = CreationPath(rawValue: first) else {
            let known = CreationPath.allCases.map(\.rawValue).joined(separator: ", ")
            throw SpecError("unknown path '\(first)' (known: \(known))")
        }
        var axes: [(key: String, values: [String])] = []
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "=") else {
                throw SpecError("'\(word)' in '\(text)' is not key=value")
            }
            let key = String(word[..<equals])
            guard options.contains(where: { $0.key == key }) else {
                throw SpecError("unknown option '\(key)' in '\(text)' (see 'procbench list')")
            }
            guard !axes.contains(where: { $0.key == key }) else {
                throw SpecError("option '\(key)' given twice in '\(text)'")
            }
            let values = word[word.index(after: equals)...]
                .split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            axes.append((key, values))
        }
        var scenarios = [Scenario(path: path)]
        for axis in axes {
            var next: [Scenario] = []
            for base in scenarios {
                for value in axis.values {
                    var scenario = base
                    try apply(axis.key, value, to: &scenario)
                    next.append(scenario)
                }
            }
            scenarios = next
        }
        for scenario in scenarios { try scenario.validate() }
        return scenarios
    }

    static func apply(_ key: String, _ value: String, to scenario: inout Scenario) throws(SpecError) {
        switch key {
        case "exec":
            guard !value.isEmpty else { throw SpecError("exec= needs a value: none, static, dynamic or a path") }
            scenario.exec = ExecTarget(text: value)
        case "flags":
            scenario.flags = try CloneFlags(parsing: value)
        case "cpu":
            guard let cpu = Int(value), cpu >= 0 else { throw SpecError("cpu= takes a CPU number, not '\(value)'") }
            scenario.cpu = cpu
        case "parent":
            scenario.parentBytes = try ByteSize.parse(value)
        case "wait":
            guard let wait = ProcessWait(rawValue: value) else {
                throw SpecError("wait= takes exit or handler, not '\(value)'")
            }
            scenario.wait = wait
        case "aftermath":
            guard value == "none" || value == "write" else {
                throw SpecError("aftermath= takes none or write, not '\(value)'")
            }
            scenario.aftermathWrite = value == "write"
        default:
            throw SpecError("unknown option '\(key)'")
        }
    }
}
