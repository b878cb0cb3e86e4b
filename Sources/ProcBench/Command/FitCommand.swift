import Foundation

/// `procbench fit DIR`: the cost model of the sweeps in a result directory,
/// printed and written to DIR/fit.csv.
enum FitCommand {
    static func main(_ words: [String]) throws -> Int32 {
        guard let arguments = try Arguments.forCommand(words, "fit", help: Help.fit) else { return 0 }
        guard arguments.positionals.count == 1, let directory = arguments.positionals.first else {
            throw SpecError("fit takes one result directory (see 'procbench help fit')")
        }
        let file = "\(directory)/summary.csv"
        let text: String
        do {
            text = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            throw SpecError("cannot read \(file): \(error.localizedDescription)")
        }
        let fits = SweepFit.fits(CSVReader.records(text))
        guard !fits.isEmpty else {
            throw SpecError("\(file) has no sweep to fit: it needs ok scenarios that differ only in parent=, fds= or threads=")
        }
        try write(fits, to: directory)
        return 0
    }

    /// Prints the fits and writes fit.csv; shared with `run` after a sweep.
    static func write(_ fits: [SweepFit], to directory: String) throws {
        print("cost model (least squares on the medians):")
        for fit in fits { print("  " + fit.line) }
        let out = try ResultDirectory(directory)
        try out.write("fit.csv", SweepFit.document(fits))
    }
}
