import Foundation

/// A suite: plain text, one spec a line, `#` starts a comment.
public enum SuiteFile {
    public static func load(_ file: String) throws(SpecError) -> [Scenario] {
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw SpecError("cannot read suite file \(file): \(error.localizedDescription)")
        }
        return try parse(text, file: file)
    }

    public static func parse(_ text: String, file: String) throws(SpecError) -> [Scenario] {
        var scenarios: [Scenario] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
                .trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            do {
                scenarios += try SpecParser.parse(line)
            } catch {
                throw error.located(file, line: index + 1)
            }
        }
        if scenarios.isEmpty { throw SpecError("\(file): no specs in suite") }
        return scenarios
    }
}
