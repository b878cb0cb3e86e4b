import CProcBench
import Foundation

/// `procbench run`'s input, parsed and checked: everything that can be wrong
/// with the request is found here, before anything is measured.
struct RunRequest {
    var scenarios: [Scenario]
    var plan: SamplingPlan
    var outputPath: String
    var events = EventSelection()

    static let options: [Arguments.Option] = [
        .init("cpu"), .init("samples"), .init("warmup"), .init("time"), .init("out"),
        .init("suite", repeatable: true), .init("events"),
    ]

    /// Default per-scenario budget: the default suite's 14 scenarios then
    /// stay within a minute on a 2-core machine even when none converges.
    static let defaultTimeBudget = 3.0
    /// parent= sizes must leave this much memory to everything else.
    static let memoryMargin: UInt64 = 1 << 30

    init(_ arguments: Arguments) throws(SpecError) {
        var scenarios: [Scenario] = []
        for spec in arguments.positionals { scenarios += try SpecParser.parse(spec) }
        var suites = arguments.all("suite")
        if suites.isEmpty && scenarios.isEmpty { suites = [Self.defaultSuite()] }
        for suite in suites { scenarios += try SuiteFile.load(suite) }
        if let cpu = try arguments.integer("cpu", minimum: 0) {
            // jobs=N runs stay unpinned: N workers on one CPU would measure
            // time sharing, not the kernel's locks.
            for index in scenarios.indices where scenarios[index].cpu == nil && scenarios[index].jobs == 1 {
                scenarios[index].cpu = cpu
            }
        }
        // Sweeps overlap ('fork parent=0,1G' and 'fork fds=0,1000' both hold
        // plain 'fork'): each scenario is measured once, where it first appears.
        var seen = Set<String>()
        scenarios = scenarios.filter { seen.insert($0.id).inserted }
        try Self.check(scenarios)
        self.scenarios = scenarios
        plan = SamplingPlan(fixedCount: try arguments.integer("samples", minimum: 1),
                            warmup: try arguments.integer("warmup", minimum: 0),
                            timeBudget: try arguments.seconds("time") ?? Self.defaultTimeBudget)
        outputPath = arguments.last("out") ?? ResultDirectory.defaultPath()
        if let names = arguments.last("events") { events = try EventSelection.parse(names) }
    }

    /// Benchmarks/default.suite, from the working directory or the checkout.
    static func defaultSuite() -> String {
        let local = "Benchmarks/default.suite"
        return FileManager.default.fileExists(atPath: local) ? local : "\(HelperPrograms.packageRoot)/\(local)"
    }

    static func check(_ scenarios: [Scenario]) throws(SpecError) {
        for scenario in scenarios {
            if let cpu = scenario.cpu, pb_cpu_allowed(cpu) == 0 {
                throw SpecError("CPU \(cpu) is not available to this process (\(scenario.id))")
            }
        }
        let largest = scenarios.map { $0.parent.privateBytes + $0.parent.sharedBytes }.max() ?? 0
        if largest > 0 {
            let available = Self.memAvailable()
            guard let available, largest + memoryMargin <= available else {
                let have = available.map { ByteSize.text($0 / (1 << 20) * (1 << 20)) } ?? "unknown"
                throw SpecError("parent= and shared= of \(ByteSize.text(largest)) need more memory than MemAvailable (\(have)) less a 1G margin")
            }
        }
    }

    static func memAvailable() -> UInt64? {
        guard let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("MemAvailable:") {
            let kib = line.split(separator: " ").dropFirst().first.flatMap { UInt64($0) }
            return kib.map { $0 * 1024 }
        }
        return nil
    }
}
