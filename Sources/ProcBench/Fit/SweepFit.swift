import Foundation

/// The cost model of a sweep: latency = a + b·x for each group of scenarios
/// that differ only in one swept variable, fitted on their medians.
public struct SweepFit: Sendable {
    /// What is swept, the unit b is per, and how to read x from a summary row.
    public struct Variable: Sendable {
        public let word: String
        public let unit: String
        let x: @Sendable ([String: String]) -> Double?
    }

    public static let variables: [Variable] = [
        Variable(word: "parent", unit: "GiB", x: { Double($0["parent_mib"] ?? "").map { $0 / 1024 } }),
        Variable(word: "fds", unit: "1000 fds", x: { Double($0["fds"] ?? "").map { $0 / 1000 } }),
        Variable(word: "threads", unit: "thread", x: { Double($0["threads"] ?? "") }),
    ]

    /// The scenario id without the swept word: the group's name.
    public let group: String
    public let variable: String
    public let unit: String
    public let fit: LinearFit

    /// Fits every group of ok rows with at least two distinct values of a variable.
    public static func fits(_ rows: [[String: String]]) -> [SweepFit] {
        var fits: [SweepFit] = []
        let ok = rows.filter { $0["status"] == "ok" && Double($0["median_us"] ?? "") != nil }
        for variable in variables {
            var groups: [String: [(x: Double, y: Double)]] = [:]
            var order: [String] = []
            for row in ok {
                guard let id = row["scenario"], let x = variable.x(row), let y = Double(row["median_us"]!) else { continue }
                let group = id.split(separator: " ").filter { !$0.hasPrefix("\(variable.word)=") }.joined(separator: " ")
                if groups[group] == nil { order.append(group) }
                groups[group, default: []].append((x, y))
            }
            for group in order {
                let points = groups[group]!
                guard Set(points.map(\.x)).count >= 2,
                      let fit = LinearFit(x: points.map(\.x), y: points.map(\.y)) else { continue }
                fits.append(SweepFit(group: group, variable: variable.word, unit: variable.unit, fit: fit))
            }
        }
        return fits
    }

    public static let header = ["group", "variable", "unit", "points", "a_us", "b_us_per_unit", "b_ci_low",
                                "b_ci_high", "r2"]

    public static func document(_ fits: [SweepFit]) -> String {
        CSV.document(header: header, rows: fits.map { item in
            [item.group, item.variable, item.unit, String(item.fit.count), CSV.number(item.fit.intercept),
             CSV.number(item.fit.slope), CSV.number(item.fit.slopeCI?.low), CSV.number(item.fit.slopeCI?.high),
             String(format: "%.5f", item.fit.rSquared)]
        })
    }

    /// One line for the terminal.
    public var line: String {
        let ci = fit.slopeCI.map { String(format: " [%.1f, %.1f]", $0.low, $0.high) } ?? ""
        return String(format: "%@  %@: a = %.1f µs, b = %.1f µs per %@%@, R² = %.4f (%d points)",
                      group, variable, fit.intercept, fit.slope, unit, ci, fit.rSquared, fit.count)
    }
}
