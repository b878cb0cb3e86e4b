/// The isolation a child sets up before it _exits or execs: namespaces by
/// clone flags or unshare(2), joining a prepared namespace, a cgroup, a new
/// root. The pillars of Linux containers, each measurable alone.
public struct IsolationSpec: Hashable, Sendable {
    public enum Namespace: String, CaseIterable, Sendable {
        case user, mnt, pid, net, uts, ipc, cgroup, time

        public var flag: UInt64 {
            switch self {
            case .user: 0x1000_0000
            case .mnt: 0x0002_0000
            case .pid: 0x2000_0000
            case .net: 0x4000_0000
            case .uts: 0x0400_0000
            case .ipc: 0x0800_0000
            case .cgroup: 0x0200_0000
            case .time: 0x80
            }
        }

        /// The /proc/self/ns entries that show the namespace changed: pid
        /// and time namespaces made by unshare(2) apply to the caller's
        /// children, so only their *_for_children entry changes.
        var procEntries: [String] {
            switch self {
            case .pid: ["pid", "pid_for_children"]
            case .time: ["time", "time_for_children"]
            default: [rawValue]
            }
        }

        static func parseSet(_ text: String, key: String) throws(SpecError) -> [Namespace] {
            var set: [Namespace] = []
            for name in text.split(separator: "+") {
                guard let namespace = Namespace(rawValue: String(name)) else {
                    let known = allCases.map(\.rawValue).joined(separator: ", ")
                    throw SpecError("\(key)= takes namespaces joined by + (\(known)), not '\(name)'")
                }
                if !set.contains(namespace) { set.append(namespace) }
            }
            guard !set.isEmpty else { throw SpecError("\(key)= needs at least one namespace") }
            return allCases.filter(set.contains)
        }

        static func text(_ set: [Namespace]) -> String { set.map(\.rawValue).joined(separator: "+") }
        static func flags(_ set: [Namespace]) -> UInt64 { set.reduce(0) { $0 | $1.flag } }
    }

    public enum CgroupPlacement: String, CaseIterable, Sendable {
        case none
        /// The child writes itself into the cgroup's cgroup.procs.
        case write
        /// clone3 with CLONE_INTO_CGROUP: born in the cgroup.
        case into
    }

    /// ns=: created by the clone flags themselves.
    public var cloneNamespaces: [Namespace] = []
    /// unshare=: created by unshare(2) in the child.
    public var unshareNamespaces: [Namespace] = []
    /// setns=: joined, prepared outside the timed loop.
    public var joinNamespace: Namespace?
    public var cgroup: CgroupPlacement = .none
    public var chroot = false
    public var pivotRoot = false
    public var mountProc = false

    public init() {}

    public var isEmpty: Bool { self == IsolationSpec() }

    /// Every namespace the child should end up in, for verification.
    var expectedNamespaces: [Namespace] {
        Namespace.allCases.filter { cloneNamespaces.contains($0) || unshareNamespaces.contains($0) || joinNamespace == $0 }
    }

    var idWords: [String] {
        var words: [String] = []
        if !cloneNamespaces.isEmpty { words.append("ns=\(Namespace.text(cloneNamespaces))") }
        if !unshareNamespaces.isEmpty { words.append("unshare=\(Namespace.text(unshareNamespaces))") }
        if let joinNamespace { words.append("setns=\(joinNamespace.rawValue)") }
        if cgroup != .none { words.append("cgroup=\(cgroup.rawValue)") }
        if chroot { words.append("chroot") }
        if pivotRoot { words.append("pivot_root") }
        if mountProc { words.append("mountproc") }
        return words
    }

    func validate(path: CreationPath, exec: ExecTarget, flags: CloneFlags) throws(SpecError) {
        if !cloneNamespaces.isEmpty && path != .clone && path != .clone3 {
            throw SpecError("ns= creates namespaces by clone flags: use clone or clone3 (or unshare= with \(path.rawValue))")
        }
        guard !isEmpty else { return }
        if path == .pthread || path == .process || path == .posixSpawn {
            throw SpecError("\(path.rawValue) runs no child code of ProcBench's, so it cannot take isolation steps")
        }
        if flags.contains("VM") && !(unshareNamespaces.isEmpty && joinNamespace == nil && !chroot && !pivotRoot) {
            throw SpecError("a child sharing the parent's memory (CLONE_VM) must not unshare, setns or change its root")
        }
        if flags.contains("FS") && (chroot || pivotRoot) {
            throw SpecError("a child sharing the parent's root (CLONE_FS) would change the measuring process's root too")
        }
        if flags.contains("THREAD") {
            throw SpecError("a thread shares its process's namespaces and root: isolation needs a process")
        }
        if path == .vfork && (chroot || pivotRoot || mountProc || !unshareNamespaces.isEmpty || joinNamespace != nil) {
            throw SpecError("a vfork child borrows the parent's memory: use fork or clone for isolation steps")
        }
        let mountNamespace = cloneNamespaces.contains(.mnt) || unshareNamespaces.contains(.mnt)
        if (pivotRoot || mountProc) && !mountNamespace {
            throw SpecError("\(pivotRoot ? "pivot_root" : "mountproc") mounts: it needs a new mount namespace (ns=mnt or unshare=mnt), so the host's mounts are never touched")
        }
        if pivotRoot && chroot { throw SpecError("pivot_root and chroot both change the root: choose one") }
        if (pivotRoot || chroot), case .path = exec { throw SpecError("a new root holds only the static target: exec=none or static") }
        if (pivotRoot || chroot) && exec == .dynamic { throw SpecError("a new root holds only the static target: exec=none or static") }
        if cgroup == .into && path != .clone3 { throw SpecError("cgroup=into is clone3's CLONE_INTO_CGROUP: use clone3") }
    }
}
