/// What the measuring parent owns before timing: the state fork's cost
/// grows with. Set up once by the measuring process, never in the loop.
public struct ParentState: Hashable, Sendable {
    public enum HugePages: String, Sendable, CaseIterable { case system, on, off }
    public enum Advice: String, Sendable, CaseIterable { case none, dontfork, wipeonfork }
    public enum Layout: String, Sendable, CaseIterable { case contiguous, fragmented }
    public enum Aftermath: String, Sendable, CaseIterable {
        case none, write
        case writeChildAlive = "write-child-alive"
    }

    /// Private anonymous memory, every page written (`parent=`).
    public var privateBytes: UInt64 = 0
    /// MAP_SHARED memory, every page written (`shared=`).
    public var sharedBytes: UInt64 = 0
    public var hugePages: HugePages = .system
    public var advice: Advice = .none
    public var layout: Layout = .contiguous
    /// Extra open descriptors (`fds=`).
    public var fds = 0
    /// Extra idle threads (`threads=`).
    public var threads = 0
    public var aftermath: Aftermath = .none

    public init() {}

    /// layout=fragmented: alternating read-only/read-write mappings of this
    /// size, so 1 GiB becomes 16384 mappings (vm.max_map_count is 65530).
    public static let fragmentBytes: UInt64 = 64 << 10

    /// The spec words for what differs from the defaults, in canonical order.
    var idWords: [String] {
        var words: [String] = []
        if privateBytes != 0 { words.append("parent=\(ByteSize.text(privateBytes))") }
        if hugePages != .system { words.append("thp=\(hugePages.rawValue)") }
        if advice != .none { words.append("madvise=\(advice.rawValue)") }
        if layout != .contiguous { words.append("layout=\(layout.rawValue)") }
        if sharedBytes != 0 { words.append("shared=\(ByteSize.text(sharedBytes))") }
        if fds != 0 { words.append("fds=\(fds)") }
        if threads != 0 { words.append("threads=\(threads)") }
        if aftermath != .none { words.append("aftermath=\(aftermath.rawValue)") }
        return words
    }

    var isDefault: Bool { self == ParentState() }

    /// The measuring process's arguments for this state.
    var arguments: [String] {
        let thp = [HugePages.system: 0, .on: 1, .off: 2][hugePages]!
        let advice = [Advice.none: 0, .dontfork: 1, .wipeonfork: 2][self.advice]!
        let aftermath = [Aftermath.none: 0, .write: 1, .writeChildAlive: 2][self.aftermath]!
        var arguments = ["parent-bytes=\(privateBytes)", "shared-bytes=\(sharedBytes)", "thp=\(thp)",
                         "madvise=\(advice)", "fds=\(fds)", "threads=\(threads)", "aftermath=\(aftermath)"]
        if layout == .fragmented { arguments.append("fragment-bytes=\(Self.fragmentBytes)") }
        return arguments
    }

    func validate(path: CreationPath, exec: ExecTarget) throws(SpecError) {
        if privateBytes == 0 {
            for (word, given) in [("thp=", hugePages != .system), ("madvise=", advice != .none),
                                  ("layout=", layout != .contiguous), ("aftermath=", aftermath != .none)] where given {
                throw SpecError("\(word) acts on the parent= memory: give parent= a size")
            }
        }
        if layout == .fragmented && privateBytes < 2 * Self.fragmentBytes {
            throw SpecError("layout=fragmented needs parent= of at least \(ByteSize.text(2 * Self.fragmentBytes))")
        }
        if layout == .fragmented && aftermath != .none {
            throw SpecError("aftermath= rewrites the parent memory, but layout=fragmented made half of it read-only")
        }
        if aftermath == .writeChildAlive && (path != .fork || exec != .none) {
            throw SpecError("aftermath=write-child-alive needs fork with exec=none: the child must wait for the parent")
        }
        if path == .process && !isDefault {
            throw SpecError("parent=, shared=, fds=, threads= shape the C measuring process; process runs in the Swift process")
        }
    }
}
