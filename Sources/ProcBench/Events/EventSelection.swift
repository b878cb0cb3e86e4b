import Foundation

/// The events a run counts: `--events default`, or names separated by
/// commas (`default` may be one of them).
public struct EventSelection: Sendable {
    /// One summary.csv column each, in the order given.
    public var events: [PerfEvent] = []
    /// Events that do not open here, with the errno: their columns stay empty.
    public var unavailable: [String: Int32] = [:]
    /// Default events left out because they do not open here.
    public var defaultsLeftOut: [String: Int32] = [:]

    public init() {}

    public static func parse(_ text: String) throws(SpecError) -> EventSelection {
        var selection = EventSelection()
        let userOnly = EventEncoder.mustCountUserOnly
        for name in text.split(separator: ",").map(String.init) {
            if name == "default" {
                for defaultName in EventEncoder.defaultNames where !selection.events.contains(where: { $0.name == defaultName }) {
                    let event = try EventEncoder.encode(defaultName, userOnly: userOnly)
                    if let err = EventEncoder.probe(event) {
                        selection.defaultsLeftOut[defaultName] = err
                    } else {
                        selection.events.append(event)
                    }
                }
                continue
            }
            guard !selection.events.contains(where: { $0.name == name }) else {
                throw SpecError("event '\(name)' named twice in --events")
            }
            let event = try EventEncoder.encode(name, userOnly: userOnly)
            if let err = EventEncoder.probe(event) { selection.unavailable[name] = err }
            selection.events.append(event)
        }
        if selection.events.isEmpty && selection.defaultsLeftOut.isEmpty {
            throw SpecError("--events needs event names or 'default'")
        }
        return selection
    }

    /// One line per event that cannot be counted, for stderr.
    public var warnings: [String] {
        var lines: [String] = []
        if !defaultsLeftOut.isEmpty {
            let names = EventEncoder.defaultNames.filter { defaultsLeftOut[$0] != nil }
            let reasons = Set(defaultsLeftOut.values.map { EventEncoder.advice(errno: $0, userOnly: EventEncoder.mustCountUserOnly) })
            lines.append("default events \(names.joined(separator: ", ")) do not open here (\(reasons.sorted().joined(separator: "; "))); left out")
        }
        return lines + unavailable.sorted { $0.key < $1.key }.map { name, err in
            "event \(name) cannot be counted: errno \(err) (\(String(cString: strerror(err)))): "
                + EventEncoder.advice(errno: err, userOnly: EventEncoder.mustCountUserOnly)
                + "; its columns stay empty"
        }
    }
}
