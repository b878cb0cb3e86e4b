import Foundation
import ProcBench

exit(ProcBenchCLI.main(CommandLine.arguments))
