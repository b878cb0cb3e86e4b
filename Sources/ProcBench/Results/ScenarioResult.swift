/// Whether a scenario produced figures.
public enum ScenarioStatus: String, Sendable {
    /// Measured.
    case ok
    /// Cannot run here (kernel, privileges, not supported): the note says why.
    case skipped
    /// Something is wrong (target missing, child crashed): the note says what.
    case failed
}

/// One isolation step of the container recipe, over the start pass.
public struct StepTime: Equatable, Sendable {
    public var name: String
    /// Median time from the create call to the step's end, µs.
    public var medianEndUs: Double
    /// Median of the step's own duration (its end minus the previous step's), µs.
    public var medianOwnUs: Double
    public var count: Int

    /// Per-operation end times (ns after create) → steps in the order they
    /// ended, each with its own duration.
    public static func summarize(_ operations: [[String: Int64]]) -> [StepTime] {
        guard let first = operations.first else { return [] }
        let order = first.sorted { $0.value < $1.value }.map(\.key)
        var steps: [StepTime] = []
        for (position, name) in order.enumerated() {
            let ends = operations.compactMap { $0[name] }.map { Double($0) / 1000 }
            let owns = operations.compactMap { op -> Double? in
                guard let end = op[name] else { return nil }
                let previous = position == 0 ? 0 : op[order[position - 1]] ?? 0
                return Double(end - previous) / 1000
            }
            guard !ends.isEmpty else { continue }
            steps.append(StepTime(name: name, medianEndUs: Quantile.median(sorted: ends.sorted()),
                                  medianOwnUs: Quantile.median(sorted: owns.sorted()), count: ends.count))
        }
        return steps
    }
}

/// Everything a run learned about one scenario.
public struct ScenarioResult: Sendable {
    public var scenario: Scenario
    public var status: ScenarioStatus
    public var note: String
    /// The timing pass.
    public var samples: [Sample]
    /// The start pass (see Sampler): their latencies include the probe.
    public var startSamples: [Sample]
    /// Latency statistics in microseconds; nil unless status is ok.
    public var summary: Summary?
    /// Median child-start latency in microseconds, when it could be observed.
    public var startMedianUs: Double?
    public var footprint: Footprint?
    /// The counting pass: perf events and the parent's own faults.
    public var counting: CountingResult?
    /// The container recipe's steps, in the order they ended.
    public var steps: [StepTime] = []
    /// jobs=N: operations per second of all measuring processes together.
    public var opsPerSecond: Double?
    /// Busy CPU time of the whole machine per operation, from before the
    /// warm-up until the machine was idle again: what the kernel defers past
    /// reaping (namespace teardown) is in it; no latency holds that.
    public var systemCPUPerOperationUs: Double?
    /// Whether the machine was idle again within the wait (else the figure
    /// stops at the wait's end and may miss deferred work).
    public var systemSettled = true

    public init(scenario: Scenario, status: ScenarioStatus, note: String, samples: [Sample] = [],
                startSamples: [Sample] = [], footprint: Footprint? = nil) {
        self.scenario = scenario
        self.status = status
        self.note = note
        self.samples = samples
        self.startSamples = startSamples
        self.footprint = footprint
        if status == .ok {
            summary = Summary(samples.map { Double($0.latencyNs) / 1000 })
            let starts = startSamples.compactMap { $0.startNs }.map { Double($0) / 1000 }.sorted()
            startMedianUs = starts.isEmpty ? nil : Quantile.median(sorted: starts)
        }
    }
}
