import Foundation

/// The --out directory. Files are replaced atomically (written to a
/// temporary name, then renamed) after every scenario, so an interrupted run
/// keeps everything that finished.
public struct ResultDirectory: Sendable {
    public let path: String

    /// Creates the directory and proves it writable, before anything runs.
    public init(_ path: String) throws(SpecError) {
        self.path = path
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw SpecError("cannot create output directory \(path): \(error.localizedDescription)")
        }
        let probe = "\(path)/.procbench-write-test-\(getpid())"
        guard FileManager.default.createFile(atPath: probe, contents: Data()) else {
            throw SpecError("output directory \(path) is not writable")
        }
        unlink(probe)
    }

    /// `results/<UTC time>-<host>`.
    public static func defaultPath(now: Date = Date(), host: String = ProcessInfo.processInfo.hostName) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let safeHost = host.map { $0.isLetter || $0.isNumber || $0 == "-" ? $0 : "_" }
        return "results/\(formatter.string(from: now))-\(String(safeHost))"
    }

    public func write(_ name: String, _ text: String) throws {
        let final = "\(path)/\(name)"
        let temporary = "\(path)/.\(name).\(getpid()).tmp"
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw SourceError("cannot write \(temporary): \(error.localizedDescription)")
        }
        guard rename(temporary, final) == 0 else {
            throw SourceError("cannot rename \(temporary) to \(final): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes every result file for the results so far.
    public func save(_ results: [ScenarioResult], meta: RunMeta, events: [PerfEvent] = []) throws {
        try write("summary.csv", SummaryCSV.document(results, events: events))
        try write("samples.csv", SamplesCSV.document(results))
        try write("meta.json", try meta.json())
        if results.contains(where: { !$0.steps.isEmpty }) { try write("steps.csv", StepsCSV.document(results)) }
    }
}
