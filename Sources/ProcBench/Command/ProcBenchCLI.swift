import Foundation

/// The command line: dispatches to a command and turns every error into one
/// line on stderr and an exit status.
public enum ProcBenchCLI {
    public static func main(_ arguments: [String]) -> Int32 {
        let words = Array(arguments.dropFirst())
        do {
            switch words.first {
            case nil, "help", "-h", "--help":
                let topic = words.count > 1 ? words[1] : "help"
                guard let text = Help.text(for: topic) else { throw SpecError("no help for '\(topic)'") }
                print(text)
                return 0
            case "run":
                return try RunCommand.main(Array(words.dropFirst()), commandLine: arguments)
            case "list":
                return try ListCommand.main(Array(words.dropFirst()))
            case "events":
                return try EventsCommand.main(Array(words.dropFirst()))
            case "fit":
                return try FitCommand.main(Array(words.dropFirst()))
            case let other?:
                throw SpecError("unknown command '\(other)' (commands: run, list, events, fit, help)")
            }
        } catch let error as SpecError {
            complain(error.message)
            return 2
        } catch {
            complain("\(error)")
            return 3
        }
    }

    static func complain(_ message: String) {
        FileHandle.standardError.write(Data("procbench: \(message)\n".utf8))
    }
}
