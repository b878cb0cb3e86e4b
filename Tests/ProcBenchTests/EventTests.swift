import Foundation
import Testing
@testable import ProcBench

// libpfm4 names → perf_event_attr: the names perf users know must work,
// and an unknown one must be refused before anything runs.
@Suite struct EventEncodingTests {
    @Test func softwareEventsEncodeToTheirPerfConstants() throws {
        // PERF_TYPE_SOFTWARE = 1; PERF_COUNT_SW_PAGE_FAULTS = 2, CONTEXT_SWITCHES = 3.
        let faults = try EventEncoder.encode("page-faults", userOnly: false)
        #expect(faults.type == 1 && faults.config == 2)
        let switches = try EventEncoder.encode("perf::PERF_COUNT_SW_CONTEXT_SWITCHES", userOnly: false)
        #expect(switches.type == 1 && switches.config == 3)
        #expect(switches.name == "perf::PERF_COUNT_SW_CONTEXT_SWITCHES")
    }

    @Test func hardwareNamesEncodeEvenWithoutAPMU() throws {
        // PERF_TYPE_HARDWARE = 0; CPU_CYCLES = 0, INSTRUCTIONS = 1. Encoding
        // does not need the PMU; opening does.
        #expect(try EventEncoder.encode("cycles", userOnly: false).config == 0)
        let instructions = try EventEncoder.encode("instructions", userOnly: false)
        #expect(instructions.type == 0 && instructions.config == 1)
    }

    @Test func userOnlyExcludesTheKernel() throws {
        let event = try EventEncoder.encode("page-faults", userOnly: true)
        #expect(event.userOnly)
        #expect(event.argument.hasSuffix(":0:1:1"))
        #expect(try EventEncoder.encode("page-faults", userOnly: false).argument.hasSuffix(":0:0:0"))
    }

    @Test func unknownEventIsBadInput() {
        #expect {
            try EventEncoder.encode("no-such-event-anywhere")
        } throws: { error in
            (error as? SpecError)?.message.contains("procbench events") == true
        }
        #expect(ProcBenchCLI.main(["procbench", "run", "fork", "--events", "no-such-event-anywhere",
                                   "--out", Support.temporaryDirectory()]) == 2)
    }
}

extension Integration {
    // Counting over real operations: positive counts, growth with the work
    // the parent does, and a missing counter never failing the run.
    @Suite struct CountingTests {
        static func run(_ spec: String, events: [PerfEvent]) throws -> ScenarioResult {
            let scenario = try #require(SpecParser.parse(spec).first)
            let runner = ScenarioRunner(helpers: Support.helpers,
                                        plan: SamplingPlan(fixedCount: 40, warmup: 2, timeBudget: 5), events: events)
            return runner.run(scenario)
        }

        @Test func pageFaultsPerForkArePositiveAndGrowWithTheAftermath() throws {
            let faults = try EventEncoder.encode("page-faults")
            let plain = try Self.run("fork", events: [faults])
            #expect(plain.status == .ok, "\(plain.note)")
            let counting = try #require(plain.counting)
            let perFork = try #require(counting.counts[0]?.perOperation(counting.operations))
            #expect(perFork > 0)
            // Rewriting 16 MiB after each fork faults on every one of its
            // 4096 pages, fork having write-protected them.
            let rewriting = try Self.run("fork parent=16M aftermath=write", events: [faults])
            #expect(rewriting.status == .ok, "\(rewriting.note)")
            let after = try #require(rewriting.counting)
            let perRewrite = try #require(after.counts[0]?.perOperation(after.operations))
            // (Within 1 %: the child's own few faults vary by one or two.)
            #expect(perRewrite - perFork >= 4096 * 0.99)
            #expect(Double(after.parentMinorFaults) / Double(after.operations) >= 4096)
            #expect(rewriting.samples.allSatisfy { ($0.aftermathNs ?? 0) > 0 })
        }

        @Test func eventThatCannotOpenLeavesEmptyCells() throws {
            // A PMU type no kernel has: perf_event_open refuses it everywhere.
            let fake = PerfEvent(name: "fake-event", canonical: "fake", type: 0x7fff_fff0, config: 0, config1: 0,
                                 config2: 0, userOnly: false)
            let faults = try EventEncoder.encode("page-faults")
            let result = try Self.run("vfork", events: [fake, faults])
            #expect(result.status == .ok)
            #expect(result.counting?.errors[0] != nil)
            let row = SummaryCSV.row(result, events: [fake, faults])
            let header = SummaryCSV.header(events: [fake, faults])
            let cells = Dictionary(uniqueKeysWithValues: zip(header, row))
            #expect(cells["fake-event"] == "")
            #expect(cells["page-faults"] != "")
        }

        @Test func runWithAnUnopenableEventStillExitsZero() throws {
            // cycles does not open on a VM without a PMU; where it does open,
            // this checks only that its column is there.
            let out = Support.temporaryDirectory()
            defer { try? FileManager.default.removeItem(atPath: out) }
            #expect(ProcBenchCLI.main(["procbench", "run", "vfork", "--samples", "10",
                                       "--events", "cycles,page-faults", "--out", out]) == 0)
            let rows = try Support.csvRows("\(out)/summary.csv")
            #expect(rows[0]["cycles"] != nil && rows[0]["page-faults"] != nil)
            let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(out)/meta.json")))
            let events = try #require((meta as? [String: Any])?["events"] as? [[String: Any]])
            let cycles = try #require(events.first { $0["name"] as? String == "cycles" })
            if cycles["opens"] as? Bool == false {
                #expect(rows[0]["cycles"] == "")
                #expect(cycles["reason"] as? String != nil)
            }
        }

        @Test func childUsageColumnsArePresentAndNonNegative() throws {
            let result = try Self.run("fork", events: [])
            let cells = Dictionary(uniqueKeysWithValues: zip(SummaryCSV.header, SummaryCSV.row(result)))
            for stem in ChildUsage.fieldNames {
                for column in ["\(stem)_median", "\(stem)_mean"] {
                    let value = try #require(Double(cells[column] ?? ""), "\(column) empty")
                    #expect(value >= 0)
                }
            }
            // A forked child faults at least once (its first stack write).
            #expect(result.samples.allSatisfy { ($0.usage?.minorFaults ?? 0) > 0 })
            // The machine's CPU per operation is at least there and positive.
            #expect((result.systemCPUPerOperationUs ?? 0) > 0)
            // A thread has no rusage of its own.
            let thread = try Self.run("pthread", events: [])
            #expect(thread.samples.allSatisfy { $0.usage == nil })
        }
    }
}
