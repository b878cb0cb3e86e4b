import Foundation

/// The C measuring process (Sources/CProcBench/programs/measure.c) for one
/// scenario: started with the scenario's arguments, it sets up the parent's
/// state, reports its footprint, then times batches of operations on request.
public final class MeasuringProcess: OperationSource {
    public let footprint: Footprint
    /// The last start pass's namespace report: entry → (ours, the child's).
    private(set) var namespaceInodes: [String: (ours: UInt64, child: UInt64)] = [:]
    /// The container's step end times, one dictionary per operation of the
    /// start pass (ns after the create call began).
    private(set) var stepTimes: [[String: Int64]] = []
    private let process = Process()
    private let commands: FileHandle
    private let replyHandle: FileHandle  // owns the descriptor `replies` reads
    private let replies: LineReader

    /// Arguments in the measuring process's key=value protocol.
    static func arguments(path code: UInt32, flags: CloneFlags, exec: String?, execReportsStart: Bool,
                          cpu: Int?, parent: ParentState, events: [PerfEvent],
                          commandArguments: [String] = [], isolation: [String] = []) -> [String] {
        var arguments = ["path=\(code)", "flags=0x\(String(flags.rawValue, radix: 16))"]
        if let exec { arguments.append("exec=\(exec)") }
        if execReportsStart { arguments.append("exec-start=1") }
        if let cpu { arguments.append("cpu=\(cpu)") }
        return arguments + parent.arguments + events.map(\.argument)
            + (commandArguments.map { "arg=\($0)" }) + isolation
    }

    /// Starts the program and waits for its footprint. Throws
    /// OperationFailure when its set-up failed, SourceError when it broke.
    public init(program: String, arguments: [String]) throws {
        signal(SIGPIPE, SIG_IGN)  // a dead measuring process must be an error, not our death
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        commands = input.fileHandleForWriting
        replyHandle = output.fileHandleForReading
        replies = LineReader(fd: replyHandle.fileDescriptor)
        guard let first = try replies.next() else {
            process.waitUntilExit()
            throw SourceError("the measuring process exited (status \(process.terminationStatus)) before it was ready")
        }
        let words = first.split(separator: " ")
        if words.first == "error" { throw Self.failure(words) }
        guard words.first == "ready" else { throw SourceError("unexpected first reply: \(first)") }
        var values: [Substring: Int] = [:]
        for word in words.dropFirst() {
            let pair = word.split(separator: "=")
            if pair.count == 2, let value = Int(pair[1]) { values[pair[0]] = value }
        }
        guard let rss = values["rss_kib"], let maps = values["maps"], let pte = values["pte_kib"],
              let fds = values["fds"], let threads = values["threads"], let huge = values["anon_huge_kib"] else {
            throw SourceError("malformed ready line: \(first)")
        }
        footprint = Footprint(rssKiB: rss, maps: maps, pteKiB: pte, fds: fds, threads: threads,
                              anonHugeKiB: huge < 0 ? nil : huge)
    }

    public func run(_ count: Int, probeStart: Bool) throws -> Batch {
        try send("\(probeStart ? "start" : "run") \(count)\n")
        var samples: [Sample] = []
        samples.reserveCapacity(count)
        var lastStepIndex = -1
        while let line = try replies.next() {
            if line.hasPrefix("s ") {
                samples.append(try Self.sample(line))
            } else if line.hasPrefix("v ") {
                let fields = line.split(separator: " ")
                guard fields.count == 4, let ours = UInt64(fields[2]), let child = UInt64(fields[3]) else {
                    throw SourceError("malformed namespace line: \(line)")
                }
                namespaceInodes[String(fields[1])] = (ours, child)
            } else if line.hasPrefix("t ") {
                // t INDEX STEP NAME… NS: the step's name may hold spaces.
                let fields = line.split(separator: " ")
                guard fields.count >= 4, let index = Int(fields[1]), let ns = Int64(fields[fields.count - 1]) else {
                    throw SourceError("malformed step line: \(line)")
                }
                if index != lastStepIndex { stepTimes.append([:]) }
                lastStepIndex = index
                stepTimes[stepTimes.count - 1][fields[2..<(fields.count - 1)].joined(separator: " ")] = ns
            } else if line == "end" {
                return Batch(samples: samples)
            } else if line.hasPrefix("error ") {
                return Batch(samples: samples, failure: Self.failure(line.split(separator: " ")))
            } else {
                throw SourceError("unexpected reply from the measuring process: \(line)")
            }
        }
        throw SourceError("the measuring process ended during a batch\(exitDescription())")
    }

    /// `s LAT START MINFLT MAJFLT NVCSW NIVCSW UTIME_US STIME_US AFTERMATH`, -1 unknown.
    static func sample(_ line: Substring) throws -> Sample {
        let fields = line.split(separator: " ").dropFirst().map { Int64($0) }
        guard fields.count == 9, fields.allSatisfy({ $0 != nil }) else {
            throw SourceError("malformed sample line: \(line)")
        }
        let v = fields.map { $0! }
        let usage = v[2] < 0 ? nil : ChildUsage(minorFaults: v[2], majorFaults: v[3], voluntarySwitches: v[4],
                                                involuntarySwitches: v[5], userMicroseconds: v[6],
                                                systemMicroseconds: v[7])
        return Sample(latencyNs: v[0], startNs: v[1] < 0 ? nil : v[1], usage: usage,
                      aftermathNs: v[8] < 0 ? nil : v[8])
    }

    public func count(_ count: Int, events: [PerfEvent]) throws -> CountingResult {
        try send("count \(count)\n")
        var result = CountingResult(operations: count)
        while let line = try replies.next() {
            let words = line.split(separator: " ")
            switch words.first {
            case "e" where words.count == 3:
                result.errors[Int(words[1]) ?? -1] = Int32(words[2]) ?? 0
            case "c" where words.count == 5:
                guard let index = Int(words[1]), let value = UInt64(words[2]), let enabled = UInt64(words[3]),
                      let running = UInt64(words[4]) else { throw SourceError("malformed count line: \(line)") }
                result.counts[index] = EventCount(value: value, enabledNs: enabled, runningNs: running)
            case "p" where words.count == 3:
                result.parentMinorFaults = Int(words[1]) ?? 0
                result.parentMajorFaults = Int(words[2]) ?? 0
            case "end":
                return result
            case "error":
                result.failure = Self.failure(words)
                return result
            default:
                throw SourceError("unexpected reply to count: \(line)")
            }
        }
        throw SourceError("the measuring process ended during the counting pass\(exitDescription())")
    }

    public func finish() throws -> Int {
        try send("quit\n")
        var last = try replies.next()
        var cleanupError: Int32 = 0
        if let line = last, line.hasPrefix("cleanup ") {
            cleanupError = Int32(line.dropFirst("cleanup ".count)) ?? 0
            last = try replies.next()
        }
        try commands.close()
        process.waitUntilExit()
        guard let last, last.hasPrefix("bye leftover="), let left = Int(last.dropFirst("bye leftover=".count)) else {
            throw SourceError("the measuring process did not close cleanly\(exitDescription())")
        }
        if cleanupError != 0 {
            throw SourceError("the measuring process could not remove what it made (a directory, a cgroup): "
                + "\(String(cString: strerror(cleanupError))) (errno \(cleanupError)); look for /tmp/procbench-* and procbench-* cgroups")
        }
        guard process.terminationReason == .exit && process.terminationStatus == 0 else {
            throw SourceError("the measuring process\(exitDescription())")
        }
        return left
    }

    /// Stops the process without the protocol (after a failure).
    func abandon() {
        // EOF on its commands makes it quit; closing the replies too means a
        // process with output still to write cannot block on a full pipe.
        // Errors closing are moot here: the process is being given up on.
        try? commands.close()
        try? replyHandle.close()
        process.waitUntilExit()
    }

    private func send(_ text: String) throws {
        do {
            try commands.write(contentsOf: Data(text.utf8))
        } catch {
            throw SourceError("cannot write to the measuring process: \(error.localizedDescription)\(exitDescription())")
        }
    }

    private func exitDescription() -> String {
        guard !process.isRunning else { return "" }
        return process.terminationReason == .uncaughtSignal
            ? " (killed by signal \(process.terminationStatus))"
            : " (exit status \(process.terminationStatus))"
    }

    /// `error ERRNO WAIT_STATUS WHAT…`
    private static func failure(_ words: [Substring]) -> OperationFailure {
        OperationFailure(errno: words.count > 1 ? Int32(words[1]) ?? 0 : 0,
                         waitStatus: words.count > 2 ? Int32(words[2]) ?? 0 : 0,
                         what: words.dropFirst(3).joined(separator: " "))
    }
}
