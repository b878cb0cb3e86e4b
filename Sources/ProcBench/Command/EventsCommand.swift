import Foundation

/// `procbench events`: what libpfm4 knows here and whether each event
/// opens, with why not.
enum EventsCommand {
    static func main(_ words: [String]) throws -> Int32 {
        guard let arguments = try Arguments.forCommand(words, "events", help: Help.events) else { return 0 }
        let userOnly = EventEncoder.mustCountUserOnly
        print("counting \(userOnly ? "user space only (perf_event_paranoid ≥ 2, not root)" : "user and kernel space")")
        print("\ndefault set:")
        for name in EventEncoder.defaultNames { print("  " + line(name, userOnly: userOnly)) }
        let names = arguments.positionals.isEmpty ? try EventCatalog.all().map(\.name) : arguments.positionals
        print(arguments.positionals.isEmpty ? "\nevery event of the PMUs present:" : "\nasked:")
        for name in names { print("  " + line(name, userOnly: userOnly)) }
        return 0
    }

    static func line(_ name: String, userOnly: Bool) -> String {
        let padded = name.padding(toLength: max(name.count, 44), withPad: " ", startingAt: 0)
        do {
            let event = try EventEncoder.encode(name, userOnly: userOnly)
            guard let err = EventEncoder.probe(event) else { return "\(padded) opens" }
            return "\(padded) does not open: errno \(err), \(EventEncoder.advice(errno: err, userOnly: userOnly))"
        } catch {
            return "\(padded) \(error)"
        }
    }
}
