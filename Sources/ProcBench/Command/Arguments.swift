/// A small command-line parser: `--name value`, `--name=value`, flags, and
/// positionals. Anything unknown is an error naming the option.
struct Arguments {
    struct Option {
        let name: String
        let takesValue: Bool
        let repeatable: Bool

        init(_ name: String, takesValue: Bool = true, repeatable: Bool = false) {
            self.name = name
            self.takesValue = takesValue
            self.repeatable = repeatable
        }
    }

    private(set) var values: [String: [String]] = [:]
    private(set) var positionals: [String] = []

    init(_ words: [String], options: [Option], command: String) throws(SpecError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" {
                positionals += words[index...]
                break
            }
            guard word.hasPrefix("-") && word.count > 1 else {
                positionals.append(word)
                continue
            }
            var name = word.hasPrefix("--") ? String(word.dropFirst(2)) : String(word.dropFirst())
            var inline: String? = nil
            if let equals = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if name == "h" { name = "help" }
            guard let option = options.first(where: { $0.name == name }) else {
                throw SpecError("unknown option '\(word)' for '\(command)' (see 'procbench help \(command)')")
            }
            var value = ""
            if option.takesValue {
                if let inline {
                    value = inline
                } else {
                    guard index < words.count else { throw SpecError("--\(name) needs a value") }
                    value = words[index]
                    index += 1
                }
            } else if inline != nil {
                throw SpecError("--\(name) takes no value")
            }
            if values[name] != nil && !option.repeatable { throw SpecError("--\(name) given twice") }
            values[name, default: []].append(value)
        }
    }

    /// Parses a command's words with `-h`/`--help` added to its options;
    /// prints the command's help and returns nil when asked for it.
    static func forCommand(_ words: [String], _ command: String, options: [Option] = [],
                           help: String) throws(SpecError) -> Arguments? {
        let arguments = try Arguments(words, options: options + [Option("help", takesValue: false)], command: command)
        if arguments.has("help") {
            print(help)
            return nil
        }
        return arguments
    }

    func has(_ name: String) -> Bool { values[name] != nil }
    func last(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }

    func integer(_ name: String, minimum: Int) throws(SpecError) -> Int? {
        guard let text = last(name) else { return nil }
        guard let value = Int(text), value >= minimum else {
            throw SpecError("--\(name) takes a whole number ≥ \(minimum), not '\(text)'")
        }
        return value
    }

    func seconds(_ name: String) throws(SpecError) -> Double? {
        guard let text = last(name) else { return nil }
        guard let value = Double(text), value > 0, value.isFinite else {
            throw SpecError("--\(name) takes a number of seconds > 0, not '\(text)'")
        }
        return value
    }
}
