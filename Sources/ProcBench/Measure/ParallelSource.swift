import Foundation

/// jobs=N: N measuring processes timing the same scenario at once, to expose
/// the kernel's global locks (namespace creation serialises on several).
/// Each batch is split across them and run concurrently; latencies are
/// pooled, and the rate of all of them together is kept.
/// @unchecked: during a batch each worker is driven by exactly one thread,
/// and the counters are touched only between batches.
final class ParallelSource: OperationSource, @unchecked Sendable {
    private let workers: [MeasuringProcess]
    private var operations = 0
    private var wallNs: Int64 = 0

    init(_ workers: [MeasuringProcess]) throws {
        guard !workers.isEmpty else { throw SourceError("jobs= needs at least one measuring process") }
        self.workers = workers
    }

    var first: MeasuringProcess { workers[0] }
    var footprint: Footprint { workers[0].footprint }

    /// Operations per second of all workers together, over the timing pass.
    var operationsPerSecond: Double? {
        wallNs > 0 ? Double(operations) / (Double(wallNs) / 1e9) : nil
    }

    func run(_ count: Int, probeStart: Bool) throws -> Batch {
        // Exactly `count` operations, spread as evenly as they go; each
        // worker on a thread of its own, however many CPUs there are, so
        // all of them really contend at once.
        let shares = workers.indices.map { count / workers.count + ($0 < count % workers.count ? 1 : 0) }
        let results = Results(workers.count)
        let done = DispatchGroup()
        let started = monotonicNanoseconds()
        for index in workers.indices where shares[index] > 0 {
            done.enter()
            Thread.detachNewThread { [self] in
                results.set(index, Result { try workers[index].run(shares[index], probeStart: probeStart) })
                done.leave()
            }
        }
        done.wait()
        let elapsed = monotonicNanoseconds() - started
        var batch = Batch(samples: [])
        for result in results.all {
            let part = try result.get()
            batch.samples += part.samples
            if batch.failure == nil { batch.failure = part.failure }
        }
        if !probeStart {
            operations += batch.samples.count
            wallNs += elapsed
        }
        return batch
    }

    /// Counters run in the first worker alone, while the others idle.
    func count(_ count: Int, events: [PerfEvent]) throws -> CountingResult {
        try workers[0].count(count, events: events)
    }

    func finish() throws -> Int {
        var leftover = 0
        for worker in workers { leftover += try worker.finish() }
        return leftover
    }

    func abandon() { workers.forEach { $0.abandon() } }
}

/// Results written by concurrent workers, each into its own slot.
private final class Results: @unchecked Sendable {
    private var slots: [Result<Batch, Error>?]
    private let lock = NSLock()

    init(_ count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ result: Result<Batch, Error>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }

    var all: [Result<Batch, Error>] { slots.compactMap { $0 } }
}
