import Foundation
import Testing
@testable import ProcBench

// The command as a user and a CI job see it: exit statuses, result files,
// and bad input refused before anything is measured or written.
extension Integration {
@Suite struct RunCommandTests {
    @Test func failedScenarioDoesNotStopTheRun() throws {
        let out = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let status = ProcBenchCLI.main(["procbench", "run", "fork", "fork exec=/nonexistent/x", "vfork",
                                        "--samples", "10", "--out", out])
        #expect(status == 1)
        let rows = try Support.csvRows("\(out)/summary.csv")
        #expect(rows.map { $0["scenario"] } == ["fork", "fork exec=/nonexistent/x", "vfork"])
        #expect(rows.map { $0["status"] } == ["ok", "failed", "ok"])
        #expect(rows[0]["n"] == "10" && rows[1]["n"] == "0")
        for column in SummaryCSV.header { #expect(rows[0][column] != nil, "column \(column)") }
        let samples = try Support.csvRows("\(out)/samples.csv")
        #expect(samples.count == 40, "10 timing and 10 start-pass rows for each of the two ok scenarios")
        #expect(Set(samples.compactMap { $0["scenario"] }) == ["fork", "vfork"])
        #expect(samples.filter { $0["pass"] == "timing" }.allSatisfy { $0["start_us"] == "" })
        #expect(samples.filter { $0["pass"] == "start" }.allSatisfy { $0["start_us"] != "" })
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/meta.json")))
        let object = try #require(meta as? [String: Any])
        for key in ["git_commit", "command_line", "started", "ended", "system", "compiler", "sampling"] {
            #expect(object[key] != nil, "meta.json lacks \(key)")
        }
        let system = try #require(object["system"] as? [String: Any])
        for key in ["kernel", "cpu_model", "cores", "transparent_hugepages", "mitigations", "perf_event_paranoid",
                    "virtualization", "glibc", "swift", "root"] {
            #expect(system[key] != nil, "meta.json system lacks \(key)")
        }
        #expect(Support.zombieChildren().isEmpty)
    }

    @Test func overlappingSweepsMeasureEachScenarioOnce() throws {
        let out = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(ProcBenchCLI.main(["procbench", "run", "vfork fds=0,10", "vfork threads=0,1", "--samples", "5",
                                   "--out", out]) == 0)
        let rows = try Support.csvRows("\(out)/summary.csv")
        #expect(rows.map { $0["scenario"] } == ["vfork", "vfork fds=10", "vfork threads=1"])
        // Two sweeps, each with two points: both fitted, and fit.csv written.
        let fits = try Support.csvRows("\(out)/fit.csv")
        #expect(fits.map { $0["variable"] } == ["fds", "threads"])
    }

    @Test func allOkExitsZero() throws {
        let out = Support.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(ProcBenchCLI.main(["procbench", "run", "pthread", "clone flags=PARENT", "--samples", "5", "--out", out]) == 0)
        let rows = try Support.csvRows("\(out)/summary.csv")
        #expect(rows.map { $0["status"] } == ["ok", "skipped"])
    }

    @Test(arguments: [
        ["run", "forkk"],
        ["run", "fork", "--samples", "0"],
        ["run", "fork", "--time", "soon"],
        ["run", "fork", "--bogus"],
        ["run", "--suite", "/nonexistent/x.suite"],
        ["run", "fork cpu=4096"],
        ["run", "fork parent=1T"],
        ["frobnicate"],
    ])
    func badInputExitsTwoAndWritesNothing(arguments: [String]) throws {
        let out = Support.temporaryDirectory()
        #expect(ProcBenchCLI.main(["procbench"] + arguments + ["--out", out]) == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unwritableOutputExitsTwo() {
        #expect(ProcBenchCLI.main(["procbench", "run", "fork", "--out", "/proc/procbench-cannot-write"]) == 2)
    }

    @Test func helpAndListSucceed() {
        #expect(ProcBenchCLI.main(["procbench", "help", "run"]) == 0)
        #expect(ProcBenchCLI.main(["procbench", "run", "--help"]) == 0)
        #expect(ProcBenchCLI.main(["procbench", "list"]) == 0)
        #expect(ProcBenchCLI.main(["procbench", "help", "nothing"]) == 2)
    }
}
}
