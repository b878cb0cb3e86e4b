import Foundation

/// The statistics of one scenario's latencies, in the unit they were given.
public struct Summary: Equatable, Sendable {
    public let count: Int
    public let min: Double
    public let median: Double
    public let mean: Double
    public let p90: Double
    public let p99: Double
    public let max: Double
    /// Sample standard deviation (n − 1); 0 for a single value.
    public let stddev: Double
    /// Median absolute deviation, unscaled.
    public let mad: Double
    /// 95 % confidence interval of the median; nil below 6 samples.
    public let ciLow: Double?
    public let ciHigh: Double?
    public let outliers: Int

    public init?(_ values: [Double]) {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        count = sorted.count
        min = sorted[0]
        max = sorted[sorted.count - 1]
        median = Quantile.median(sorted: sorted)
        p90 = Quantile.of(sorted: sorted, 0.90)
        p99 = Quantile.of(sorted: sorted, 0.99)
        let mean = sorted.reduce(0, +) / Double(count)
        self.mean = mean
        let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        stddev = count > 1 ? (squares / Double(count - 1)).squareRoot() : 0
        let median = self.median
        mad = Quantile.median(sorted: sorted.map { abs($0 - median) }.sorted())
        let ci = MedianConfidence.interval(sorted: sorted)
        ciLow = ci?.low
        ciHigh = ci?.high
        outliers = Outliers.count(sorted, median: median, mad: mad)
    }

    /// The CI's larger half-width relative to the median: the quantity the
    /// adaptive sampler drives below its target. Infinite without a CI.
    public var relativeCIHalfWidth: Double {
        guard let ciLow, let ciHigh, median > 0 else { return .infinity }
        return Swift.max(median - ciLow, ciHigh - median) / median
    }
}
