import Foundation

/// One timed operation, in nanoseconds of CLOCK_MONOTONIC.
public struct Sample: Equatable, Sendable {
    /// Create, let the child run to _exit or exec, reap.
    public var latencyNs: Int64
    /// From just before the create call to the child's first instruction
    /// (or the exec target's first instruction); nil when unknowable.
    public var startNs: Int64?
    /// The child's rusage from wait4; nil for threads.
    public var usage: ChildUsage?
    /// aftermath=write: the parent's rewrite of its memory after the operation.
    public var aftermathNs: Int64?

    public init(latencyNs: Int64, startNs: Int64?, usage: ChildUsage? = nil, aftermathNs: Int64? = nil) {
        self.latencyNs = latencyNs
        self.startNs = startNs
        self.usage = usage
        self.aftermathNs = aftermathNs
    }
}

/// A child's resource usage as wait4 reports it.
public struct ChildUsage: Equatable, Sendable {
    public var minorFaults: Int64
    public var majorFaults: Int64
    public var voluntarySwitches: Int64
    public var involuntarySwitches: Int64
    public var userMicroseconds: Int64
    public var systemMicroseconds: Int64

    public init(minorFaults: Int64, majorFaults: Int64, voluntarySwitches: Int64, involuntarySwitches: Int64,
                userMicroseconds: Int64, systemMicroseconds: Int64) {
        self.minorFaults = minorFaults
        self.majorFaults = majorFaults
        self.voluntarySwitches = voluntarySwitches
        self.involuntarySwitches = involuntarySwitches
        self.userMicroseconds = userMicroseconds
        self.systemMicroseconds = systemMicroseconds
    }

    /// Column stems in summary.csv's order.
    public static let fieldNames = [
        "child_minflt", "child_majflt", "child_nvcsw", "child_nivcsw", "child_utime_us", "child_stime_us",
    ]

    /// The values in the order of `fieldNames`.
    public var values: [Int64] {
        [minorFaults, majorFaults, voluntarySwitches, involuntarySwitches, userMicroseconds, systemMicroseconds]
    }
}

/// What fork has to copy: the measuring parent's footprint just before timing.
public struct Footprint: Equatable, Sendable {
    public var rssKiB: Int
    public var maps: Int
    public var pteKiB: Int
    public var fds: Int
    public var threads: Int
    /// AnonHugePages: transparent huge pages actually obtained.
    public var anonHugeKiB: Int?

    public init(rssKiB: Int, maps: Int, pteKiB: Int, fds: Int = 0, threads: Int = 1, anonHugeKiB: Int? = nil) {
        self.rssKiB = rssKiB
        self.maps = maps
        self.pteKiB = pteKiB
        self.fds = fds
        self.threads = threads
        self.anonHugeKiB = anonHugeKiB
    }
}

/// An operation that did not complete: errno (0 if none) and the step.
public struct OperationFailure: Error, Equatable, Sendable, CustomStringConvertible {
    public var errno: Int32
    public var waitStatus: Int32
    public var what: String

    public init(errno: Int32, waitStatus: Int32 = 0, what: String) {
        self.errno = errno
        self.waitStatus = waitStatus
        self.what = what
    }

    public var description: String {
        if errno != 0 { return "\(what): \(String(cString: strerror(errno))) (errno \(errno))" }
        if waitStatus & 0x7f == 0 { return "\(what): exit status \((waitStatus >> 8) & 0xff)" }
        return "\(what): killed by signal \(waitStatus & 0x7f)"
    }

    /// Cannot run here (kernel or privileges) rather than broken.
    public var meansUnsupported: Bool {
        errno == ENOSYS || errno == EPERM || errno == ENOTSUP
    }
}

/// The operations of a batch, and the failure that cut it short, if any.
public struct Batch: Sendable {
    public var samples: [Sample]
    public var failure: OperationFailure?

    public init(samples: [Sample], failure: OperationFailure? = nil) {
        self.samples = samples
        self.failure = failure
    }
}

/// Something that performs timed operations of one scenario on request: the
/// C measuring process, Foundation's Process in this process, or a mock in
/// tests. The sampler decides how many; the source only measures.
public protocol OperationSource: AnyObject {
    /// The parent's footprint as measured just before timing.
    var footprint: Footprint { get }
    /// Performs `count` operations. With `probeStart` the child records when
    /// it started (the start pass); without, nothing is added to the child's
    /// work (the timing pass). Throws only when the source itself broke (its
    /// process died, its protocol was violated); a failed operation is
    /// reported in the batch.
    func run(_ count: Int, probeStart: Bool) throws -> Batch
    /// The counting pass: `count` operations with the events counted,
    /// children included. Its latencies are not kept.
    func count(_ count: Int, events: [PerfEvent]) throws -> CountingResult
    /// Ends the source; returns the number of children it found unreaped.
    func finish() throws -> Int
}

/// The source itself broke: not a property of the scenario but of ProcBench.
public struct SourceError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

@inline(__always)
public func monotonicNanoseconds() -> Int64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
}
