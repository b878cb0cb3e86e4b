/// How many operations to time, and when to stop.
public struct SamplingPlan: Sendable, Equatable {
    /// `--samples N`: exactly this many, no adaptation.
    public var fixedCount: Int?
    /// `--warmup N`; nil: 1 operation, then up to 49 more within 0.1 s.
    public var warmup: Int?
    /// `--time S`: the scenario's budget for timed operations, in seconds.
    public var timeBudget: Double
    /// Stop once the 95 % CI of the median is within ± this fraction of it.
    public var targetRelativeCI: Double = 0.01
    /// Never judge convergence on fewer samples than this.
    public var minimumCount = 50
    /// The largest batch the measuring process holds in memory at once.
    public var maximumBatch = 2048
    /// The start pass: at most this many operations…
    public var maximumStartCount = 1000
    /// …and about this share of the time budget.
    public var startPassShare = 0.2

    public init(fixedCount: Int? = nil, warmup: Int? = nil, timeBudget: Double = 3) {
        self.fixedCount = fixedCount
        self.warmup = warmup
        self.timeBudget = timeBudget
    }
}

/// Why sampling ended: reported in the results, because a run that hit its
/// time budget has a wider CI than asked for and the reader should know.
public enum StopReason: String, Sendable {
    case converged, budget, fixed, failed
}

public struct Sampling: Sendable {
    /// The timing pass: latencies with nothing added to the child's work.
    public var samples: [Sample]
    /// The start pass: operations whose child recorded when it started.
    public var startSamples: [Sample] = []
    public var failure: OperationFailure?
    public var stop: StopReason
    /// Untimed operations run before the timing pass.
    public var warmupCount = 0

    /// Every operation the sampler ran: warm-up, timing and start passes.
    public var operations: Int { warmupCount + samples.count + startSamples.count }
}

/// The adaptive loop: warm up, then time batches that grow geometrically,
/// until the CI of the median is tight enough or the budget is spent; then a
/// shorter start pass, in which the child records when it started. The two
/// are apart because recording the start is work the child would not
/// otherwise do (measured here: about 4 % of a fork). Statistics happen
/// between batches, never during one.
public enum Sampler {
    public static func collect(from source: OperationSource, plan: SamplingPlan,
                               clock: () -> Int64 = monotonicNanoseconds,
                               progress: (Int) -> Void = { _ in }) throws -> Sampling {
        let warmup = try warmUp(source, plan: plan, clock: clock)
        if let failure = warmup.failure {
            return Sampling(samples: [], failure: failure, stop: .failed)
        }
        let started = clock()
        var sampling = try timingPass(source, plan: plan, clock: clock, progress: progress)
        sampling.warmupCount = warmup.count
        guard sampling.failure == nil, !sampling.samples.isEmpty else { return sampling }
        let perOperation = Double(clock() - started) / Double(sampling.samples.count)
        var wanted = Swift.min(sampling.samples.count, plan.maximumStartCount)
        if plan.fixedCount == nil {
            let affordable = Int(plan.startPassShare * plan.timeBudget * 1e9 / Swift.max(perOperation, 1))
            wanted = Swift.min(wanted, Swift.max(10, affordable))
        }
        while sampling.startSamples.count < wanted {
            let batch = try source.run(Swift.min(wanted - sampling.startSamples.count, plan.maximumBatch),
                                       probeStart: true)
            sampling.startSamples += batch.samples
            if let failure = batch.failure {
                sampling.failure = failure
                sampling.stop = .failed
                break
            }
        }
        return sampling
    }

    private static func timingPass(_ source: OperationSource, plan: SamplingPlan, clock: () -> Int64,
                                   progress: (Int) -> Void) throws -> Sampling {
        var samples: [Sample] = []
        let started = clock()
        let budget = Int64(plan.timeBudget * 1e9)
        var batch = Swift.min(plan.fixedCount ?? 16, plan.maximumBatch)
        while true {
            let result = try source.run(batch, probeStart: false)
            samples += result.samples
            progress(samples.count)
            if let failure = result.failure {
                return Sampling(samples: samples, failure: failure, stop: .failed)
            }
            if let fixed = plan.fixedCount {
                if samples.count >= fixed { return Sampling(samples: samples, stop: .fixed) }
                batch = Swift.min(fixed - samples.count, plan.maximumBatch)
                continue
            }
            if samples.count >= plan.minimumCount && converged(samples, target: plan.targetRelativeCI) {
                return Sampling(samples: samples, stop: .converged)
            }
            let elapsed = clock() - started
            if elapsed >= budget { return Sampling(samples: samples, stop: .budget) }
            // Double the sample count, but do not run past the budget.
            let perOperation = Swift.max(elapsed / Int64(samples.count), 1)
            let affordable = Int((budget - elapsed) / perOperation)
            batch = Swift.max(1, Swift.min(samples.count, affordable, plan.maximumBatch))
        }
    }

    /// Runs the warm-up; returns how many operations ran and the failure,
    /// if one failed.
    private static func warmUp(_ source: OperationSource, plan: SamplingPlan,
                               clock: () -> Int64) throws -> (count: Int, failure: OperationFailure?) {
        if var remaining = plan.warmup {
            var count = 0
            while remaining > 0 {
                let batch = try source.run(Swift.min(remaining, plan.maximumBatch), probeStart: false)
                count += batch.samples.count
                if let failure = batch.failure { return (count, failure) }
                remaining -= Swift.min(remaining, plan.maximumBatch)
            }
            return (count, nil)
        }
        let before = clock()
        let first = try source.run(1, probeStart: false)
        if let failure = first.failure { return (first.samples.count, failure) }
        let one = Swift.max(clock() - before, 1)
        let more = Int(Swift.min(49, 100_000_000 / one))
        guard more > 0 else { return (1, nil) }
        let rest = try source.run(more, probeStart: false)
        return (1 + rest.samples.count, rest.failure)
    }

    static func converged(_ samples: [Sample], target: Double) -> Bool {
        let sorted = samples.map { Double($0.latencyNs) }.sorted()
        guard let ci = MedianConfidence.interval(sorted: sorted) else { return false }
        let median = Quantile.median(sorted: sorted)
        return median > 0 && Swift.max(median - ci.low, ci.high - median) <= target * median
    }
}
