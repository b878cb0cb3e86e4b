import Foundation
import Testing
@testable import ProcBench

/// Every test that spawns processes, in one serialized suite: the zombie
/// checks look at all of this process's children, so no two may overlap.
@Suite(.serialized) enum Integration {}

/// Helpers shared by the tests that really spawn processes.
enum Support {
    /// The C programs, built once per test process.
    static let helpers: HelperPrograms = {
        do { return try HelperPrograms.prepare() } catch { fatalError("cannot build the C programs: \(error)") }
    }()

    static func runner(samples: Int = 20) -> ScenarioRunner {
        ScenarioRunner(helpers: helpers, plan: SamplingPlan(fixedCount: samples, warmup: 2, timeBudget: 5))
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "procbench-test-\(getpid())-\(UUID().uuidString)"
        return path
    }

    /// Children of this process that have exited but were not reaped.
    static func zombieChildren() -> [Int32] {
        let me = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After "comm)": state, ppid.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 1 && fields[0] == "Z" && Int32(fields[1]) == me
        }
    }

    /// Reads a CSV written by ProcBench (no quoted newlines in these tests).
    static func csvRows(_ path: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\r\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return lines.dropFirst().map { line in
            var row: [String: String] = [:]
            for (key, value) in zip(header, splitCSVLine(line)) { row[key] = value }
            return row
        }
    }

    static func splitCSVLine(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        var iterator = Array(line).makeIterator()
        while let c = iterator.next() {
            if quoted {
                if c == "\"" {
                    // A doubled quote inside a quoted field is a literal quote.
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; if next == "," { fields.append(current); current = "" } else { current.append(next) } }
                    } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true }
            else if c == "," { fields.append(current); current = "" }
            else { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
