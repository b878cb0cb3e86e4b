/// Whether a scenario produced figures.
public enum ScenarioStatus: String, Sendable {
    /// Measured.
    case ok
    /// Cannot run here (kernel, privileges, not supported): the note says why.
    case skipped
    /// Something is wrong (target missing, child crashed): the note says what.
    case failed
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
