/// One thing to measure: a creation path and its options. Its `id` is the
/// canonical spec text, stable across runs, so results can be compared.
public struct Scenario: Hashable, Sendable {
    public var path: CreationPath
    public var exec: ExecTarget
    public var flags: CloneFlags
    /// Pin the measuring process (and so its children) to this CPU.
    public var cpu: Int?
    public var wait: ProcessWait
    /// What the measuring parent owns before timing.
    public var parent: ParentState
    /// Namespaces, cgroup and root changes the child makes.
    public var isolation = IsolationSpec()
    /// For `cmd`: the command and its arguments.
    public var command: [String] = []
    /// Measuring processes running the scenario at once.
    public var jobs = 1

    /// Private anonymous memory the measuring process touches before timing.
    public var parentBytes: UInt64 {
        get { parent.privateBytes }
        set { parent.privateBytes = newValue }
    }

    public init(path: CreationPath, exec: ExecTarget? = nil, flags: CloneFlags = .init(rawValue: 0),
                cpu: Int? = nil, parentBytes: UInt64 = 0, wait: ProcessWait = .exit) {
        self.path = path
        self.exec = exec ?? path.defaultExec
        self.flags = flags
        self.cpu = cpu
        self.wait = wait
        parent = ParentState()
        parent.privateBytes = parentBytes
    }

    /// Canonical spec text: the path, then only the options that differ from
    /// their defaults, always in the same order.
    public var id: String {
        if path == .command { return "cmd=" + command.map(ShellWords.quote).joined(separator: " ") }
        var words = [path.rawValue]
        if flags.rawValue != 0 { words.append("flags=\(flags.text)") }
        if exec != path.defaultExec { words.append("exec=\(exec.text)") }
        words += parent.idWords
        words += isolation.idWords
        if jobs != 1 { words.append("jobs=\(jobs)") }
        if let cpu { words.append("cpu=\(cpu)") }
        if path == .process && wait != .exit { words.append("wait=\(wait.rawValue)") }
        return words.joined(separator: " ")
    }

    /// Checks that the options make sense together for this path.
    func validate() throws(SpecError) {
        if exec == .none && !path.allowsNoExec {
            throw SpecError("\(path.rawValue) needs something to exec: exec=static, dynamic or a path")
        }
        if exec != .none && !path.allowsExec {
            throw SpecError("\(path.rawValue) runs no program: exec= does not apply")
        }
        if flags.rawValue != 0 && !path.takesFlags {
            throw SpecError("flags= applies to clone and clone3, not \(path.rawValue)")
        }
        if path == .clone, let name = flags.clone3OnlyNames.first {
            throw SpecError("\(name) does not fit clone(2)'s flags: use clone3")
        }
        if flags.contains("THREAD") && exec != .none {
            throw SpecError("a CLONE_THREAD child cannot exec: execve would end the measuring process")
        }
        try parent.validate(path: path, exec: exec)
        try isolation.validate(path: path, exec: exec, flags: flags)
        if path == .container && (exec != .staticTarget || flags.rawValue != 0 || !isolation.isEmpty) {
            throw SpecError("container is a fixed recipe: it takes no exec=, flags= or isolation options")
        }
        if jobs > 1 && path == .process { throw SpecError("jobs= runs several C measuring processes; process runs in the Swift process") }
    }
}
