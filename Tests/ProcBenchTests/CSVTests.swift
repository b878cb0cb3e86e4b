import Testing
@testable import ProcBench

/// A strict RFC 4180 reader, independent of the writer under test: records
/// end in CRLF; a field is either plain (no comma, quote, CR or LF) or
/// quoted, with quotes doubled inside. Works on Unicode scalars so a CR LF
/// pair is two characters, as the RFC means. Returns nil on anything the RFC
/// does not allow (a bare CR or LF outside quotes, a stray quote, an
/// unterminated quoted field, a last record without its CRLF).
func parseRFC4180(_ text: String) -> [[String]]? {
    let scalars = Array(text.unicodeScalars)
    var records: [[String]] = []
    var record: [String] = []
    var field = String.UnicodeScalarView()
    var i = 0
    var atFieldStart = true
    while i < scalars.count {
        let c = scalars[i]
        if atFieldStart && c == "\"" {
            // Quoted field: up to the closing quote; "" is one quote.
            i += 1
            var closed = false
            while i < scalars.count {
                if scalars[i] == "\"" {
                    if i + 1 < scalars.count && scalars[i + 1] == "\"" {
                        field.append("\"")
                        i += 2
                        continue
                    }
                    closed = true
                    i += 1
                    break
                }
                field.append(scalars[i])
                i += 1
            }
            guard closed else { return nil }
            // Only a separator or a record end may follow.
            guard i < scalars.count, scalars[i] == "," || scalars[i] == "\r" else { return nil }
            atFieldStart = false
            continue
        }
        switch c {
        case ",":
            record.append(String(field))
            field = String.UnicodeScalarView()
            atFieldStart = true
            i += 1
        case "\r":
            guard i + 1 < scalars.count, scalars[i + 1] == "\n" else { return nil }
            record.append(String(field))
            records.append(record)
            record = []
            field = String.UnicodeScalarView()
            atFieldStart = true
            i += 2
        case "\n", "\"":
            return nil
        default:
            field.append(c)
            atFieldStart = false
            i += 1
        }
    }
    // Every record, the last included, ends in CRLF.
    guard record.isEmpty && field.isEmpty && atFieldStart else { return nil }
    return records
}

// CSV writing: summary.csv and samples.csv are read by spreadsheets and
// scripts, so the RFC 4180 rules and the number format are pinned down.
@Suite struct CSVTests {
    // The test's own reader must be right before it can judge the writer.
    @Test func referenceParserSplitsQuotedFields() {
        #expect(parseRFC4180("a,\"b,c\",\"d\"\"e\",\r\n\"x\r\ny\",z\r\n")
            == [["a", "b,c", "d\"e", ""], ["x\r\ny", "z"]])
        #expect(parseRFC4180("a,b\n") == nil, "bare LF")
        #expect(parseRFC4180("a,b") == nil, "no CRLF at the end")
        #expect(parseRFC4180("a\"b\r\n") == nil, "quote inside a plain field")
        #expect(parseRFC4180("\"ab\r\n") == nil, "unterminated quote")
    }

    // A field with nothing special is written as it is.
    @Test func plainFieldUnchanged() {
        #expect(CSV.field("fork") == "fork")
        #expect(CSV.field("clone flags=VM|VFORK exec=static") == "clone flags=VM|VFORK exec=static")
        #expect(CSV.field("") == "")
        #expect(CSV.field("µs ±1 %") == "µs ±1 %")
    }

    // Comma, quote, CR and LF each force quoting; quotes are doubled.
    @Test func specialCharactersForceQuoting() {
        #expect(CSV.field("a,b") == "\"a,b\"")
        #expect(CSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSV.field("\"") == "\"\"\"\"")
        #expect(CSV.field("a\rb") == "\"a\rb\"")
        #expect(CSV.field("a\nb") == "\"a\nb\"")
    }

    // A CR LF pair inside a value (an error message from a child, say) is one
    // Swift Character, equal to neither "\r" nor "\n": CSV.field must test
    // scalars, or a reader sees the record end in the middle of the field.
    @Test func crlfInsideAFieldForcesQuoting() {
        #expect(CSV.field("line one\r\nline two") == "\"line one\r\nline two\"")
    }

    // Every line, the header included, ends in CRLF.
    @Test func linesEndInCRLF() {
        #expect(CSV.line(["a", "b,c"]) == "a,\"b,c\"\r\n")
        #expect(CSV.line([]) == "\r\n")
        let document = CSV.document(header: ["h1", "h2"], rows: [["1", "2"], ["3", "4"]])
        #expect(document == "h1,h2\r\n1,2\r\n3,4\r\n")
        #expect(parseRFC4180(document) == [["h1", "h2"], ["1", "2"], ["3", "4"]])
    }

    // Numbers: three decimals (ns resolution in µs); absent or not finite → empty.
    @Test func numbers() {
        #expect(CSV.number(81.234) == "81.234")
        #expect(CSV.number(0) == "0.000")
        #expect(CSV.number(2.5) == "2.500")
        #expect(CSV.number(-1.25) == "-1.250")
        #expect(CSV.number(1234567.0) == "1234567.000")
        #expect(CSV.number(0.0004) == "0.000")
        #expect(CSV.number(0.0006) == "0.001")
        #expect(CSV.number(nil) == "")
        #expect(CSV.number(.nan) == "")
        #expect(CSV.number(.infinity) == "")
        #expect(CSV.number(-.infinity) == "")
    }
}

// summary.csv: its columns are a contract with every script that reads it.
@Suite struct SummaryCSVTests {
    // Every column once: a duplicate would make lookups by name ambiguous.
    @Test func headerHasEachColumnOnce() {
        let header = SummaryCSV.header
        #expect(Set(header).count == header.count)
        for column in header {
            #expect(header.filter { $0 == column }.count == 1, "\(column)")
        }
        #expect(header.first == "scenario")
        // The columns named in the design come first, in order, note last of them;
        // later additions (rusage, counters) follow.
        #expect(Array(header.prefix(24)).last == "note")
        #expect(header.contains("child_minflt_median") && header.contains("parent_minflt_per_op"))
        let line = CSV.line(header)
        #expect(parseRFC4180(line) == [header])
    }

    // A failed scenario: n 0, every statistic empty, the reason in the note column.
    @Test func failedRowHasNoFigures() throws {
        let scenario = try #require(SpecParser.parse("fork exec=/no/such/program").first)
        let result = ScenarioResult(scenario: scenario, status: .failed, note: "execve: No such file or directory")
        let row = SummaryCSV.row(result)
        #expect(row.count == SummaryCSV.header.count)
        func cell(_ name: String) -> String? {
            SummaryCSV.header.firstIndex(of: name).map { row[$0] }
        }
        #expect(cell("scenario") == "fork exec=/no/such/program")
        #expect(cell("path") == "fork")
        #expect(cell("exec") == "/no/such/program")
        #expect(cell("parent_mib") == "0.000")
        #expect(cell("cpu") == "")
        #expect(cell("n") == "0")
        for name in ["min_us", "median_us", "mean_us", "p90_us", "p99_us", "max_us", "stddev_us", "mad_us",
                     "ci_low_us", "ci_high_us", "outliers", "start_median_us",
                     "parent_rss_kib", "parent_maps", "parent_pte_kib"] {
            #expect(cell(name) == "", "\(name)")
        }
        #expect(cell("status") == "failed")
        #expect(cell("note") == "execve: No such file or directory")
        #expect(cell("child_minflt_median") == "" && cell("counted_ops") == "")
    }

    // An id with '|' and a note with a comma and a quote survive a write and
    // an independent read, field for field.
    @Test func rowRoundTrips() throws {
        let scenario = try #require(SpecParser.parse("clone flags=VM|VFORK exec=static cpu=1").first)
        #expect(scenario.id == "clone flags=VM|VFORK exec=static cpu=1")
        // Six timed samples 80…85 µs, so the row has a CI and every figure;
        // start times 30, 40, 50 µs from the start pass → median 40.
        let samples = (0..<6).map { Sample(latencyNs: 80_000 + Int64($0) * 1000, startNs: nil) }
        let starts = [30_000, 50_000, 40_000].map { Sample(latencyNs: 90_000, startNs: Int64($0)) }
        let note = "converged, but \"noisy\" neighbour"
        let result = ScenarioResult(scenario: scenario, status: .ok, note: note, samples: samples,
                                    startSamples: starts,
                                    footprint: Footprint(rssKiB: 2048, maps: 31, pteKiB: 64))
        let document = SummaryCSV.document([result])
        let records = try #require(parseRFC4180(document))
        #expect(records.count == 2)
        #expect(records[0] == SummaryCSV.header)
        #expect(records[1] == SummaryCSV.row(result))
        let row = records[1]
        func cell(_ name: String) -> String? {
            SummaryCSV.header.firstIndex(of: name).map { row[$0] }
        }
        #expect(cell("scenario") == "clone flags=VM|VFORK exec=static cpu=1")
        #expect(cell("flags") == "VM|VFORK")
        #expect(cell("cpu") == "1")
        #expect(cell("n") == "6")
        // 80 81 82 83 84 85 µs: median (82 + 83)/2, mean 495/6 = 82.5, CI [min, max] at n = 6.
        #expect(cell("min_us") == "80.000")
        #expect(cell("median_us") == "82.500")
        #expect(cell("mean_us") == "82.500")
        #expect(cell("max_us") == "85.000")
        #expect(cell("ci_low_us") == "80.000")
        #expect(cell("ci_high_us") == "85.000")
        // |x − 82.5|: 0.5 0.5 1.5 1.5 2.5 2.5 → MAD 1.5.
        #expect(cell("mad_us") == "1.500")
        #expect(cell("outliers") == "0")
        #expect(cell("start_median_us") == "40.000")
        #expect(cell("parent_rss_kib") == "2048")
        #expect(cell("parent_maps") == "31")
        #expect(cell("parent_pte_kib") == "64")
        #expect(cell("status") == "ok")
        #expect(cell("note") == note)
    }
}

// samples.csv: one line per operation of either pass, in µs.
@Suite struct SamplesCSVTests {
    // Latency in µs with three decimals; start empty when unknown; the
    // timing pass's rows first, then the start pass's, each indexed from 0.
    @Test func latencyStartAndPassColumns() throws {
        let scenario = try #require(SpecParser.parse("fork").first)
        let result = ScenarioResult(scenario: scenario, status: .ok, note: "", samples: [
            Sample(latencyNs: 81234, startNs: nil),
            Sample(latencyNs: 1_000_000, startNs: nil),
            Sample(latencyNs: 1, startNs: nil),
        ], startSamples: [
            Sample(latencyNs: 85000, startNs: 1500),
            Sample(latencyNs: 84999, startNs: 0),
        ])
        let document = SamplesCSV.document([result])
        #expect(document == """
            scenario,index,latency_us,start_us,pass\r
            fork,0,81.234,,timing\r
            fork,1,1000.000,,timing\r
            fork,2,0.001,,timing\r
            fork,0,85.000,1.500,start\r
            fork,1,84.999,0.000,start\r

            """)
        let records = try #require(parseRFC4180(document))
        #expect(records.count == 6)
        #expect(records.allSatisfy { $0.count == SamplesCSV.header.count })
    }

    // A scenario id that needs quoting is quoted in every row.
    @Test func idIsQuotedWhenNeeded() throws {
        // Built directly: in spec text the comma would make a sweep.
        let scenario = Scenario(path: .fork, exec: .path("/opt/a,b"))
        let result = ScenarioResult(scenario: scenario, status: .ok, note: "",
                                    samples: [Sample(latencyNs: 2000, startNs: nil)])
        let records = try #require(parseRFC4180(SamplesCSV.document([result])))
        #expect(records == [SamplesCSV.header, ["fork exec=/opt/a,b", "0", "2.000", "", "timing"]])
    }
}
