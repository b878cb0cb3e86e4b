/// Sizes as users write them: `0`, `4096`, `512K`, `64M`, `1G`, `1.5G`,
/// `256MiB`. Units are binary (K = 1024).
public enum ByteSize {
    static let units: [(suffix: String, factor: UInt64)] = [
        ("T", 1 << 40), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10),
    ]

    public static func parse(_ text: String) throws(SpecError) -> UInt64 {
        var body = text.uppercased()
        for tail in ["IB", "B"] where body.hasSuffix(tail) && body.count > tail.count {
            body.removeLast(tail.count)
            break
        }
        var factor: UInt64 = 1
        if let unit = units.first(where: { body.hasSuffix($0.suffix) }) {
            factor = unit.factor
            body.removeLast()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isNumber || $0 == "." }),
              let number = Double(body), number >= 0,
              number * Double(factor) < Double(UInt64.max / 2)
        else { throw SpecError("cannot read size '\(text)' (examples: 0, 512K, 64M, 1G)") }
        return UInt64(number * Double(factor))
    }

    /// The shortest exact text: 64M rather than 67108864.
    public static func text(_ bytes: UInt64) -> String {
        if bytes == 0 { return "0" }
        for unit in units where bytes % unit.factor == 0 {
            return "\(bytes / unit.factor)\(unit.suffix)"
        }
        return String(bytes)
    }
}
