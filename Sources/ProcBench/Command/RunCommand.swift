import Foundation

/// `procbench run`: measure scenarios, write results after each, print the
/// table. Exit 0 when all ran or were skipped, 1 when any failed.
enum RunCommand {
    static func main(_ words: [String], commandLine: [String]) throws -> Int32 {
        guard let arguments = try Arguments.forCommand(words, "run", options: RunRequest.options, help: Help.run) else {
            return 0
        }
        let request = try RunRequest(arguments)
        let directory = try ResultDirectory(request.outputPath)
        let helpers = try HelperPrograms.prepare()
        var meta = RunMeta(commandLine: commandLine, plan: request.plan, helpers: helpers, started: Date())
        meta.record(request.events)
        for warning in request.events.warnings { ProcBenchCLI.complain("warning: \(warning)") }
        let events = request.events.events
        let runner = ScenarioRunner(helpers: helpers, plan: request.plan, events: events)
        let table = ConsoleTable(scenarios: request.scenarios)
        let progress = Progress(total: request.scenarios.count)

        print(table.header)
        var results: [ScenarioResult] = []
        for (index, scenario) in request.scenarios.enumerated() {
            let result = runner.run(scenario) { count in progress.show(index, scenario.id, count) }
            progress.clear()
            results.append(result)
            print(table.row(result))
            fflush(nil)
            meta.ended = RunMeta.timestamp(Date())
            try directory.save(results, meta: meta, events: events)
        }
        let fits = SweepFit.fits(CSVReader.records(SummaryCSV.document(results, events: events)))
        if !fits.isEmpty { try FitCommand.write(fits, to: directory.path) }
        let failed = results.filter { $0.status == .failed }.count
        let skipped = results.filter { $0.status == .skipped }.count
        FileHandle.standardError.write(Data(
            "procbench: \(results.count - failed - skipped) ok, \(skipped) skipped, \(failed) failed; results in \(directory.path)/\n".utf8))
        return failed > 0 ? 1 : 0
    }
}

/// Progress on stderr, only when stderr is a terminal.
final class Progress {
    private let total: Int
    private let enabled = isatty(STDERR_FILENO) == 1

    init(total: Int) { self.total = total }

    func show(_ index: Int, _ id: String, _ samples: Int) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K[\(index + 1)/\(total)] \(id): \(samples) samples".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
