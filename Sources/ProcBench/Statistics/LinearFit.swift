import Foundation

/// Ordinary least squares, y = a + b·x, with R² and the 95 % confidence
/// interval of the slope from Student's t with n − 2 degrees of freedom.
public struct LinearFit: Equatable, Sendable {
    public let count: Int
    public let intercept: Double
    public let slope: Double
    /// 1 − SSE/SST; 1 when every point lies on the line.
    public let rSquared: Double
    /// nil below three points: no degrees of freedom left for an error.
    public let slopeCI: (low: Double, high: Double)?

    public static func == (lhs: LinearFit, rhs: LinearFit) -> Bool {
        lhs.count == rhs.count && lhs.intercept == rhs.intercept && lhs.slope == rhs.slope
            && lhs.rSquared == rhs.rSquared && lhs.slopeCI?.low == rhs.slopeCI?.low
            && lhs.slopeCI?.high == rhs.slopeCI?.high
    }

    /// nil unless there are two points with different x.
    public init?(x: [Double], y: [Double]) {
        precondition(x.count == y.count)
        let n = Double(x.count)
        guard x.count >= 2 else { return nil }
        let meanX = x.reduce(0, +) / n, meanY = y.reduce(0, +) / n
        let sxx = x.reduce(0) { $0 + ($1 - meanX) * ($1 - meanX) }
        guard sxx > 0 else { return nil }
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - meanX) * ($1.1 - meanY) }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        let sse = zip(x, y).reduce(0) { $0 + pow($1.1 - (intercept + slope * $1.0), 2) }
        let sst = y.reduce(0) { $0 + ($1 - meanY) * ($1 - meanY) }
        count = x.count
        self.slope = slope
        self.intercept = intercept
        rSquared = sst > 0 ? 1 - sse / sst : 1
        if x.count >= 3 {
            let standardError = (sse / (n - 2) / sxx).squareRoot()
            let t = StudentT.quantile975(degreesOfFreedom: x.count - 2)
            slopeCI = (slope - t * standardError, slope + t * standardError)
        } else {
            slopeCI = nil
        }
    }
}

/// The 97.5 % quantile of Student's t: the factor of a two-sided 95 % CI.
enum StudentT {
    /// Tabulated for 1…30 degrees of freedom (any statistics table).
    static let table: [Double] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ]

    static func quantile975(degreesOfFreedom df: Int) -> Double {
        if df >= 1 && df <= table.count { return table[df - 1] }
        // Beyond the table: the Cornish–Fisher expansion around z = 1.95996,
        // within 0.001 of the exact value from 30 degrees of freedom on.
        let z = 1.959964, v = Double(df)
        return z + (pow(z, 3) + z) / (4 * v) + (5 * pow(z, 5) + 16 * pow(z, 3) + 3 * z) / (96 * v * v)
    }
}
