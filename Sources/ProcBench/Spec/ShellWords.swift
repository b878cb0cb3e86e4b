import Foundation

/// Words as a POSIX shell splits them: blanks separate, single quotes keep
/// everything, double quotes keep all but backslash escapes, a backslash
/// keeps the next character. No expansion of any kind: nothing runs a shell.
public enum ShellWords {
    public static func split(_ text: String) throws(SpecError) -> [String] {
        var words: [String] = [], word = "", inWord = false
        var iterator = text.makeIterator()
        while let c = iterator.next() {
            switch c {
            case " ", "\t", "\n":
                if inWord { words.append(word); word = ""; inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw SpecError("unterminated ' in '\(text)'") }
                    if next == "'" { break }
                    word.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw SpecError("unterminated \" in '\(text)'") }
                    if next == "\"" { break }
                    if next == "\\", let escaped = iterator.next() { word.append(escaped) } else { word.append(next) }
                }
            case "\\":
                inWord = true
                guard let escaped = iterator.next() else { throw SpecError("trailing \\ in '\(text)'") }
                word.append(escaped)
            default:
                inWord = true
                word.append(c)
            }
        }
        if inWord { words.append(word) }
        return words
    }

    /// A word quoted so that `split` gives it back.
    public static func quote(_ word: String) -> String {
        let plain = !word.isEmpty && word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0) }
        return plain ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
