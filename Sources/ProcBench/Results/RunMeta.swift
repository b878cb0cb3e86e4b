import Foundation

/// meta.json: what was run, how, where and when.
public struct RunMeta: Codable, Sendable {
    public static let version = "0.1.0"

    public var procbenchVersion = RunMeta.version
    public var gitCommit: String
    public var commandLine: [String]
    public var started: String
    public var ended: String?
    public var system: SystemFacts
    public var compiler: String
    public var compileFlags: [String]
    /// The measuring process's executable, for running it by hand (perf stat).
    public var measuringProgram: String
    public var sampling: Sampling
    public var events: [EventRecord] = []

    /// Each requested event: what libpfm4 made of it and whether it counts here.
    public struct EventRecord: Codable, Sendable {
        public var name: String
        public var encoding: String
        /// The measuring process's argument for it (to run that process by hand).
        public var argument: String?
        /// Counting excludes the kernel (perf_event_paranoid ≥ 2 without root).
        public var userOnly: Bool
        public var opens: Bool
        public var errno: Int32?
        public var reason: String?
        /// A default event left out because it does not open here.
        public var leftOutOfDefault: Bool
    }

    public mutating func record(_ selection: EventSelection) {
        events = selection.events.map { event in
            let err = selection.unavailable[event.name]
            return EventRecord(name: event.name, encoding: event.canonical, argument: event.argument,
                               userOnly: event.userOnly,
                               opens: err == nil, errno: err,
                               reason: err.map { EventEncoder.advice(errno: $0, userOnly: event.userOnly) },
                               leftOutOfDefault: false)
        }
        events += selection.defaultsLeftOut.sorted { $0.key < $1.key }.map { name, err in
            EventRecord(name: name, encoding: name, argument: nil, userOnly: EventEncoder.mustCountUserOnly, opens: false,
                        errno: err, reason: EventEncoder.advice(errno: err, userOnly: EventEncoder.mustCountUserOnly),
                        leftOutOfDefault: true)
        }
    }

    public struct Sampling: Codable, Sendable {
        public var timeBudgetSeconds: Double
        public var targetCIRelative: Double
        public var fixedSamples: Int?
        public var warmup: Int?
        public var clock = "CLOCK_MONOTONIC"
    }

    public init(commandLine: [String], plan: SamplingPlan, helpers: HelperPrograms, started: Date) {
        gitCommit = Self.gitCommit()
        self.commandLine = commandLine
        self.started = Self.timestamp(started)
        system = SystemFacts.collect()
        compiler = helpers.compiler
        compileFlags = helpers.compileFlags
        measuringProgram = helpers.measure
        sampling = Sampling(timeBudgetSeconds: plan.timeBudget, targetCIRelative: plan.targetRelativeCI,
                            fixedSamples: plan.fixedCount, warmup: plan.warmup)
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    public static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// The checkout's commit, with "-dirty" when it has uncommitted changes.
    static func gitCommit() -> String {
        guard let git = ExternalCommand.which("git"),
              let head = try? ExternalCommand.run(git, ["rev-parse", "HEAD"], in: HelperPrograms.packageRoot),
              head.status == 0
        else { return "unknown (not a git checkout)" }
        // Result files being rewritten by this very run do not make the code dirty.
        let status = try? ExternalCommand.run(git, ["status", "--porcelain", "--untracked-files=no", "--", ".",
                                                    ":(exclude)results"], in: HelperPrograms.packageRoot)
        let dirty = (status?.stdout.isEmpty ?? true) ? "" : "-dirty"
        return head.stdout.trimmed + dirty
    }
}
