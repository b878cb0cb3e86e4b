import Foundation

/// How a scenario's isolation is carried out here: the measuring process's
/// arguments, the namespaces to verify, and what had to change to run it
/// (without root, everything happens inside a new user namespace).
struct IsolationPlan {
    var arguments: [String] = []
    /// Clone flags added for namespaces made by clone.
    var extraCloneFlags: UInt64 = 0
    var expected: [IsolationSpec.Namespace] = []
    /// chroot or pivot_root: the child's / must differ from ours.
    var newRoot = false
    /// Said in the note when the plan differs from the spec.
    var adaptation: String?

    /// The recipe `container` stands for.
    static let containerNamespaces: [IsolationSpec.Namespace] = [.user, .mnt, .pid, .net, .uts, .ipc]

    /// nil with a reason when the scenario cannot run here.
    static func make(_ scenario: Scenario, root: Bool = geteuid() == 0) -> Result<IsolationPlan, OperationFailure> {
        var spec = scenario.isolation
        var plan = IsolationPlan()
        var mapIds = false
        if scenario.path == .container {
            spec.cloneNamespaces = containerNamespaces
            spec.pivotRoot = true
            spec.mountProc = true
            mapIds = true
            plan.arguments.append("timed-steps=1")
        }
        if spec.isEmpty { return .success(plan) }
        // Joining alone: the namespace is made inside a user namespace that
        // the child joins first (its owner has every capability in it).
        let joinOnly = spec.joinNamespace != nil && spec.cloneNamespaces.isEmpty && spec.unshareNamespaces.isEmpty
            && !spec.chroot && !spec.pivotRoot && !spec.mountProc && spec.cgroup == .none
        if !root && joinOnly {
            // A user namespace its creator owns can be joined as it is.
            if spec.joinNamespace != .user {
                plan.arguments.append("setns-in-user=1")
                plan.adaptation = "not root: the namespace made and joined inside a new user namespace"
            }
        } else if !root && !spec.cloneNamespaces.contains(.user) && !spec.unshareNamespaces.contains(.user) {
            // Unprivileged user namespaces give the other types, where the
            // system allows them: try that first, and say so.
            if !spec.cloneNamespaces.isEmpty {
                spec.cloneNamespaces = IsolationSpec.Namespace.allCases.filter { $0 == .user || spec.cloneNamespaces.contains($0) }
            } else {
                spec.unshareNamespaces = IsolationSpec.Namespace.allCases.filter { $0 == .user || spec.unshareNamespaces.contains($0) }
            }
            mapIds = true
            plan.adaptation = "not root: run inside a new user namespace"
        }
        if scenario.path == .clone && spec.cloneNamespaces.contains(.time) {
            return .failure(OperationFailure(errno: ENOTSUP, what: "CLONE_NEWTIME does not fit clone(2)'s flags; measure 'clone3 ns=time' or 'fork unshare=time'"))
        }
        plan.extraCloneFlags = IsolationSpec.Namespace.flags(spec.cloneNamespaces)
        let unshare = IsolationSpec.Namespace.flags(spec.unshareNamespaces)
        if unshare != 0 { plan.arguments.append("unshare=0x\(String(unshare, radix: 16))") }
        if let join = spec.joinNamespace { plan.arguments.append("setns=0x\(String(join.flag, radix: 16))") }
        if spec.cgroup != .none {
            guard let root = cgroup2Mount() else {
                return .failure(OperationFailure(errno: ENOTSUP, what: "no cgroup v2 hierarchy is mounted here"))
            }
            guard access(root, W_OK) == 0 else {
                return .failure(OperationFailure(errno: EPERM, what: "cgroup placement needs write access to \(root) (root, or a delegated cgroup)"))
            }
            plan.arguments.append("cgroup-root=\(root)")
            if spec.cgroup == .into { plan.arguments.append("cgroup-into=1") }
        }
        if spec.chroot { plan.arguments.append("chroot=1") }
        if spec.pivotRoot { plan.arguments.append("pivot-root=1") }
        if spec.mountProc { plan.arguments.append("mount-proc=1") }
        if mapIds { plan.arguments.append("map-ids=1") }
        plan.expected = spec.expectedNamespaces
        plan.newRoot = spec.chroot || spec.pivotRoot
        return .success(plan)
    }

    /// Where cgroup v2 is mounted (/sys/fs/cgroup, or /sys/fs/cgroup/unified
    /// beside v1 controllers), from this process's mountinfo.
    static func cgroup2Mount() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") {
            let halves = line.components(separatedBy: " - ")
            guard halves.count == 2, halves[1].hasPrefix("cgroup2 ") else { continue }
            let fields = halves[0].split(separator: " ")
            if fields.count > 4 { return String(fields[4]) }
        }
        return nil
    }

    /// Checks the start pass's report: every expected namespace must differ
    /// from the measuring process's own. Returns the failure, if any.
    static func verify(_ expected: [IsolationSpec.Namespace], newRoot: Bool,
                       inodes: [String: (ours: UInt64, child: UInt64)]) -> String? {
        if newRoot {
            guard let root = inodes["root"], root.child != 0, root.child != root.ours else {
                return "the child's root directory did not change"
            }
        }
        for namespace in expected {
            let changed = namespace.procEntries.contains { entry in
                guard let pair = inodes[entry] else { return false }
                // After unshare(CLONE_NEWPID) the new pid namespace has no
                // process yet, and its pid_for_children entry cannot be
                // opened (ENOENT) until one is born: that too shows it is new.
                if entry == "pid_for_children" && pair.child == 0 && pair.ours != 0 { return true }
                return pair.child != 0 && pair.child != pair.ours
            }
            if !changed { return "the child is not in a new \(namespace.rawValue) namespace" }
        }
        return nil
    }
}
