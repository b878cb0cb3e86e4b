import Foundation
import Testing
@testable import ProcBench

// The isolation vocabulary: canonical ids, and combinations that would touch
// the host or cannot work refused before anything runs.
@Suite struct IsolationSpecTests {
    @Test func idsAreCanonical() throws {
        #expect(try SpecParser.parse("clone ns=net+user+mnt")[0].id == "clone ns=user+mnt+net")
        #expect(try SpecParser.parse("clone ns=user,mnt").map(\.id) == ["clone ns=user", "clone ns=mnt"])
        #expect(try SpecParser.parse("clone pivot_root ns=mnt")[0].id == "clone ns=mnt pivot_root")
        #expect(try SpecParser.parse("fork unshare=net setns=uts chroot")[0].id == "fork unshare=net setns=uts chroot")
    }

    @Test(arguments: [
        ("fork ns=net", "use clone or clone3"),
        ("clone pivot_root", "needs a new mount namespace"),
        ("fork unshare=pid mountproc", "needs a new mount namespace"),
        ("clone3 cgroup=into", ""),
        ("clone cgroup=into", "use clone3"),
        ("fork chroot exec=dynamic", "only the static target"),
        ("clone flags=VM unshare=net", "must not unshare"),
        ("vfork unshare=net", "borrows the parent's memory"),
        ("clone ns=bogus", "joined by +"),
        ("fork setns=net+uts", "one namespace"),
        ("container exec=dynamic", "fixed recipe"),
        ("posix_spawn unshare=net", "cannot take isolation steps"),
        ("clone flags=FS chroot", "CLONE_FS"),
        ("clone flags=VM|SIGHAND|THREAD ns=net", "a thread shares"),
    ])
    func combinations(spec: String, message: String) {
        if message.isEmpty {
            #expect(throws: Never.self) { try SpecParser.parse(spec) }
            return
        }
        #expect {
            try SpecParser.parse(spec)
        } throws: { error in
            (error as? SpecError)?.message.contains(message) == true
        }
    }

    @Test func commandsSplitLikeAShellWithoutOne() throws {
        let scenario = try #require(SpecParser.parse("cmd=bwrap --ro-bind / / sh -c 'echo \"a b\"; true'").first)
        #expect(scenario.path == .command)
        #expect(scenario.command == ["bwrap", "--ro-bind", "/", "/", "sh", "-c", "echo \"a b\"; true"])
        #expect(try SpecParser.parse(scenario.id)[0].command == scenario.command, "the id parses back")
        #expect(throws: SpecError.self) { try SpecParser.parse("cmd=sh -c 'unterminated") }
    }

    @Test func verificationNeedsEveryNamespaceChanged() {
        let inodes: [String: (ours: UInt64, child: UInt64)] = [
            "net": (1, 2), "uts": (3, 3), "pid": (5, 5), "pid_for_children": (5, 6), "root": (7, 7),
        ]
        #expect(IsolationPlan.verify([.net], newRoot: false, inodes: inodes) == nil)
        // unshare(CLONE_NEWPID) changes only pid_for_children: still created.
        #expect(IsolationPlan.verify([.net, .pid], newRoot: false, inodes: inodes) == nil)
        #expect(IsolationPlan.verify([.net, .uts], newRoot: false, inodes: inodes)?.contains("uts") == true)
        #expect(IsolationPlan.verify([], newRoot: true, inodes: inodes)?.contains("root") == true)
        // A fresh pid namespace with no process yet: its entry cannot be opened.
        #expect(IsolationPlan.verify([.pid], newRoot: false, inodes: ["pid": (5, 5), "pid_for_children": (5, 0)]) == nil)
    }

    @Test func withoutRootAUserNamespaceIsAdded() throws {
        let scenario = try #require(SpecParser.parse("fork unshare=net").first)
        let plan = try IsolationPlan.make(scenario, root: false).get()
        #expect(plan.arguments.contains("unshare=0x50000000"), "user (0x10000000) + net (0x40000000)")
        #expect(plan.arguments.contains("map-ids=1"))
        #expect(plan.adaptation != nil)
        #expect(try IsolationPlan.make(scenario, root: true).get().adaptation == nil)
        // Joining alone: the holder makes the namespace inside a user
        // namespace, which the child joins first; a user namespace as it is.
        let join = try IsolationPlan.make(try SpecParser.parse("fork setns=net")[0], root: false).get()
        #expect(join.arguments.contains("setns-in-user=1") && !join.arguments.contains { $0.hasPrefix("unshare=") })
        let joinUser = try IsolationPlan.make(try SpecParser.parse("fork setns=user")[0], root: false).get()
        #expect(joinUser.arguments == ["setns=0x10000000"] && joinUser.adaptation == nil)
    }
}

extension Integration {
    // Each isolation really happens (checked inside the child and reported
    // back), and the host is left exactly as it was.
    @Suite struct IsolationRunTests {
        static func run(_ spec: String, samples: Int = 5) throws -> ScenarioResult {
            let scenario = try #require(SpecParser.parse(spec).first)
            return Support.runner(samples: samples).run(scenario)
        }

        @Test(arguments: ["clone ns=user", "clone ns=mnt", "clone ns=pid", "clone ns=net", "clone ns=uts",
                          "clone ns=ipc", "clone ns=cgroup", "clone3 ns=time", "fork unshare=net",
                          "fork unshare=pid", "fork unshare=time", "fork setns=net", "fork setns=uts",
                          "clone ns=user+mnt+pid+net+uts+ipc"])
        func namespaceIsReallyCreated(spec: String) throws {
            let result = try Self.run(spec)
            #expect(result.status == .ok, "\(spec): \(result.note)")
            #expect(result.note.contains("verified in the child"))
        }

        @Test func newRootsAndTheHostsMountsAreUntouched() throws {
            let before = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
            let temporaries = Set(try FileManager.default.contentsOfDirectory(atPath: "/tmp"))
            for spec in ["clone ns=mnt pivot_root", "clone ns=mnt pivot_root exec=static", "fork chroot",
                         "fork chroot exec=static", "clone ns=mnt+pid mountproc", "container"] {
                let result = try Self.run(spec)
                #expect(result.status == .ok, "\(spec): \(result.note)")
                #expect(result.note.contains("new root") || !spec.contains("root"), "\(spec): \(result.note)")
            }
            let after = try String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
            #expect(before == after, "the host's mount table changed")
            let left = Set(try FileManager.default.contentsOfDirectory(atPath: "/tmp")).subtracting(temporaries)
            #expect(!left.contains { $0.hasPrefix("procbench-root") || $0.hasPrefix("procbench-chroot") })
            #expect(Support.zombieChildren().isEmpty)
        }

        @Test func containerReportsItsSteps() throws {
            let result = try Self.run("container")
            #expect(result.status == .ok, "\(result.note)")
            let names = result.steps.map(\.name)
            #expect(names.first == "clone with user+mnt+pid+net+uts+ipc")
            #expect(names.last == "execve, to the target's start")
            for step in ["uid/gid map", "private mounts", "tmpfs root", "mount proc", "pivot_root"] {
                #expect(names.contains(step), "\(step)")
            }
            #expect(result.steps.allSatisfy { $0.medianOwnUs > 0 && $0.count == 5 })
        }

        @Test func cgroupPlacementCleansUp() throws {
            guard let root = IsolationPlan.cgroup2Mount() else { return }  // skipped with a reason at run time
            for spec in ["fork cgroup=write", "clone3 cgroup=into"] {
                let result = try Self.run(spec)
                #expect(result.status == .ok, "\(spec): \(result.note)")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix("procbench-") }
            #expect(left.isEmpty, "cgroups left behind: \(left)")
        }

        @Test func externalCommandsRunAndMissingOnesFail() throws {
            let ok = try Self.run("cmd=/bin/true")
            #expect(ok.status == .ok, "\(ok.note)")
            let missing = try Self.run("cmd=procbench-no-such-tool --flag")
            #expect(missing.status == .failed && missing.note.contains("not found"))
        }

        @Test func jobsPoolLatenciesAndReportARate() throws {
            let result = try Self.run("clone ns=uts jobs=2", samples: 20)
            #expect(result.status == .ok, "\(result.note)")
            #expect(result.samples.count >= 20)
            #expect((result.opsPerSecond ?? 0) > 0)
        }

        @Test func unprivilegedRunNeverCrashes() throws {
            // As nobody: every isolation scenario is ok inside a new user
            // namespace, or skipped with the reason; never failed, never a crash.
            _ = Support.helpers
            let binary = HelperPrograms.packageRoot + "/.build/debug/procbench"
            let setpriv = try #require(ExternalCommand.which("setpriv"), "util-linux's setpriv")
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build with 'swift build --build-tests'")
            let out = "/tmp/procbench-nobody-\(getpid())"
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o777])
            defer { try? FileManager.default.removeItem(atPath: out) }
            let specs = ["clone ns=net", "fork unshare=uts", "fork chroot", "clone ns=mnt pivot_root", "container",
                         "fork setns=net", "fork setns=user", "fork cgroup=write"]
            let run = try ExternalCommand.run(setpriv, ["--reuid=65534", "--regid=65534", "--clear-groups", binary,
                                                        "run"] + specs + ["--samples", "3", "--out", out])
            #expect(run.status == 0, "\(run.stderr)")
            let rows = try Support.csvRows("\(out)/summary.csv")
            #expect(rows.count == specs.count)
            for row in rows {
                let status = row["status"] ?? ""
                #expect(status == "ok" || status == "skipped", "\(row["scenario"] ?? ""): \(row["note"] ?? "")")
                // ok only inside a user namespace: added by ProcBench, or the recipe's own.
                if status == "ok" {
                    let note = row["note"] ?? ""
                    #expect(note.contains("verified in the child: user") || note.contains("inside a new user namespace"), "\(note)")
                }
                if status == "skipped" { #expect(row["note"]?.isEmpty == false) }
            }
        }
    }
}
