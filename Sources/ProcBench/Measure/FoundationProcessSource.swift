import CProcBench
import Foundation

/// The `process` path: Foundation's Process, timed from this Swift process
/// itself, because that is what a Swift program pays. Its parent footprint is
/// therefore the Swift process's own, and each row says so.
///
/// `wait=exit` uses waitUntilExit(), which on Linux spins the run loop until
/// the termination is noticed (its floor is tens of milliseconds);
/// `wait=handler` sets a terminationHandler that signals a semaphore.
public final class FoundationProcessSource: OperationSource {
    public let footprint: Footprint
    private let executable: URL
    private let reportsStart: Bool
    private let wait: ProcessWait

    public init(executable: String, reportsStart: Bool, wait: ProcessWait) throws {
        self.executable = URL(fileURLWithPath: executable)
        self.reportsStart = reportsStart
        self.wait = wait
        var raw = pb_footprint()
        let err = pb_read_footprint(&raw)
        guard err == 0 else { throw OperationFailure(errno: err, what: "read /proc/self footprint") }
        footprint = Footprint(rssKiB: raw.rss_kib, maps: raw.maps, pteKiB: raw.pte_kib, fds: raw.fds,
                              threads: raw.threads, anonHugeKiB: raw.anon_huge_kib < 0 ? nil : raw.anon_huge_kib)
    }

    public func run(_ count: Int, probeStart: Bool) throws -> Batch {
        var samples: [Sample] = []
        for _ in 0..<count {
            do {
                samples.append(try runOne(probeStart: probeStart && reportsStart))
            } catch let failure as OperationFailure {
                return Batch(samples: samples, failure: failure)
            }
        }
        return Batch(samples: samples)
    }

    private func runOne(probeStart: Bool) throws -> Sample {
        let process = Process()
        process.executableURL = executable
        // The static target writes its start stamp to the descriptor named
        // in argv[1]: here its standard output, a pipe we read afterwards.
        let stamp = probeStart ? Pipe() : nil
        if let stamp {
            process.arguments = ["1"]
            process.standardOutput = stamp
        }
        let exited = DispatchSemaphore(value: 0)
        if wait == .handler {
            process.terminationHandler = { _ in exited.signal() }
        }
        let t0 = monotonicNanoseconds()
        do {
            try process.run()
        } catch {
            throw OperationFailure(errno: Int32((error as NSError).code), what: "Process.run: \(error.localizedDescription)")
        }
        switch wait {
        case .exit: process.waitUntilExit()
        case .handler: exited.wait()
        }
        let t1 = monotonicNanoseconds()
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            let status = process.terminationReason == .exit
                ? process.terminationStatus << 8 : process.terminationStatus
            throw OperationFailure(errno: 0, waitStatus: status, what: "child did not exit 0")
        }
        var start: Int64? = nil
        if let stamp {
            let data = stamp.fileHandleForReading.readDataToEndOfFile()
            if data.count == 8 {
                let value = data.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }
                start = value - t0
            }
        }
        return Sample(latencyNs: t1 - t0, startNs: start)
    }

    /// Counters on this Swift process, inherited by what it starts: what a
    /// Swift program pays, its own threads' work included.
    public func count(_ count: Int, events: [PerfEvent]) throws -> CountingResult {
        var result = CountingResult(operations: count)
        var descriptors: [Int: Int32] = [:]
        for (index, event) in events.enumerated() {
            var attr = event.attr
            let fd = pb_perf_open(&attr, 1)
            if fd < 0 { result.errors[index] = -fd } else { descriptors[index] = fd }
        }
        defer { for fd in descriptors.values { close(fd) } }
        var before = rusage(), after = rusage()
        getrusage(RUSAGE_SELF.rawValue, &before)
        for (index, fd) in descriptors {
            let err = pb_perf_enable(fd)
            if err != 0 { result.errors[index] = err }
        }
        let batch = try run(count, probeStart: false)
        for (index, fd) in descriptors {
            let err = pb_perf_disable(fd)
            if err != 0 { result.errors[index] = err }
        }
        getrusage(RUSAGE_SELF.rawValue, &after)
        result.failure = batch.failure
        for (index, fd) in descriptors {
            var raw = pb_count()
            let err = pb_perf_read(fd, &raw)
            if err != 0 { result.errors[index] = err }
            if result.errors[index] != nil { continue }
            result.counts[index] = EventCount(value: raw.value, enabledNs: raw.enabled_ns, runningNs: raw.running_ns)
        }
        result.parentMinorFaults = after.ru_minflt - before.ru_minflt
        result.parentMajorFaults = after.ru_majflt - before.ru_majflt
        return result
    }

    public func finish() throws -> Int { 0 }  // every child was waited for in runOne
}
