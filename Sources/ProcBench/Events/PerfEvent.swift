import CLibpfm
import CProcBench
import Foundation

/// A perf event as the user named it, encoded by libpfm4 into the raw
/// attributes the measuring process opens with perf_event_open.
public struct PerfEvent: Equatable, Sendable {
    /// The name as given: the column's name in summary.csv.
    public let name: String
    /// libpfm4's fully qualified name, e.g. `perf::PERF_COUNT_SW_PAGE_FAULTS:u=1:k=1`.
    public let canonical: String
    public let type: UInt32
    public let config: UInt64
    public let config1: UInt64
    public let config2: UInt64
    /// Counting user space only (kernel.perf_event_paranoid ≥ 2 without root).
    public let userOnly: Bool

    var attr: pb_event_attr {
        pb_event_attr(type: type, config: config, config1: config1, config2: config2,
                      exclude_user: 0, exclude_kernel: userOnly ? 1 : 0, exclude_hv: userOnly ? 1 : 0)
    }

    /// The measuring process's `event=` argument.
    var argument: String {
        let hex = { (value: UInt64) in String(value, radix: 16) }
        return "event=\(type):\(hex(config)):\(hex(config1)):\(hex(config2)):0:\(userOnly ? 1 : 0):\(userOnly ? 1 : 0)"
    }
}

/// libpfm4, initialised once.
public enum EventEncoder {
    private static let initialised: Int32 = pfm_initialize()

    /// The events ProcBench counts by default, where they open.
    public static let defaultNames = [
        "task-clock", "page-faults", "minor-faults", "major-faults", "context-switches", "cpu-migrations",
        "cycles", "instructions", "branch-misses", "cache-misses", "dTLB-load-misses",
    ]

    /// Whether counting must exclude the kernel: without root,
    /// perf_event_paranoid ≥ 2 forbids kernel profiling.
    public static var mustCountUserOnly: Bool {
        guard geteuid() != 0 else { return false }
        let text = (try? String(contentsOfFile: "/proc/sys/kernel/perf_event_paranoid", encoding: .utf8)) ?? "2"
        return (Int(text.trimmed) ?? 2) >= 2
    }

    public static func encode(_ name: String, userOnly: Bool = mustCountUserOnly) throws(SpecError) -> PerfEvent {
        guard initialised == PFM_SUCCESS else {
            throw SpecError("libpfm4 did not initialise: \(String(cString: pfm_strerror(initialised)))")
        }
        var attr = perf_event_attr()
        var fullName: UnsafeMutablePointer<CChar>? = nil
        var argument = pfm_perf_encode_arg_t()
        let result: Int32 = withUnsafeMutablePointer(to: &attr) { attrPointer in
            withUnsafeMutablePointer(to: &fullName) { namePointer in
                argument.attr = attrPointer
                argument.fstr = namePointer
                argument.size = MemoryLayout<pfm_perf_encode_arg_t>.size
                let plm = userOnly ? PFM_PLM3 : (PFM_PLM0 | PFM_PLM3)
                return pfm_get_os_event_encoding(name, Int32(plm), PFM_OS_PERF_EVENT_EXT, &argument)
            }
        }
        guard result == PFM_SUCCESS else {
            throw SpecError("unknown perf event '\(name)' (libpfm4: \(String(cString: pfm_strerror(result)))); see 'procbench events'")
        }
        defer { free(fullName) }
        return PerfEvent(name: name, canonical: fullName.map { String(cString: $0) } ?? name,
                         type: attr.type, config: attr.config, config1: attr.config1, config2: attr.config2,
                         userOnly: userOnly)
    }

    /// Tries to open the event on this process: nil if it opens, else the errno.
    public static func probe(_ event: PerfEvent) -> Int32? {
        var attr = event.attr
        let fd = pb_perf_open(&attr, 0)
        guard fd >= 0 else { return -fd }
        close(fd)
        return nil
    }

    /// What to do about an event that does not open, in a user's words.
    public static func advice(errno err: Int32, userOnly: Bool) -> String {
        switch err {
        case ENOENT, EOPNOTSUPP:
            return "not supported here (no hardware PMU for it, as in most VMs)"
        case EACCES, EPERM:
            return userOnly ? "not permitted even for user-space counting: run as root or set kernel.perf_event_paranoid ≤ 1"
                            : "not permitted: run as root or set kernel.perf_event_paranoid ≤ 1"
        case EINVAL:
            return "the kernel rejected its attributes"
        default:
            return String(cString: strerror(err))
        }
    }
}
