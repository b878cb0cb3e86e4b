import Foundation

/// A distribution-free confidence interval for the median, from order
/// statistics: the number of samples below the true median is
/// Binomial(n, 1/2), so [x(j), x(n-j+1)] covers it with probability
/// 1 - 2·P(B ≤ j-1). We take the largest j whose coverage is still at least
/// the level asked for (Conover, Practical Nonparametric Statistics, §3.2).
/// It makes no assumption about the latency distribution, which is skewed
/// and often multimodal.
public enum MedianConfidence {
    /// The 1-based rank j of the lower bound, or nil when n is too small for
    /// any interval to reach the level (n < 6 at 95 %).
    static func lowerRank(count n: Int, level: Double = 0.95) -> Int? {
        guard n > 0 else { return nil }
        let tail = (1 - level) / 2
        let logHalfToN = Double(n) * log(0.5)
        let logFactorialN = logFactorial(n)
        var cumulative = 0.0  // P(B <= k)
        var rank: Int? = nil
        for k in 0..<n {
            let logPmf = logFactorialN - logFactorial(k) - logFactorial(n - k) + logHalfToN
            cumulative += exp(logPmf)
            // The interval [x(k+1), x(n-k)] misses the median with
            // probability 2·P(B <= k).
            if cumulative > tail { break }
            rank = k + 1
        }
        return rank
    }

    private static func logFactorial(_ n: Int) -> Double {
        let value: Double = lgamma(Double(n) + 1)
        return value
    }

    /// The interval's bounds, or nil when n is too small.
    public static func interval(sorted values: [Double], level: Double = 0.95) -> (low: Double, high: Double)? {
        guard let j = lowerRank(count: values.count, level: level) else { return nil }
        return (values[j - 1], values[values.count - j])
    }
}
