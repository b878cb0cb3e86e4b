import Testing
@testable import ProcBench

// Spec parsing: the vocabulary every other part of ProcBench (suites,
// result ids, baselines) is keyed by, so its canonical form must not drift.
@Suite struct SpecTests {
    @Test func plainPathUsesDefaults() throws {
        let scenarios = try SpecParser.parse("fork")
        #expect(scenarios.count == 1)
        #expect(scenarios[0].path == .fork)
        #expect(scenarios[0].exec == ExecTarget.none)
        #expect(scenarios[0].id == "fork")
    }

    @Test func canonicalIdOrdersFlagsAndOmitsDefaults() throws {
        let scenario = try #require(SpecParser.parse("clone exec=static flags=CLONE_VFORK|vm").first)
        #expect(scenario.id == "clone flags=VM|VFORK exec=static")
        #expect(try SpecParser.parse("posix_spawn exec=static")[0].id == "posix_spawn")
        #expect(try SpecParser.parse("fork parent=1024M cpu=1")[0].id == "fork parent=1G cpu=1")
    }

    @Test func commaListSweepsWithEmptyValueMeaningNoFlags() throws {
        let ids = try SpecParser.parse("clone flags=,VM,VM|FS|FILES|SIGHAND").map(\.id)
        #expect(ids == ["clone", "clone flags=VM", "clone flags=VM|FS|FILES|SIGHAND"])
    }

    @Test func sweepIsCartesianFirstKeySlowest() throws {
        let ids = try SpecParser.parse("vfork exec=none,static cpu=0,1").map(\.id)
        #expect(ids == ["vfork cpu=0", "vfork cpu=1", "vfork exec=static cpu=0", "vfork exec=static cpu=1"])
    }

    @Test(arguments: [
        ("forkk", "unknown path 'forkk'"),
        ("fork speed=2", "unknown option 'speed'"),
        ("clone flags=VM|NOPE", "unknown clone flag 'NOPE'"),
        ("fork parent=12Q", "cannot read size '12Q'"),
        ("fork cpu=-1", "cpu= takes a CPU number"),
        ("fork exec", "is not key=value"),
        ("fork cpu=0 cpu=1", "given twice"),
        ("posix_spawn exec=none", "needs something to exec"),
        ("pthread exec=static", "exec= does not apply"),
        ("fork flags=VM", "flags= applies to clone and clone3"),
        ("clone flags=NEWTIME", "use clone3"),
        ("clone flags=VM|SIGHAND|THREAD exec=static", "cannot exec"),
        ("process parent=1M", "shape the C measuring process"),
        ("process wait=sometimes", "wait= takes exit or handler"),
        ("fork thp=on", "give parent= a size"),
        ("fork parent=64M thp=maybe", "thp= takes system, on, off"),
        ("fork parent=64K layout=fragmented", "at least 128K"),
        ("vfork parent=1M aftermath=write-child-alive", "needs fork with exec=none"),
        ("fork parent=1M layout=fragmented aftermath=write", "read-only"),
        ("fork fds=-3", "fds= takes a whole number"),
        ("process threads=2", "shape the C measuring process"),
    ])
    func invalidSpecsAreRejected(spec: String, message: String) {
        #expect {
            try SpecParser.parse(spec)
        } throws: { error in
            (error as? SpecError)?.message.contains(message) == true
        }
    }

    @Test func parentOptionsInCanonicalOrder() throws {
        let id = try SpecParser.parse("fork threads=8 fds=100 layout=fragmented madvise=dontfork thp=off parent=1G")[0].id
        #expect(id == "fork parent=1G thp=off madvise=dontfork layout=fragmented fds=100 threads=8")
    }

    @Test func sizes() throws {
        #expect(try ByteSize.parse("0") == 0)
        #expect(try ByteSize.parse("4096") == 4096)
        #expect(try ByteSize.parse("512K") == 512 * 1024)
        #expect(try ByteSize.parse("64M") == 64 << 20)
        #expect(try ByteSize.parse("1G") == 1 << 30)
        #expect(try ByteSize.parse("1.5G") == 3 << 29)
        #expect(try ByteSize.parse("256MiB") == 256 << 20)
        #expect(ByteSize.text(3 << 29) == "1536M")
        #expect(throws: SpecError.self) { try ByteSize.parse("") }
        #expect(throws: SpecError.self) { try ByteSize.parse("-1M") }
    }

    @Test func cloneFlagTableComesFromTheCLayer() {
        #expect(CloneFlags.value(named: "VM") == 0x100)
        #expect(CloneFlags.value(named: "CLONE_VFORK") == 0x4000)
        #expect(CloneFlags.value(named: "into_cgroup") == 0x2_0000_0000)
        let values = CloneFlags.table.map(\.value)
        #expect(values == values.sorted(), "the table is ordered by value, so canonical text is too")
    }
}
