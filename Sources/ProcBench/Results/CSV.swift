import Foundation

/// CSV per RFC 4180: comma-separated, CRLF line ends, a field quoted when it
/// holds a comma, quote, CR or LF, with quotes doubled inside.
public enum CSV {
    public static func field(_ value: String) -> String {
        // By scalar: Swift reads "\r\n" as one Character, equal to neither.
        guard value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }) else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func line(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    public static func document(header: [String], rows: [[String]]) -> String {
        var text = line(header)
        for row in rows { text += line(row) }
        return text
    }

    /// A number as CSV writes it: fixed three decimals (nanosecond
    /// resolution in microseconds), empty when absent.
    public static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return String(format: "%.3f", value)
    }
}
