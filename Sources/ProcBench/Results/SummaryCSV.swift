/// summary.csv: one row per scenario. Columns are stable; later additions
/// go at the end so existing readers keep working.
public enum SummaryCSV {
    public static let header = [
        "scenario", "path", "exec", "flags", "parent_mib", "cpu", "n", "min_us", "median_us", "mean_us",
        "p90_us", "p99_us", "max_us", "stddev_us", "mad_us", "ci_low_us", "ci_high_us", "outliers",
        "start_median_us", "parent_rss_kib", "parent_maps", "parent_pte_kib", "status", "note",
    ]

    public static func row(_ result: ScenarioResult) -> [String] {
        let scenario = result.scenario
        let s = result.summary
        return [
            scenario.id, scenario.path.rawValue, scenario.exec.text, scenario.flags.text,
            CSV.number(Double(scenario.parentBytes) / 1_048_576), scenario.cpu.map(String.init) ?? "",
            String(s?.count ?? 0), CSV.number(s?.min), CSV.number(s?.median), CSV.number(s?.mean),
            CSV.number(s?.p90), CSV.number(s?.p99), CSV.number(s?.max), CSV.number(s?.stddev),
            CSV.number(s?.mad), CSV.number(s?.ciLow), CSV.number(s?.ciHigh), s.map { String($0.outliers) } ?? "",
            CSV.number(result.startMedianUs),
            result.footprint.map { String($0.rssKiB) } ?? "", result.footprint.map { String($0.maps) } ?? "",
            result.footprint.map { String($0.pteKiB) } ?? "", result.status.rawValue, result.note,
        ]
    }

    public static func document(_ results: [ScenarioResult]) -> String {
        CSV.document(header: header, rows: results.map(row))
    }
}

/// samples.csv: every timed operation, for plots and for re-analysis. The
/// timing pass's rows (pass "timing") carry no start time; the start pass's
/// rows (pass "start") do, and their latency includes the start probe.
public enum SamplesCSV {
    public static let header = ["scenario", "index", "latency_us", "start_us", "pass"]

    public static func document(_ results: [ScenarioResult]) -> String {
        var text = CSV.line(header)
        for result in results {
            let id = CSV.field(result.scenario.id)
            for (pass, samples) in [("timing", result.samples), ("start", result.startSamples)] {
                for (index, sample) in samples.enumerated() {
                    let start = sample.startNs.map { CSV.number(Double($0) / 1000) } ?? ""
                    text += "\(id),\(index),\(CSV.number(Double(sample.latencyNs) / 1000)),\(start),\(pass)\r\n"
                }
            }
        }
        return text
    }
}
