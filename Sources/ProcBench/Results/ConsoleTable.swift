import Foundation

/// The readable table on stdout, one row printed as each scenario finishes.
public struct ConsoleTable {
    let scenarioWidth: Int

    public init(scenarios: [Scenario]) {
        scenarioWidth = max(8, scenarios.map(\.id.count).max() ?? 8)
    }

    public var header: String {
        pad("scenario", scenarioWidth) + "  " + [
            rpad("n", 7), rpad("median µs", 11), rpad("CI ±%", 7), rpad("p99 µs", 10),
            rpad("start µs", 9), rpad("parent KiB/maps", 15), " status",
        ].joined(separator: " ")
    }

    public func row(_ result: ScenarioResult) -> String {
        let s = result.summary
        let parent = result.footprint.map { "\($0.rssKiB)/\($0.maps)" } ?? "-"
        var status = result.status.rawValue
        if result.status != .ok { status += ": " + result.note }
        return pad(result.scenario.id, scenarioWidth) + "  " + [
            rpad(s.map { String($0.count) } ?? "0", 7),
            rpad(number(s?.median, "%.2f"), 11),
            rpad(number(s.map { $0.relativeCIHalfWidth * 100 }, "%.2f"), 7),
            rpad(number(s?.p99, "%.2f"), 10),
            rpad(number(result.startMedianUs, "%.2f"), 9),
            rpad(parent, 15), " " + status,
        ].joined(separator: " ")
    }

    private func number(_ value: Double?, _ format: String) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: format, value)
    }

    private func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    private func rpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
