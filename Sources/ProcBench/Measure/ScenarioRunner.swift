import CProcBench
import Foundation

/// Measures one scenario from start to finish and never throws: whatever
/// happens becomes the result's status and note, so one broken scenario
/// cannot stop a run.
public struct ScenarioRunner: Sendable {
    public let helpers: HelperPrograms
    public let plan: SamplingPlan
    /// Counted in the counting pass, after timing; none: parent faults only.
    public let events: [PerfEvent]

    public init(helpers: HelperPrograms, plan: SamplingPlan, events: [PerfEvent] = []) {
        self.helpers = helpers
        self.plan = plan
        self.events = events
    }

    public func run(_ scenario: Scenario, progress: (Int) -> Void = { _ in }) -> ScenarioResult {
        if let reason = unsupportedReason(scenario) {
            return ScenarioResult(scenario: scenario, status: .skipped, note: reason)
        }
        let plan: IsolationPlan
        switch IsolationPlan.make(scenario) {
        case .success(let made): plan = made
        case .failure(let failure):
            return ScenarioResult(scenario: scenario, status: failure.meansUnsupported ? .skipped : .failed,
                                  note: failure.what)
        }
        let exec: (path: String, reportsStart: Bool)?
        switch scenario.exec {
        case .none: exec = nil
        case .staticTarget: exec = (helpers.execTarget, true)
        case .dynamic: exec = (ExecTarget.dynamicPath, false)
        case .path(let path):
            guard let found = ExternalCommand.which(path) else {
                return ScenarioResult(scenario: scenario, status: .failed,
                                      note: "exec target '\(path)' not found or not executable")
            }
            exec = (found, false)
        }
        defer { if scenario.path == .process && scenario.cpu != nil { restoreAffinity() } }
        let source: OperationSource
        do {
            source = try makeSource(scenario, exec: exec, plan: plan)
        } catch {
            return failed(scenario, error, footprint: nil, plan: plan)
        }
        return measure(scenario, source: source, plan: plan, progress: progress)
    }

    private func makeSource(_ scenario: Scenario, exec: (path: String, reportsStart: Bool)?,
                            plan: IsolationPlan) throws -> OperationSource {
        guard let code = scenario.path.measuringProcessCode else {
            if let cpu = scenario.cpu {
                let err = pb_pin_to_cpu(cpu)
                guard err == 0 else { throw OperationFailure(errno: err, what: "sched_setaffinity") }
            }
            return try FoundationProcessSource(executable: exec?.path ?? helpers.execTarget,
                                               reportsStart: exec?.reportsStart ?? true, wait: scenario.wait)
        }
        let arguments = MeasuringProcess.arguments(
            path: code, flags: CloneFlags(rawValue: scenario.flags.rawValue | plan.extraCloneFlags),
            exec: exec?.path, execReportsStart: exec?.reportsStart ?? false,
            cpu: scenario.cpu, parent: scenario.parent, events: events,
            commandArguments: Array(scenario.command.dropFirst()), isolation: plan.arguments)
        if scenario.jobs > 1 {
            return try ParallelSource((0..<scenario.jobs).map { _ in
                try MeasuringProcess(program: helpers.measure, arguments: arguments)
            })
        }
        return try MeasuringProcess(program: helpers.measure, arguments: arguments)
    }

    private func measure(_ scenario: Scenario, source: OperationSource, plan: IsolationPlan,
                         progress: (Int) -> Void) -> ScenarioResult {
        let sampling: Sampling
        let cpuBefore = SystemCPU.read()
        do {
            sampling = try Sampler.collect(from: source, plan: self.plan, progress: progress)
        } catch {
            abandon(source)
            return failed(scenario, error, footprint: source.footprint, plan: plan)
        }
        // What the whole machine spent, deferred kernel work included:
        // read once it is idle again.
        let settled = SystemCPU.settle()
        var counting: CountingResult? = nil
        if sampling.failure == nil && !sampling.samples.isEmpty {
            do {
                counting = try source.count(countingOperations(sampling), events: events)
            } catch {
                abandon(source)
                return failed(scenario, error, footprint: source.footprint, plan: plan)
            }
        }
        let leftover: Int
        do {
            leftover = try source.finish()
        } catch {
            return failed(scenario, error, footprint: source.footprint, plan: plan)
        }
        if let failure = sampling.failure ?? counting?.failure {
            return failed(scenario, failure, footprint: source.footprint, plan: plan)
        }
        let primary = (source as? ParallelSource)?.first ?? source as? MeasuringProcess
        var verified = ""
        if !plan.expected.isEmpty || plan.newRoot, let primary {
            if let problem = IsolationPlan.verify(plan.expected, newRoot: plan.newRoot, inodes: primary.namespaceInodes) {
                return ScenarioResult(scenario: scenario, status: .failed, note: problem, footprint: source.footprint)
            }
            let checked = plan.expected.map(\.rawValue) + (plan.newRoot ? ["new root"] : [])
            verified = "; verified in the child: " + checked.joined(separator: ", ")
        }
        if leftover > 0 {
            return ScenarioResult(scenario: scenario, status: .failed,
                                  note: "\(leftover) children were left unreaped by the measuring process",
                                  footprint: source.footprint)
        }
        var result = ScenarioResult(scenario: scenario, status: .ok, note: "", samples: sampling.samples,
                                    startSamples: sampling.startSamples, footprint: source.footprint)
        result.counting = counting
        if let cpuBefore, let after = settled.reading {
            result.systemCPUPerOperationUs = SystemCPU.perOperation(from: cpuBefore, to: after,
                                                                    operations: sampling.operations)
            result.systemSettled = settled.settled
        }
        // Step times come from one measuring process; with jobs= its start
        // samples are interleaved with the others', so they are not paired.
        if scenario.jobs == 1 {
            result.steps = StepTime.summarize(Self.containerSteps(primary?.stepTimes ?? [], starts: sampling.startSamples))
        }
        // One worker's rate is the reciprocal of its mean latency.
        result.opsPerSecond = (source as? ParallelSource)?.operationsPerSecond
            ?? result.summary.map { 1e6 / $0.mean }
        let adaptation = plan.adaptation.map { $0 + "; " } ?? ""
        result.note = adaptation + Self.note(for: sampling.stop, summary: result.summary, plan: self.plan) + verified
        return result
    }

    /// The container's steps as a reader names them: the first mark is the
    /// child running after clone created its namespaces, and the last step
    /// is the exec, ending when the static target starts.
    static func containerSteps(_ operations: [[String: Int64]], starts: [Sample]) -> [[String: Int64]] {
        operations.enumerated().map { index, steps in
            var named = steps
            if let created = named.removeValue(forKey: "unshare") {
                named["clone with " + IsolationPlan.containerNamespaces.map(\.rawValue).joined(separator: "+")] = created
            }
            if index < starts.count, let start = starts[index].startNs { named["execve, to the target's start"] = start }
            return named
        }
    }

    private func abandon(_ source: OperationSource) {
        (source as? MeasuringProcess)?.abandon()
        (source as? ParallelSource)?.abandon()
    }

    /// The counting pass's size: like the start pass, at most 1000
    /// operations and about a fifth of the time budget.
    func countingOperations(_ sampling: Sampling) -> Int {
        let wanted = Swift.min(sampling.samples.count, plan.maximumStartCount)
        guard plan.fixedCount == nil else { return wanted }
        let median = sampling.samples.map(\.latencyNs).sorted()[sampling.samples.count / 2]
        let affordable = Int(plan.startPassShare * plan.timeBudget * 1e9 / Double(Swift.max(median, 1)))
        return Swift.max(1, Swift.min(wanted, Swift.max(10, affordable)))
    }

    private func failed(_ scenario: Scenario, _ error: Error, footprint: Footprint?,
                        plan: IsolationPlan = IsolationPlan()) -> ScenarioResult {
        if let failure = error as? OperationFailure {
            let prefix = plan.adaptation.map { $0 + ": " } ?? ""
            return ScenarioResult(scenario: scenario, status: failure.meansUnsupported ? .skipped : .failed,
                                  note: prefix + failure.description, footprint: footprint)
        }
        return ScenarioResult(scenario: scenario, status: .failed, note: "\(error)", footprint: footprint)
    }

    /// The process path pins this Swift process; later scenarios must not
    /// inherit that, and if they would, the user must hear of it.
    private func restoreAffinity() {
        let err = pb_restore_affinity()
        if err != 0 {
            FileHandle.standardError.write(Data("procbench: warning: cannot restore CPU affinity after a pinned process scenario: \(String(cString: strerror(err)))\n".utf8))
        }
    }

    /// Scenarios the measuring process cannot run correctly, said plainly.
    func unsupportedReason(_ scenario: Scenario) -> String? {
        if scenario.flags.contains("PARENT") {
            return "CLONE_PARENT makes the child a sibling the measuring process cannot reap; not measured"
        }
        if scenario.flags.contains("SETTLS") {
            return "CLONE_SETTLS needs a TLS block for the child; not measured"
        }
        return nil
    }

    static func note(for stop: StopReason, summary: Summary?, plan: SamplingPlan) -> String {
        let width = summary.map { $0.relativeCIHalfWidth * 100 } ?? .infinity
        let ci = width.isFinite ? String(format: "±%.2f%%", width) : "none (too few samples)"
        switch stop {
        case .converged: return "converged: CI of median \(ci)"
        case .budget:
            let budget = String(format: "%.1f s", plan.timeBudget)
            let target = String(format: "±%.1f%%", plan.targetRelativeCI * 100)
            return "time budget of \(budget) reached: CI of median \(ci) (target \(target))"
        case .fixed: return "fixed sample count: CI of median \(ci)"
        case .failed: return "failed"
        }
    }
}
