/// Bad input in a spec, a suite file or on the command line: reported as one
/// line on stderr, exit 2, before anything is measured.
public struct SpecError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// The same error, placed at a line of a file.
    func located(_ file: String, line: Int) -> SpecError {
        SpecError("\(file):\(line): \(message)")
    }
}
