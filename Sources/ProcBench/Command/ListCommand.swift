import Foundation

/// `procbench list`: the vocabulary, from the same tables the parser uses.
enum ListCommand {
    static func main(_ words: [String]) throws -> Int32 {
        guard let arguments = try Arguments.forCommand(words, "list", help: Help.list) else { return 0 }
        guard arguments.positionals.isEmpty else {
            throw SpecError("list takes no arguments, got '\(arguments.positionals[0])'")
        }
        print("paths:")
        for path in CreationPath.allCases {
            print("  \(path.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) \(path.summary)")
        }
        print("\noptions (key=value; a comma list sweeps):")
        for option in SpecParser.options {
            print("  \(option.key.padding(toLength: 12, withPad: " ", startingAt: 0)) \(option.help)")
        }
        print("\nclone flags (CLONE_ prefix optional; * clone3 only):")
        let names = CloneFlags.table.map { $0.name + ($0.clone3Only ? "*" : "") }
        print("  " + names.joined(separator: " "))
        print("\nsuites:")
        let directory = "\(HelperPrograms.packageRoot)/Benchmarks"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for file in files.sorted() where file.hasSuffix(".suite") {
            print("  Benchmarks/\(file)")
        }
        return 0
    }
}
