import Foundation
import Testing
@testable import ProcBench

// Suite files: what `procbench run` measures by default, so comments, sweeps
// and error positions must behave as documented.
@Suite struct SuiteFileTests {
    /// The package's Benchmarks/ directory: this file is
    /// Tests/ProcBenchTests/SuiteFileTests.swift, two levels below the root.
    static let benchmarksDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Benchmarks")

    static var benchmarkSuites: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: benchmarksDirectory.path)) ?? []
        return names.filter { $0.hasSuffix(".suite") }.sorted()
            .map { benchmarksDirectory.appendingPathComponent($0) }
    }

    // Whole-line and trailing comments, blank and indented lines are ignored.
    @Test func commentsAndBlankLines() throws {
        let text = """
            # a whole-line comment

              fork   # trailing comment
            \t
            \tvfork
                # indented comment
            pthread#no space before the comment
            """
        let ids = try SuiteFile.parse(text, file: "x.suite").map(\.id)
        #expect(ids == ["fork", "vfork", "pthread"])
    }

    // Each line expands its sweeps, lines in file order.
    @Test func sweepsExpand() throws {
        let text = """
            clone flags=,VM
            fork exec=none,static cpu=0,1
            """
        let ids = try SuiteFile.parse(text, file: "x.suite").map(\.id)
        #expect(ids == [
            "clone", "clone flags=VM",
            "fork cpu=0", "fork cpu=1", "fork exec=static cpu=0", "fork exec=static cpu=1",
        ])
    }

    // A suite with nothing to run is a mistake, not an empty run.
    @Test func emptySuiteIsAnError() {
        for text in ["", "\n\n", "# only\n  # comments\n\n"] {
            #expect {
                try SuiteFile.parse(text, file: "empty.suite")
            } throws: { error in
                (error as? SpecError)?.message == "empty.suite: no specs in suite"
            }
        }
    }

    // A bad line is reported as FILE:LINE: with the parser's message, counting
    // comment and blank lines.
    @Test func badLineIsLocated() {
        let text = "fork\n# comment\nforkk exec=static\nvfork\n"
        #expect {
            try SuiteFile.parse(text, file: "x.suite")
        } throws: { error in
            guard let message = (error as? SpecError)?.message else { return false }
            return message.hasPrefix("x.suite:3: ") && message.contains("unknown path 'forkk'")
        }
        #expect {
            try SuiteFile.parse("\n\nfork\n\n\nfork speed=2", file: "dir/y.suite")
        } throws: { error in
            (error as? SpecError)?.message.hasPrefix("dir/y.suite:6: unknown option 'speed'") == true
        }
    }

    // A suite written with CRLF line ends (a Windows editor) reads like the
    // same suite with LF; Swift treats "\r\n" as one Character, so the split
    // must be on newlines, not on "\n".
    @Test func crlfLineEnds() throws {
        #expect(try SuiteFile.parse("fork\r\nvfork\r\n", file: "crlf.suite").map(\.id) == ["fork", "vfork"])
        // A leading comment must end at its line, not swallow the file.
        #expect(try SuiteFile.parse("# c\r\nfork\r\nvfork\r\n", file: "crlf.suite").map(\.id) == ["fork", "vfork"])
    }

    // load reads the file and reports errors with its path.
    @Test func loadReadsAFile() throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("procbench-suitefile-\(UUID().uuidString).suite")
        try "# temp\nfork\nvfork exec=static\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(try SuiteFile.load(file.path).map(\.id) == ["fork", "vfork exec=static"])
    }

    // A missing file is a SpecError naming the path, not a crash.
    @Test func loadOfMissingFileNamesThePath() {
        let path = "/nonexistent/procbench/missing.suite"
        #expect {
            try SuiteFile.load(path)
        } throws: { error in
            (error as? SpecError)?.message.contains(path) == true
        }
    }

    // Every suite shipped in Benchmarks/ parses, and default.suite (what a
    // bare `procbench run` loads) is among them. Skipped while the directory
    // holds no suite.
    @Test(.enabled(if: !benchmarkSuites.isEmpty, "no Benchmarks/*.suite yet"))
    func shippedSuitesParse() throws {
        let suites = Self.benchmarkSuites
        #expect(!suites.isEmpty)
        #expect(suites.contains { $0.lastPathComponent == "default.suite" })
        for suite in suites {
            let scenarios = try SuiteFile.load(suite.path)
            #expect(!scenarios.isEmpty, "\(suite.lastPathComponent)")
            // Overlapping sweeps may repeat a scenario (`procbench run` measures
            // it once); the request built from the suite must still be valid.
            #expect(throws: Never.self) { try RunRequest(Arguments(["--suite", suite.path], options: RunRequest.options, command: "run")) }
        }
    }
}
