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
        ("parent", "SIZE: private memory the measuring process writes first (0, 64M, 1G)"),
        ("thp", "system | on | off: MADV_HUGEPAGE or MADV_NOHUGEPAGE on the parent= memory"),
        ("madvise", "none | dontfork | wipeonfork: MADV_DONTFORK or MADV_WIPEONFORK on it"),
        ("layout", "contiguous | fragmented: one mapping, or alternating read-only/read-write 64K mappings"),
        ("shared", "SIZE: MAP_SHARED memory the measuring process writes first"),
        ("fds", "N: extra open descriptors in the parent"),
        ("threads", "N: extra idle threads in the parent"),
        ("aftermath", "none | write | write-child-alive: the parent rewrites parent= memory after each fork, timed apart"),
        ("wait", "exit | handler: how the process path waits (waitUntilExit or terminationHandler)"),
        ("ns", "NS+NS…: namespaces created by the clone flags (user mnt pid net uts ipc cgroup time)"),
        ("unshare", "NS+NS…: namespaces created by unshare(2) in the child"),
        ("setns", "NS: join a namespace prepared before timing"),
        ("cgroup", "write | into: the child writes itself into a new cgroup v2, or clone3 CLONE_INTO_CGROUP"),
        ("chroot", "(a bare word) chroot into a prepared directory"),
        ("pivot_root", "(a bare word) pivot_root onto a private tmpfs, the old root detached (needs ns=mnt or unshare=mnt)"),
        ("mountproc", "(a bare word) mount a new proc (needs a new mount namespace)"),
        ("jobs", "N: N measuring processes at once, to expose kernel locks; ops_per_s is their total rate"),
    ]

    /// Options written as a bare word, meaning on.
    static let switches: Set<String> = ["chroot", "pivot_root", "mountproc"]

    public static func parse(_ text: String) throws(SpecError) -> [Scenario] {
        if text.hasPrefix("cmd=") { return [try command(String(text.dropFirst("cmd=".count)))] }
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else { throw SpecError("empty spec") }
        guard let path = CreationPath(rawValue: first) else {
            let known = CreationPath.allCases.map(\.rawValue).joined(separator: ", ")
            throw SpecError("unknown path '\(first)' (known: \(known))")
        }
        var axes: [(key: String, values: [String])] = []
        for word in words.dropFirst() {
            if switches.contains(word) {
                guard !axes.contains(where: { $0.key == word }) else { throw SpecError("'\(word)' given twice in '\(text)'") }
                axes.append((word, ["on"]))
                continue
            }
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

    /// `cmd=unshare -U true`: the rest of the spec is the command, split as
    /// a shell splits words (quotes, backslashes), but no shell runs it.
    static func command(_ text: String) throws(SpecError) -> Scenario {
        let argv = try ShellWords.split(text)
        guard let program = argv.first else { throw SpecError("cmd= needs a command") }
        var scenario = Scenario(path: .command, exec: .path(program))
        scenario.command = argv
        return scenario
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ value: String) throws(SpecError) -> T
    where T.RawValue == String {
        guard let choice = T(rawValue: value) else {
            let known = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw SpecError("\(key)= takes \(known), not '\(value)'")
        }
        return choice
    }

    static func count(_ key: String, _ value: String, limit: Int) throws(SpecError) -> Int {
        guard let number = Int(value), number >= 0, number <= limit else {
            throw SpecError("\(key)= takes a whole number from 0 to \(limit), not '\(value)'")
        }
        return number
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
        case "ns": scenario.isolation.cloneNamespaces = try IsolationSpec.Namespace.parseSet(value, key: key)
        case "unshare": scenario.isolation.unshareNamespaces = try IsolationSpec.Namespace.parseSet(value, key: key)
        case "setns":
            guard let namespace = IsolationSpec.Namespace(rawValue: value) else {
                throw SpecError("setns= takes one namespace (user, mnt, pid, net, uts, ipc, cgroup, time), not '\(value)'")
            }
            scenario.isolation.joinNamespace = namespace
        case "cgroup": scenario.isolation.cgroup = try choice(key, value)
        case "chroot": scenario.isolation.chroot = true
        case "pivot_root": scenario.isolation.pivotRoot = true
        case "mountproc": scenario.isolation.mountProc = true
        case "jobs": scenario.jobs = try count(key, value, limit: 64)
        case "thp": scenario.parent.hugePages = try choice(key, value)
        case "madvise": scenario.parent.advice = try choice(key, value)
        case "layout": scenario.parent.layout = try choice(key, value)
        case "aftermath": scenario.parent.aftermath = try choice(key, value)
        case "shared": scenario.parent.sharedBytes = try ByteSize.parse(value)
        case "fds": scenario.parent.fds = try count(key, value, limit: 1 << 20)
        case "threads": scenario.parent.threads = try count(key, value, limit: 4096)
        default:
            throw SpecError("unknown option '\(key)'")
        }
    }
}
