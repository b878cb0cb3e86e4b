import CProcBench

/// A way to create a process (or, for `pthread`, a thread: the floor).
public enum CreationPath: String, CaseIterable, Sendable {
    case fork, vfork, clone, clone3
    case posixSpawn = "posix_spawn"
    case pthread
    case process
    /// The minimal container recipe, step by step.
    case container
    /// An external command (`cmd=…`), spawned and reaped the same way.
    case command = "cmd"

    /// One line for `procbench list`.
    public var summary: String {
        switch self {
        case .fork: "glibc fork(); the child _exit(0)s or execs exec="
        case .vfork: "vfork(); the parent waits until the child _exit(0)s or execs"
        case .clone: "clone(2) with flags= plus SIGCHLD, the child on a stack of its own"
        case .clone3: "clone3(2) through syscall, same flags; ENOSYS is reported as skipped"
        case .posixSpawn: "glibc posix_spawn() of exec= (default static)"
        case .pthread: "pthread_create + pthread_join: the floor, a thread"
        case .process: "Foundation's Process from the Swift process itself (wait=exit|handler)"
        case .container: "a minimal container: clone into user+mnt+pid+net+uts+ipc, maps, tmpfs root, pivot_root, proc, exec"
        case .command: "cmd=COMMAND ARGS…: an external command (unshare(1), bwrap…) by posix_spawn, for comparison"
        }
    }

    /// The exec target when the spec names none.
    public var defaultExec: ExecTarget {
        switch self {
        case .posixSpawn, .process, .container: .staticTarget
        default: .none
        }
    }

    /// Whether the child may run without exec'ing anything.
    var allowsNoExec: Bool { self != .posixSpawn && self != .process && self != .container && self != .command }
    var allowsExec: Bool { self != .pthread }
    var takesFlags: Bool { self == .clone || self == .clone3 }

    /// The path's number in the measuring process's protocol (`pb_path`);
    /// nil for `process`, which runs in the Swift process.
    var measuringProcessCode: UInt32? {
        switch self {
        case .fork: PB_PATH_FORK.rawValue
        case .vfork: PB_PATH_VFORK.rawValue
        case .clone: PB_PATH_CLONE.rawValue
        case .clone3: PB_PATH_CLONE3.rawValue
        case .posixSpawn: PB_PATH_POSIX_SPAWN.rawValue
        case .pthread: PB_PATH_PTHREAD.rawValue
        case .container: PB_PATH_CLONE.rawValue
        case .command: PB_PATH_POSIX_SPAWN.rawValue
        case .process: nil
        }
    }
}

/// What the child runs after creation.
public enum ExecTarget: Hashable, Sendable {
    /// The child calls `_exit(0)`.
    case none
    /// ProcBench's tiny statically linked program, which reports its start time.
    case staticTarget
    /// `/bin/true`: a dynamically linked program, so exec pays for the loader.
    case dynamic
    /// Any executable.
    case path(String)

    public init(text: String) {
        switch text {
        case "none": self = .none
        case "static": self = .staticTarget
        case "dynamic": self = .dynamic
        default: self = .path(text)
        }
    }

    public var text: String {
        switch self {
        case .none: "none"
        case .staticTarget: "static"
        case .dynamic: "dynamic"
        case .path(let path): path
        }
    }

    static let dynamicPath = "/bin/true"
}

/// How the `process` path waits for its child.
public enum ProcessWait: String, Sendable, CaseIterable {
    /// `waitUntilExit()`, which polls the run loop: what most Swift code does.
    case exit
    /// A `terminationHandler` signalling a semaphore.
    case handler
}
