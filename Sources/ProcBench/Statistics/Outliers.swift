/// Outliers by the modified z-score, M = 0.6745·(x − median)/MAD, with
/// |M| > 3.5 flagged (Iglewicz & Hoaglin, "How to Detect and Handle
/// Outliers", 1993). Robust where mean and standard deviation are not: one
/// 10 ms preemption among thousands of 80 µs forks does not hide itself.
enum Outliers {
    static let threshold = 3.5

    static func count(_ values: [Double], median: Double, mad: Double) -> Int {
        // With MAD 0 (more than half the samples identical) no score exists.
        guard mad > 0 else { return 0 }
        return values.filter { abs(0.6745 * ($0 - median) / mad) > threshold }.count
    }
}
