import Testing
@testable import ProcBench

// The cost model must recover a line exactly when the points lie on one,
// and group sweeps the way a reader expects.
@Suite struct FitTests {
    @Test func exactLineIsRecovered() throws {
        // y = 81 + 15400·x: fork on this VM as the design quotes it, µs per GiB.
        let x = [0, 0.0625, 0.25, 1.0]
        let fit = try #require(LinearFit(x: x, y: x.map { 81 + 15400 * $0 }))
        #expect(abs(fit.intercept - 81) < 1e-9)
        #expect(abs(fit.slope - 15400) < 1e-9)
        #expect(abs(fit.rSquared - 1) < 1e-12)
        let ci = try #require(fit.slopeCI)
        #expect(abs(ci.low - 15400) < 1e-6 && abs(ci.high - 15400) < 1e-6, "no residual, no width")
    }

    @Test func noisyLineHasHandComputedFit() throws {
        // x 0,1,2,3; y 1,3,2,4: mean x 1.5, mean y 2.5, Sxx 5, Sxy 4 → b 0.8,
        // a 1.3; residuals -0.3, 0.9, -0.9, 0.3 → SSE 1.8; SST 5 → R² 0.64;
        // se(b) = √(1.8/2/5) = 0.42426; t(2 df) 4.303 → ±1.82560.
        let fit = try #require(LinearFit(x: [0, 1, 2, 3], y: [1, 3, 2, 4]))
        #expect(abs(fit.slope - 0.8) < 1e-12 && abs(fit.intercept - 1.3) < 1e-12)
        #expect(abs(fit.rSquared - 0.64) < 1e-12)
        let ci = try #require(fit.slopeCI)
        #expect(abs((ci.high + ci.low) / 2 - 0.8) < 1e-12)
        #expect(abs((ci.high - ci.low) / 2 - 1.82560) < 1e-4)
    }

    @Test func degenerateInputsHaveNoFit() {
        #expect(LinearFit(x: [1], y: [2]) == nil)
        #expect(LinearFit(x: [1, 1], y: [2, 3]) == nil, "one distinct x: no slope")
        #expect(LinearFit(x: [0, 1], y: [2, 3])?.slopeCI == nil, "two points: no degrees of freedom")
    }

    @Test func studentTBeyondTheTableIsContinuous() {
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 31) - 2.0395) < 0.001)
        #expect(abs(StudentT.quantile975(degreesOfFreedom: 1000) - 1.9623) < 0.001)
    }

    @Test func sweepsAreGroupedByTheirOtherOptions() throws {
        func row(_ id: String, _ mib: Double, _ median: Double, fds: Int = 0) -> [String: String] {
            ["scenario": id, "status": "ok", "parent_mib": String(mib), "median_us": String(median),
             "fds": String(fds), "threads": "0"]
        }
        let rows = [
            row("fork", 0, 100), row("fork parent=1G", 1024, 15500), row("fork parent=512M", 512, 7800),
            row("vfork", 0, 20), row("vfork parent=1G", 1024, 20),
            row("fork fds=1000", 0, 150, fds: 1000),
            ["scenario": "fork parent=2G", "status": "failed", "parent_mib": "2048", "median_us": ""],
        ]
        let fits = SweepFit.fits(rows)
        #expect(fits.map { "\($0.group) \($0.variable)" } == ["fork parent", "vfork parent", "fork fds"])
        #expect(abs(fits[0].fit.slope - 15400) < 1e-9 && abs(fits[0].fit.intercept - 100) < 1e-9)
        #expect(fits[1].fit.slope == 0)
        #expect(abs(fits[2].fit.slope - 50) < 1e-9, "b per 1000 descriptors")
        let csv = CSVReader.records(SweepFit.document(fits))
        #expect(csv.count == 3 && csv[0]["b_us_per_unit"] == "15400.000")
    }

    @Test func csvReaderReadsWhatCSVWrites() {
        let rows = [["a", "b,c", "say \"hi\"", "line\r\nbreak", ""]]
        #expect(CSVReader.rows(CSV.document(header: ["h1", "h2", "h3", "h4", "h5"], rows: rows)).dropFirst().first == rows[0])
    }
}
