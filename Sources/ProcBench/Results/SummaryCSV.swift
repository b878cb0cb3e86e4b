/// summary.csv: one row per scenario. Columns are stable; later additions
/// go at the end so existing readers keep working. The run's perf events
/// come last, one column each under the name the user gave, with a
/// `NAME:multiplex` column filled where the PMU multiplexed it.
public enum SummaryCSV {
    static let baseHeader = [
        "scenario", "path", "exec", "flags", "parent_mib", "cpu", "n", "min_us", "median_us", "mean_us",
        "p90_us", "p99_us", "max_us", "stddev_us", "mad_us", "ci_low_us", "ci_high_us", "outliers",
        "start_median_us", "parent_rss_kib", "parent_maps", "parent_pte_kib", "status", "note",
    ]
    /// The child's rusage per operation (wait4, timing pass), the
    /// measuring process's own faults per operation (counting pass), the
    /// aftermath, and how many operations the counting pass ran.
    static let usageHeader = ChildUsage.fieldNames.flatMap { ["\($0)_median", "\($0)_mean"] }
        + ["parent_minflt_per_op", "parent_majflt_per_op", "aftermath_median_us", "counted_ops"]
        + ["thp", "madvise", "layout", "shared_mib", "fds", "threads", "aftermath",
           "parent_fds", "parent_threads", "parent_anon_huge_kib", "jobs", "ops_per_s",
           "system_cpu_us_per_op", "system_settled"]

    public static let header = baseHeader + usageHeader

    public static func header(events: [PerfEvent]) -> [String] {
        header + events.flatMap { [$0.name, "\($0.name):multiplex"] }
    }

    public static func row(_ result: ScenarioResult, events: [PerfEvent] = []) -> [String] {
        let scenario = result.scenario
        let s = result.summary
        let footprint = result.footprint
        var base = [scenario.id, scenario.path.rawValue, scenario.exec.text, scenario.flags.text]
        base += [CSV.number(Double(scenario.parentBytes) / 1_048_576), scenario.cpu.map(String.init) ?? ""]
        base += [String(s?.count ?? 0), CSV.number(s?.min), CSV.number(s?.median), CSV.number(s?.mean)]
        base += [CSV.number(s?.p90), CSV.number(s?.p99), CSV.number(s?.max), CSV.number(s?.stddev)]
        base += [CSV.number(s?.mad), CSV.number(s?.ciLow), CSV.number(s?.ciHigh)]
        base += [s.map { String($0.outliers) } ?? "", CSV.number(result.startMedianUs)]
        base += [footprint.map { String($0.rssKiB) } ?? "", footprint.map { String($0.maps) } ?? ""]
        base += [footprint.map { String($0.pteKiB) } ?? "", result.status.rawValue, result.note]
        return base + usage(result) + eventCells(result, events: events)
    }

    static func usage(_ result: ScenarioResult) -> [String] {
        let ok = result.status == .ok
        let usages = ok ? result.samples.compactMap(\.usage) : []
        var cells: [String] = []
        for index in ChildUsage.fieldNames.indices {
            let values = usages.map { Double($0.values[index]) }.sorted()
            cells.append(values.isEmpty ? "" : CSV.number(Quantile.median(sorted: values)))
            cells.append(values.isEmpty ? "" : CSV.number(values.reduce(0, +) / Double(values.count)))
        }
        let counting = ok ? result.counting : nil
        let operations = Double(counting?.operations ?? 0)
        cells.append(counting.map { CSV.number(Double($0.parentMinorFaults) / operations) } ?? "")
        cells.append(counting.map { CSV.number(Double($0.parentMajorFaults) / operations) } ?? "")
        let aftermath = result.samples.compactMap(\.aftermathNs).map { Double($0) / 1000 }.sorted()
        cells.append(ok && !aftermath.isEmpty ? CSV.number(Quantile.median(sorted: aftermath)) : "")
        cells.append(counting.map { String($0.operations) } ?? "")
        let parent = result.scenario.parent
        cells += [parent.hugePages.rawValue, parent.advice.rawValue, parent.layout.rawValue,
                  CSV.number(Double(parent.sharedBytes) / 1_048_576), String(parent.fds), String(parent.threads),
                  parent.aftermath.rawValue]
        let footprint = result.footprint
        cells += [footprint.map { String($0.fds) } ?? "", footprint.map { String($0.threads) } ?? "",
                  footprint?.anonHugeKiB.map(String.init) ?? ""]
        cells += [String(result.scenario.jobs), ok ? CSV.number(result.opsPerSecond) : ""]
        cells += [ok ? CSV.number(result.systemCPUPerOperationUs) : "",
                  ok && result.systemCPUPerOperationUs != nil ? (result.systemSettled ? "yes" : "no") : ""]
        return cells
    }

    static func eventCells(_ result: ScenarioResult, events: [PerfEvent]) -> [String] {
        events.indices.flatMap { index -> [String] in
            guard result.status == .ok, let counting = result.counting, let count = counting.counts[index] else {
                return ["", ""]
            }
            let ratio = count.multiplexRatio
            return [CSV.number(count.perOperation(counting.operations)),
                    ratio.map { $0 < 1 ? CSV.number($0) : "" } ?? ""]
        }
    }

    public static func document(_ results: [ScenarioResult], events: [PerfEvent] = []) -> String {
        CSV.document(header: header(events: events), rows: results.map { row($0, events: events) })
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

/// steps.csv: the container recipe's steps, in the order they ended, with
/// their median end time (µs after the create call) and own duration.
public enum StepsCSV {
    public static let header = ["scenario", "step", "n", "median_end_us", "median_step_us"]

    public static func document(_ results: [ScenarioResult]) -> String {
        CSV.document(header: header, rows: results.flatMap { result in
            result.steps.map { step in
                [result.scenario.id, step.name, String(step.count), CSV.number(step.medianEndUs),
                 CSV.number(step.medianOwnUs)]
            }
        })
    }
}
