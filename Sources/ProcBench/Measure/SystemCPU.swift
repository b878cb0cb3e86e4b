import Foundation

/// Busy CPU time of the whole machine, from /proc/stat's first line. Used to
/// see work the kernel defers past a child's reaping (a network namespace is
/// freed later, by a kernel worker), which no latency includes.
struct SystemCPU {
    /// Busy time of all CPUs together, in clock ticks (user, nice, system,
    /// irq, softirq and steal; not idle or iowait).
    let busyTicks: UInt64
    let totalTicks: UInt64

    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    static func read() -> SystemCPU? {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 8 else { return nil }
        let busy = values[0] + values[1] + values[2] + values[5] + values[6] + values[7]
        return SystemCPU(busyTicks: busy, totalTicks: values.prefix(8).reduce(0, +))
    }

    /// Waits until a 100 ms interval shows the machine nearly idle (under
    /// 5 % of one CPU busy), for at most `limit` seconds, so deferred work
    /// has finished; returns the reading then, and whether it settled.
    static func settle(limit: Double = 3) -> (reading: SystemCPU?, settled: Bool) {
        let deadline = Date().addingTimeInterval(limit)
        var last = read()
        while Date() < deadline {
            usleep(100_000)
            let now = read()
            if let before = last, let now, Double(now.busyTicks - before.busyTicks) / ticksPerSecond < 0.005 {
                return (now, true)
            }
            last = now
        }
        return (last, false)
    }

    /// Busy microseconds per operation between two readings.
    static func perOperation(from start: SystemCPU, to end: SystemCPU, operations: Int) -> Double? {
        guard operations > 0, end.busyTicks >= start.busyTicks else { return nil }
        return Double(end.busyTicks - start.busyTicks) / ticksPerSecond * 1e6 / Double(operations)
    }
}
