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
    public var maximumBatch = 16384

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
    public var samples: [Sample]
    public var failure: OperationFailure?
    public var stop: StopReason
}

/// The adaptive loop: warm up, then time batches that grow geometrically,
/// until the CI of the median is tight enough or the budget is spent.
/// Statistics happen between batches, never during one.
public enum Sampler {
    public static func collect(from source: OperationSource, plan: SamplingPlan,
                               clock: () -> Int64 = monotonicNanoseconds,
                               progress: (Int) -> Void = { _ in }) throws -> Sampling {
        if let failure = try warmUp(source, plan: plan, clock: clock) {
            return Sampling(samples: [], failure: failure, stop: .failed)
        }
        var samples: [Sample] = []
        let started = clock()
        let budget = Int64(plan.timeBudget * 1e9)
        var batch = Swift.min(plan.fixedCount ?? 16, plan.maximumBatch)
        while true {
            let result = try source.run(batch)
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

    /// Runs the warm-up; returns the failure if an operation failed.
    private static func warmUp(_ source: OperationSource, plan: SamplingPlan,
                               clock: () -> Int64) throws -> OperationFailure? {
        if let count = plan.warmup {
            return count > 0 ? try source.run(count).failure : nil
        }
        let before = clock()
        if let failure = try source.run(1).failure { return failure }
        let one = Swift.max(clock() - before, 1)
        let more = Int(Swift.min(49, 100_000_000 / one))
        return more > 0 ? try source.run(more).failure : nil
    }

    static func converged(_ samples: [Sample], target: Double) -> Bool {
        let sorted = samples.map { Double($0.latencyNs) }.sorted()
        guard let ci = MedianConfidence.interval(sorted: sorted) else { return false }
        let median = Quantile.median(sorted: sorted)
        return median > 0 && Swift.max(median - ci.low, ci.high - median) <= target * median
    }
}
