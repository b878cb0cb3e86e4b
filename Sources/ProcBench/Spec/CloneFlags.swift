import CProcBench
import Foundation

/// A set of CLONE_* flags, named as the kernel names them, with or without
/// the `CLONE_` prefix. The table of names lives in the C layer so the Swift
/// parser and the spawn primitives agree on every value.
public struct CloneFlags: Hashable, Sendable {
    public let rawValue: UInt64

    public init(rawValue: UInt64) { self.rawValue = rawValue }

    public struct Entry: Sendable {
        public let name: String
        public let value: UInt64
        public let clone3Only: Bool
    }

    /// Every flag ProcBench knows, ordered by value.
    public static let table: [Entry] = (0..<pb_clone_flag_count()).map { index in
        Entry(name: String(cString: pb_clone_flag_name(index)),
              value: pb_clone_flag_value(index),
              clone3Only: pb_clone_flag_clone3_only(index) != 0)
    }

    public static func value(named name: String) -> UInt64? {
        var key = name.uppercased()
        if key.hasPrefix("CLONE_") { key.removeFirst("CLONE_".count) }
        return table.first { $0.name == key }?.value
    }

    /// Parses `VM|VFORK`; the empty string is no flags.
    public init(parsing text: String) throws(SpecError) {
        var value: UInt64 = 0
        let names = text.isEmpty ? [] : text.split(separator: "|", omittingEmptySubsequences: false)
        for name in names {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard let bit = Self.value(named: trimmed) else {
                throw SpecError("unknown clone flag '\(trimmed)' (see 'procbench list')")
            }
            value |= bit
        }
        self.init(rawValue: value)
    }

    public func contains(_ name: String) -> Bool {
        guard let bit = Self.value(named: name) else { return false }
        return rawValue & bit != 0
    }

    /// Canonical text: names without prefix, by value, joined by `|`.
    public var text: String {
        Self.table.filter { rawValue & $0.value != 0 }.map(\.name).joined(separator: "|")
    }

    public var clone3OnlyNames: [String] {
        Self.table.filter { $0.clone3Only && rawValue & $0.value != 0 }.map(\.name)
    }
}
