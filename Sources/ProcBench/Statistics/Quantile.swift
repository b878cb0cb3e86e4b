/// Quantiles of sorted data by linear interpolation between closest ranks
/// (Hyndman & Fan 1996, definition 7: what R, NumPy and spreadsheets use by
/// default, so figures can be checked by hand with familiar tools).
enum Quantile {
    static func of(sorted values: [Double], _ p: Double) -> Double {
        precondition(!values.isEmpty && (0...1).contains(p))
        let position = p * Double(values.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, values.count - 1)
        let fraction = position - Double(lower)
        return values[lower] + (values[upper] - values[lower]) * fraction
    }

    /// The median: the middle value, or the mean of the two middle values.
    static func median(sorted values: [Double]) -> Double {
        of(sorted: values, 0.5)
    }
}
