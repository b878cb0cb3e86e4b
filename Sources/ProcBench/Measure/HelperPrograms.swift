import Foundation

/// The two C programs ProcBench measures with: the measuring process and the
/// static exec target.
///
/// SwiftPM links every executable through swiftc, which adds the Swift
/// runtime even to a pure C program (measured here: 44 mappings and 4.9 MB
/// RSS against 25 mappings and 1.2 MB for the same program built by gcc),
/// and cannot link statically. Both would distort what is measured, so
/// ProcBench compiles the sources of its C target with the system C compiler
/// into .build/procbench-c/<hash of sources and flags>/, once per change.
public struct HelperPrograms: Sendable {
    public let measure: String
    public let execTarget: String
    /// `cc --version`'s first line, for meta.json.
    public let compiler: String
    public let compileFlags: [String]

    static let flags = ["-O2", "-std=gnu11", "-Wall", "-Wextra", "-Werror"]

    /// The package's root, from this file's place in it.
    public static var packageRoot: String {
        if let root = ProcessInfo.processInfo.environment["PROCBENCH_ROOT"] { return root }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
    }

    /// Builds the programs if their sources changed; returns their paths.
    public static func prepare(root: String = packageRoot) throws -> HelperPrograms {
        let source = "\(root)/Sources/CProcBench"
        let library = ((try? FileManager.default.contentsOfDirectory(atPath: source)) ?? [])
            .filter { $0.hasSuffix(".c") }.sorted().map { "\(source)/\($0)" }
        guard !library.isEmpty else {
            throw SourceError("no C sources in \(source): is PROCBENCH_ROOT (\(root)) the ProcBench checkout?")
        }
        let programs = "\(source)/programs"
        let measureSources = ((try? FileManager.default.contentsOfDirectory(atPath: programs)) ?? [])
            .filter { $0.hasPrefix("measure") && $0.hasSuffix(".c") }.sorted().map { "\(programs)/\($0)" }
        let targetMain = "\(programs)/exec-target.c"
        let headers = ["\(source)/include/procbench.h", "\(programs)/measure.h"]
        guard let cc = ExternalCommand.which(ProcessInfo.processInfo.environment["CC"] ?? "cc") else {
            throw SourceError("no C compiler on PATH to build the measuring process: install gcc (apt-get install gcc)")
        }
        let version = try ExternalCommand.run(cc, ["--version"]).stdout
            .split(separator: "\n").first.map(String.init) ?? cc
        var hasher = FNV1a()
        for file in library + measureSources + [targetMain] + headers {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw SourceError("cannot read \(file): is PROCBENCH_ROOT (\(root)) the ProcBench checkout?")
            }
            hasher.add(Array(file.utf8))
            hasher.add(Array(data))
        }
        hasher.add(Array((flags + [version]).joined(separator: " ").utf8))
        let directory = "\(root)/.build/procbench-c/\(String(hasher.value, radix: 16))"
        let built = HelperPrograms(measure: "\(directory)/procbench-measure",
                                      execTarget: "\(directory)/procbench-exec-static",
                                      compiler: version, compileFlags: flags)
        if access(built.measure, X_OK) == 0 && access(built.execTarget, X_OK) == 0 {
            return built
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SourceError("cannot build the measuring process into \(directory) (\(error.localizedDescription)): "
                + "run procbench once as the owner of the checkout, then others can use what it built")
        }
        try compile(cc, flags + ["-I", "\(source)/include"] + library + measureSources + ["-pthread"],
                    into: built.measure)
        try compile(cc, flags + ["-static", targetMain], into: built.execTarget)
        return built
    }

    /// Compiles to a temporary name and renames, so concurrent builds (tests
    /// run in parallel) never see a half-written program.
    private static func compile(_ cc: String, _ arguments: [String], into output: String) throws {
        let temporary = "\(output).\(getpid()).tmp"
        let result = try ExternalCommand.run(cc, arguments + ["-o", temporary])
        guard result.status == 0 else {
            unlink(temporary)
            throw SourceError("building \(output) failed (\(cc) exit \(result.status)): \(result.stderr)")
        }
        guard rename(temporary, output) == 0 else {
            throw SourceError("cannot move \(temporary) into place: \(String(cString: strerror(errno)))")
        }
    }
}

/// 64-bit FNV-1a: a stable content hash for naming build directories.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: [UInt8]) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }
}
