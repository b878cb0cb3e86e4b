// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ProcBench",
    products: [
        .executable(name: "procbench", targets: ["procbench"]),
        .library(name: "ProcBench", targets: ["ProcBench"]),
    ],
    targets: [
        // The C layer: spawn primitives, the clone flag table, footprint.
        // programs/ holds the measuring process and the static exec target;
        // ProcBench builds those with the system C compiler (see
        // Measure/HelperPrograms.swift) so they carry no Swift runtime.
        .target(name: "CProcBench", exclude: ["programs"]),
        // libpfm4 (Debian's libpfm4-dev: headers under perfmon/, library pfm,
        // no pkg-config file) turns perf event names into perf_event_attr.
        .systemLibrary(name: "CLibpfm", providers: [.apt(["libpfm4-dev"])]),
        .target(name: "ProcBench", dependencies: ["CProcBench", "CLibpfm"]),
        .executableTarget(name: "procbench", dependencies: ["ProcBench"]),
        .testTarget(name: "ProcBenchTests", dependencies: ["ProcBench"]),
    ]
)
