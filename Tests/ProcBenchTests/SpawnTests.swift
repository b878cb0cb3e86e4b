import Foundation
import Testing
@testable import ProcBench

// Every path really creates a child, the child's exit status is checked,
// and nothing is left behind. Small counts; no timing thresholds.
extension Integration {
@Suite struct SpawnTests {
    static let specs = [
        "fork", "vfork", "clone", "clone flags=VM", "clone flags=VM|VFORK exec=static",
        "clone flags=VM|FS|FILES|SIGHAND|THREAD", "clone flags=PIDFD", "clone3", "clone3 flags=VM",
        "clone3 flags=VM|FS|FILES|SIGHAND|THREAD", "clone3 flags=VM|VFORK exec=static",
        "fork exec=static", "vfork exec=dynamic", "posix_spawn", "posix_spawn exec=dynamic", "pthread",
        "process wait=handler",
    ]

    @Test(arguments: specs)
    func pathSpawnsAndReaps(spec: String) throws {
        let scenario = try #require(SpecParser.parse(spec).first)
        let result = Support.runner().run(scenario)
        // clone3 may be missing on old kernels: then skipped, with the reason.
        if result.status == .skipped && scenario.path == .clone3 {
            #expect(result.note.contains("ENOSYS") || result.note.contains("errno 38"))
            return
        }
        #expect(result.status == .ok, "\(spec): \(result.note)")
        #expect(result.samples.count == 20)
        #expect(result.samples.allSatisfy { $0.latencyNs > 0 && $0.startNs == nil },
                "the timing pass adds no start probe to the child")
        #expect(result.startSamples.count == 20)
        // In the start pass the child (or the static target) reported when it
        // started: after the create call began, before the parent reaped it.
        if scenario.exec == .none || scenario.exec == .staticTarget {
            #expect(result.startSamples.allSatisfy { ($0.startNs ?? -1) > 0 && $0.startNs! <= $0.latencyNs })
            #expect(result.startMedianUs != nil)
        } else {
            #expect(result.startSamples.allSatisfy { $0.startNs == nil })
            #expect(result.startMedianUs == nil)
        }
        #expect(Support.zombieChildren().isEmpty)
    }

    @Test func measuringProcessStaysSmall() throws {
        // The point of the C measuring process: a parent this small does not
        // inflate fork's cost. Target from the design: ≤ 2 MiB RSS, ≤ 40 maps.
        let result = Support.runner(samples: 5).run(Scenario(path: .fork))
        let footprint = try #require(result.footprint)
        #expect(footprint.maps <= 40)
        #expect(footprint.rssKiB <= 2048)
        #expect(footprint.pteKiB > 0)
    }

    @Test func parentMemoryIsThereBeforeTiming() throws {
        // parent=64M must really be resident when fork is timed.
        let small = try #require(Support.runner(samples: 5).run(Scenario(path: .vfork)).footprint)
        let large = try #require(Support.runner(samples: 5).run(Scenario(path: .vfork, parentBytes: 64 << 20)).footprint)
        // Within 1 %: the file-backed part of RSS (the binary, libc) varies
        // by a page or two from run to run.
        #expect(large.rssKiB - small.rssKiB >= 64 * 1024 * 99 / 100)
    }

    @Test func childExitStatusIsChecked() throws {
        let scenario = try #require(SpecParser.parse("fork exec=/bin/false").first)
        let result = Support.runner().run(scenario)
        #expect(result.status == .failed)
        #expect(result.note.contains("exit status 1"))
        #expect(Support.zombieChildren().isEmpty)
    }

    @Test func execedProgramsCannotTouchTheProtocol() throws {
        // A program that writes to stdout or reads stdin must not reach the
        // pipes the Swift side talks to the measuring process on.
        for spec in ["fork exec=/bin/echo", "cmd=/bin/cat", "cmd=/bin/sh -c 'echo hi; read x; true'"] {
            let scenario = try #require(SpecParser.parse(spec).first)
            let result = Support.runner(samples: 5).run(scenario)
            #expect(result.status == .ok, "\(spec): \(result.note)")
        }
    }

    @Test func oddSizedFragmentedParentStaysInItsMapping() throws {
        // 1000K is not a multiple of the 64K fragments: the last one is short.
        let scenario = try #require(SpecParser.parse("vfork parent=1000K layout=fragmented").first)
        let result = Support.runner(samples: 5).run(scenario)
        #expect(result.status == .ok, "\(result.note)")
    }

    @Test func jobsRunExactlyTheSamplesAsked() throws {
        var scenario = try #require(SpecParser.parse("vfork").first)
        scenario.jobs = 4
        let result = Support.runner(samples: 10).run(scenario)
        #expect(result.status == .ok && result.samples.count == 10, "\(result.note)")
    }

    @Test func missingExecTargetFails() throws {
        let scenario = try #require(SpecParser.parse("vfork exec=/nonexistent/procbench-target").first)
        let result = Support.runner().run(scenario)
        #expect(result.status == .failed)
        #expect(result.note.contains("not found"))
    }

    @Test func unreapableFlagsAreSkippedWithAReason() throws {
        let scenario = try #require(SpecParser.parse("clone flags=PARENT").first)
        let result = Support.runner().run(scenario)
        #expect(result.status == .skipped)
        #expect(result.note.contains("CLONE_PARENT"))
    }

    @Test func invalidFlagCombinationFailsWithTheKernelsAnswer() throws {
        // SIGHAND without VM is EINVAL from the kernel: a failure, with errno.
        let scenario = try #require(SpecParser.parse("clone flags=SIGHAND").first)
        let result = Support.runner().run(scenario)
        #expect(result.status == .failed)
        #expect(result.note.contains("errno \(EINVAL)"))
    }
}
}

extension Integration {
    // The parent's state is verified, not assumed: what the measuring process
    // reports just before timing must show what the spec asked for.
    @Suite struct ParentStateTests {
        static func footprint(_ spec: String) throws -> Footprint {
            let scenario = try #require(SpecParser.parse(spec).first)
            let result = Support.runner(samples: 3).run(scenario)
            #expect(result.status == .ok, "\(spec): \(result.note)")
            return try #require(result.footprint)
        }

        @Test func fdsAndThreadsAreThere() throws {
            let base = try Self.footprint("fork")
            #expect(try Self.footprint("fork fds=1000").fds - base.fds == 1000)
            #expect(try Self.footprint("fork threads=8").threads - base.threads == 8)
        }

        @Test func thpOffGetsNoHugePages() throws {
            #expect(try Self.footprint("fork parent=64M thp=off").anonHugeKiB == 0)
        }

        @Test func fragmentedLayoutMultipliesMappings() throws {
            let contiguous = try Self.footprint("vfork parent=16M")
            let fragmented = try Self.footprint("vfork parent=16M layout=fragmented")
            // 16 MiB in 64 KiB pieces: 256 mappings where there was one.
            #expect(fragmented.maps - contiguous.maps == 255)
            #expect(fragmented.rssKiB >= 16 * 1024)
        }

        @Test func sharedMemoryIsResident() throws {
            let base = try Self.footprint("vfork")
            #expect(try Self.footprint("vfork shared=32M").rssKiB - base.rssKiB >= 32 * 1024 * 99 / 100)
        }

        @Test func aftermathWithTheChildAliveIsTimedApart() throws {
            let scenario = try #require(SpecParser.parse("fork parent=8M aftermath=write-child-alive").first)
            let result = Support.runner(samples: 5).run(scenario)
            #expect(result.status == .ok, "\(result.note)")
            #expect(result.samples.allSatisfy { ($0.aftermathNs ?? 0) > 0 && $0.latencyNs > 0 })
            #expect(Support.zombieChildren().isEmpty)
        }
    }
}
