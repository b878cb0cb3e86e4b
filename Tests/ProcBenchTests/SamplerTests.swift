import Testing
@testable import ProcBench

/// Time as the sampler sees it: advanced only by the mock's operations.
final class FakeClock {
    var now: Int64 = 1_000_000_000
}

/// An OperationSource with scripted latencies: operation i (counted from the
/// first ever asked for, warm-up and start pass included) takes latency(i) ns
/// of fake time, or fails if i == failAt. With probeStart the sample also
/// carries a start time (latency/2), as the C measuring process's does.
/// Records every batch it is asked for, split by pass.
final class MockSource: OperationSource {
    let clock: FakeClock
    let latency: (Int) -> Int64
    let failAt: Int?
    static let failure = OperationFailure(errno: 11, what: "fork")

    /// Operations asked for in total.
    private(set) var requested = 0
    /// Batch sizes without probeStart (warm-up and timing pass), in order.
    private(set) var batches: [Int] = []
    /// Batch sizes with probeStart (start pass), in order.
    private(set) var startBatches: [Int] = []
    private var next = 0

    init(clock: FakeClock, failAt: Int? = nil, latency: @escaping (Int) -> Int64) {
        self.clock = clock
        self.failAt = failAt
        self.latency = latency
    }

    var footprint: Footprint { Footprint(rssKiB: 0, maps: 0, pteKiB: 0) }

    func run(_ count: Int, probeStart: Bool) throws -> Batch {
        requested += count
        if probeStart { startBatches.append(count) } else { batches.append(count) }
        var samples: [Sample] = []
        for _ in 0..<count {
            let index = next
            next += 1
            if index == failAt { return Batch(samples: samples, failure: Self.failure) }
            let ns = latency(index)
            clock.now += ns
            samples.append(Sample(latencyNs: ns, startNs: probeStart ? ns / 2 : nil))
        }
        return Batch(samples: samples)
    }

    // The sampler never counts; ScenarioRunner runs the counting pass.
    func count(_ count: Int, events: [PerfEvent]) throws -> CountingResult {
        CountingResult(operations: count)
    }

    func finish() throws -> Int { 0 }
}

// The adaptive sampler decides how long every scenario runs and why it
// stopped; driven by a mock source and a fake clock it is deterministic, so
// each batch can be predicted by hand. After the timing pass comes the start
// pass (probeStart): min(timed count, maximumStartCount) operations, and in
// adaptive mode also at most max(10, startPassShare·budget / time per op).
@Suite struct SamplerTests {
    // --samples N: exactly N samples, after plan.warmup operations that are
    // not among them; then a start pass of min(N, 1000) = N.
    @Test func fixedCountAfterWarmup() throws {
        let clock = FakeClock()
        // Operation i takes i + 1 ns, so a sample tells which operation it was.
        let source = MockSource(clock: clock) { Int64($0 + 1) }
        let plan = SamplingPlan(fixedCount: 100, warmup: 7)
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now })
        #expect(sampling.stop == .fixed)
        #expect(sampling.failure == nil)
        #expect(sampling.samples.count == 100)
        #expect(source.batches == [7, 100])
        // Operations 0…6 warmed up; 7…106 (8…107 ns) were timed.
        #expect(sampling.samples.map(\.latencyNs) == Array(8...107))
        #expect(sampling.samples.allSatisfy { $0.startNs == nil })
        // Start pass: operations 107…206 (108…207 ns), each with its start.
        #expect(source.startBatches == [100])
        #expect(sampling.startSamples.map(\.latencyNs) == Array(108...207))
        #expect(sampling.startSamples.allSatisfy { $0.startNs == $0.latencyNs / 2 })
        #expect(source.requested == 7 + 100 + 100)
    }

    // --warmup 0 runs no warm-up at all; a fixed count larger than a batch
    // is split into batches of at most maximumBatch, in both passes.
    @Test func fixedCountSplitsIntoBatches() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock) { _ in 500 }
        var plan = SamplingPlan(fixedCount: 100, warmup: 0)
        plan.maximumBatch = 30
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now })
        #expect(sampling.stop == .fixed)
        #expect(sampling.samples.count == 100)
        #expect(sampling.startSamples.count == 100)
        #expect(source.batches == [30, 30, 30, 10])
        #expect(source.startBatches == [30, 30, 30, 10])
    }

    // The start pass stops at maximumStartCount even when more were timed.
    @Test func startPassIsCappedByMaximumStartCount() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock) { _ in 500 }
        let plan = SamplingPlan(fixedCount: 3000, warmup: 0)
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now })
        #expect(sampling.samples.count == 3000)
        // maximumBatch 2048: 2048 + 952 timed; then min(3000, 1000) = 1000 with starts.
        #expect(source.batches == [2048, 952])
        #expect(source.startBatches == [1000])
        #expect(sampling.startSamples.count == plan.maximumStartCount)
    }

    // Constant 1000 ns: the CI is [1000, 1000] as soon as it exists, so the
    // sampler stops at the first batch that reaches minimumCount (50).
    // Default warm-up: 1 op (1000 ns), then min(49, 1e8/1000) = 49 more.
    // Timed batches double the count: 16, 16, 32 → 64 ≥ 50 → converged.
    // Start pass: min(64, 1000, max(10, 0.2·3e9/1000 = 600000)) = 64.
    @Test func constantLatencyConverges() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock) { _ in 1000 }
        let plan = SamplingPlan()
        var progress: [Int] = []
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now },
                                           progress: { progress.append($0) })
        #expect(sampling.stop == .converged)
        #expect(sampling.samples.count == 64)
        #expect(sampling.samples.count >= plan.minimumCount)
        #expect(sampling.samples.count <= 2 * plan.minimumCount)
        #expect(source.batches == [1, 49, 16, 16, 32])
        #expect(source.startBatches == [64])
        #expect(source.requested == 50 + 64 + 64)
        // Progress reports the timing pass only.
        #expect(progress == [16, 32, 64])
    }

    // The start pass gets at least 10 operations even with no time share.
    @Test func startPassFloorIsTen() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock) { _ in 1000 }
        var plan = SamplingPlan()
        plan.startPassShare = 0
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now })
        #expect(sampling.samples.count == 64)
        #expect(source.startBatches == [10])
        #expect(sampling.startSamples.count == 10)
    }

    // Latencies alternating 1 and 1000 ns: the CI is always [1, 1000], so it
    // never converges and the budget (100 µs of fake time) ends it.
    // Warm-up: op 0 (1 ns) then min(49, 1e8/1) = 49 more; timing starts at
    // op 50 (1 ns), each pair costing 1001 ns. Batches by hand, with
    // perOp = elapsed/count and affordable = (100000 − elapsed)/perOp:
    //   16 →  16 samples,  8008 ns; perOp 500, affordable 183 → min(16, 183) = 16
    //   16 →  32,         16016;    perOp 500, affordable 167 → 32
    //   32 →  64,         32032;    perOp 500, affordable 135 → 64
    //   64 → 128,         64064;    perOp 500, affordable 71  → 71
    //   71 → 199 (36×1 + 35×1000 = 35036), 99100; perOp 497, affordable 1 → 1
    //    1 → 200 (op 249: 1000 ns), 100100 ≥ 100000 → budget.
    // Start pass: perOp 100100/200 = 500.5, affordable Int(0.2·1e5/500.5) = 39,
    // so min(200, 1000, max(10, 39)) = 39: ops 250…288, 20×1 + 19×1000 = 19020 ns.
    @Test func alternatingLatencyStopsAtBudget() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock) { $0 % 2 == 0 ? 1 : 1000 }
        let plan = SamplingPlan(timeBudget: 0.0001)
        var started: Int64 = 0
        let sampling = try Sampler.collect(from: source, plan: plan, clock: {
            // The sampler's first reading after the warm-up is its start.
            if source.batches.count == 2 && started == 0 { started = clock.now }
            return clock.now
        })
        #expect(sampling.stop == .budget)
        #expect(sampling.failure == nil)
        #expect(source.batches == [1, 49, 16, 16, 32, 64, 71, 1])
        #expect(sampling.samples.count == 200)
        // Fake time advances only by latencies: the timing pass took 100100 ns.
        #expect(sampling.samples.map(\.latencyNs).reduce(0, +) == 100_100)
        #expect(sampling.samples.filter { $0.latencyNs == 1 }.count == 100)
        #expect(Sampler.converged(sampling.samples, target: plan.targetRelativeCI) == false)
        #expect(source.startBatches == [39])
        #expect(sampling.startSamples.map(\.latencyNs).reduce(0, +) == 19_020)
        #expect(clock.now - started == 100_100 + 19_020)
    }

    // A failed operation in a timed batch stops sampling with .failed and
    // keeps the samples that came before it, with no start pass; adaptive mode…
    @Test func failureInBatchKeepsEarlierSamples() throws {
        let clock = FakeClock()
        // Warm-up ops 0…49, then batches of 16 and 16: op 70 is the 5th of the second.
        let source = MockSource(clock: clock, failAt: 70) { _ in 1000 }
        let sampling = try Sampler.collect(from: source, plan: SamplingPlan(), clock: { clock.now })
        #expect(sampling.stop == .failed)
        #expect(sampling.failure == MockSource.failure)
        #expect(sampling.samples.count == 20)
        #expect(source.batches == [1, 49, 16, 16])
        #expect(source.startBatches.isEmpty)
        #expect(sampling.startSamples.isEmpty)
    }

    // …and fixed mode.
    @Test func failureInFixedModeKeepsEarlierSamples() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock, failAt: 12) { Int64($0) }
        let plan = SamplingPlan(fixedCount: 50, warmup: 2)
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now })
        #expect(sampling.stop == .failed)
        #expect(sampling.failure == MockSource.failure)
        // Ops 2…11 were timed before op 12 failed.
        #expect(sampling.samples.map(\.latencyNs) == Array(2...11))
        #expect(source.batches == [2, 50])
        #expect(source.startBatches.isEmpty)
    }

    // A failure in the start pass: .failed, the whole timing pass kept, and
    // the start samples before the failure.
    @Test func failureInStartPass() throws {
        let clock = FakeClock()
        // As constantLatencyConverges: ops 0…113 warm up and time; the start
        // pass begins at op 114, so op 124 is its 11th.
        let source = MockSource(clock: clock, failAt: 124) { _ in 1000 }
        let sampling = try Sampler.collect(from: source, plan: SamplingPlan(), clock: { clock.now })
        #expect(sampling.stop == .failed)
        #expect(sampling.failure == MockSource.failure)
        #expect(sampling.samples.count == 64)
        #expect(sampling.startSamples.count == 10)
        #expect(source.startBatches == [64])
    }

    // A failure during the warm-up: no samples, stop .failed, nothing timed.
    @Test func failureInWarmup() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock, failAt: 3) { _ in 1000 }
        let sampling = try Sampler.collect(from: source, plan: SamplingPlan(), clock: { clock.now })
        #expect(sampling.stop == .failed)
        #expect(sampling.failure == MockSource.failure)
        #expect(sampling.samples.isEmpty)
        #expect(sampling.startSamples.isEmpty)
        #expect(source.batches == [1, 49])
        #expect(source.startBatches.isEmpty)
    }

    // Timed and start batches never exceed maximumBatch: with 8, the
    // constant case takes 7 batches of 8 to pass 50 samples (56), converges,
    // then runs a start pass of 56 in 7 batches of 8.
    @Test func batchesRespectMaximumBatch() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock) { _ in 1000 }
        var plan = SamplingPlan()
        plan.maximumBatch = 8
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now })
        #expect(sampling.stop == .converged)
        #expect(sampling.samples.count == 56)
        #expect(source.batches == [1, 49] + Array(repeating: 8, count: 7))
        #expect(source.startBatches == Array(repeating: 8, count: 7))
        #expect(source.batches.dropFirst(2).allSatisfy { $0 <= plan.maximumBatch })
        #expect(source.startBatches.allSatisfy { $0 <= plan.maximumBatch })
    }

    // The warm-up is batched too: the C measuring process rejects "run N"
    // with N > MAX_BATCH (2048), so `--warmup 3000` must be split.
    @Test func warmupRespectsMaximumBatch() throws {
        let clock = FakeClock()
        let source = MockSource(clock: clock) { _ in 1000 }
        var plan = SamplingPlan(fixedCount: 10, warmup: 40)
        plan.maximumBatch = 16
        let sampling = try Sampler.collect(from: source, plan: plan, clock: { clock.now })
        #expect(sampling.samples.count == 10)
        #expect(source.requested == 40 + 10 + 10)
        #expect(source.batches == [16, 16, 8, 10], "batches: \(source.batches)")
        #expect(source.startBatches == [10])
    }
}
