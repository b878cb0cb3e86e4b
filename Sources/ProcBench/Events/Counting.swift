/// One event's total over the counting pass.
public struct EventCount: Equatable, Sendable {
    public var value: UInt64
    public var enabledNs: UInt64
    public var runningNs: UInt64

    public init(value: UInt64, enabledNs: UInt64, runningNs: UInt64) {
        self.value = value
        self.enabledNs = enabledNs
        self.runningNs = runningNs
    }

    /// running / enabled: below 1 when the PMU multiplexed the event.
    public var multiplexRatio: Double? {
        enabledNs > 0 ? Double(runningNs) / Double(enabledNs) : nil
    }

    /// The count scaled for multiplexing, divided by the operations.
    public func perOperation(_ operations: Int) -> Double? {
        guard operations > 0, let ratio = multiplexRatio, ratio > 0 else { return nil }
        return Double(value) / ratio / Double(operations)
    }
}

/// What the counting pass learned.
public struct CountingResult: Sendable {
    public var operations: Int
    /// By event index: the count, or the errno it failed to open with.
    public var counts: [Int: EventCount] = [:]
    public var errors: [Int: Int32] = [:]
    /// The measuring process's own faults over the pass.
    public var parentMinorFaults: Int = 0
    public var parentMajorFaults: Int = 0
    public var failure: OperationFailure?

    public init(operations: Int) { self.operations = operations }
}
