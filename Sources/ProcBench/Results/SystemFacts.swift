import Foundation

/// The conditions a figure was measured under. Every field comes from the
/// running system; a field that cannot be read says "unknown".
public struct SystemFacts: Codable, Sendable {
    public var hostname: String
    public var kernel: String
    public var cpuModel: String
    public var cores: Int
    /// /sys/kernel/mm/transparent_hugepage/enabled, the bracketed choice.
    public var transparentHugepages: String
    /// /sys/devices/system/cpu/vulnerabilities/*: name → kernel's words.
    public var mitigations: [String: String]
    public var perfEventParanoid: String
    public var virtualization: String
    public var glibc: String
    public var swift: String
    public var root: Bool

    public static func collect() -> SystemFacts {
        var name = utsname()
        uname(&name)
        let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let version = withUnsafeBytes(of: &name.version) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let cpuinfo = read("/proc/cpuinfo") ?? ""
        return SystemFacts(
            hostname: ProcessInfo.processInfo.hostName,
            kernel: "\(release) \(version)",
            cpuModel: field(cpuinfo, "model name") ?? "unknown",
            cores: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))),
            transparentHugepages: bracketed(read("/sys/kernel/mm/transparent_hugepage/enabled")) ?? "unknown",
            mitigations: mitigations(),
            perfEventParanoid: read("/proc/sys/kernel/perf_event_paranoid")?.trimmed ?? "unknown",
            virtualization: virtualization(cpuinfo: cpuinfo),
            glibc: glibcVersion(),
            swift: swiftVersion,
            root: geteuid() == 0)
    }

    static func read(_ path: String) -> String? {
        try? String(contentsOfFile: path, encoding: .utf8)  // absent files are common: the field says unknown
    }

    static func field(_ cpuinfo: String, _ key: String) -> String? {
        for line in cpuinfo.split(separator: "\n") where line.hasPrefix(key) {
            if let colon = line.firstIndex(of: ":") { return String(line[line.index(after: colon)...]).trimmed }
        }
        return nil
    }

    /// "always [madvise] never" → "madvise".
    static func bracketed(_ text: String?) -> String? {
        guard let text, let open = text.firstIndex(of: "["), let close = text.firstIndex(of: "]") else { return nil }
        return String(text[text.index(after: open)..<close])
    }

    static func mitigations() -> [String: String] {
        let directory = "/sys/devices/system/cpu/vulnerabilities"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var result: [String: String] = [:]
        for name in names { result[name] = read("\(directory)/\(name)")?.trimmed ?? "unknown" }
        return result
    }

    static func virtualization(cpuinfo: String) -> String {
        let flags = field(cpuinfo, "flags")?.split(separator: " ") ?? []
        let vendor = read("/sys/class/dmi/id/sys_vendor")?.trimmed
        let product = read("/sys/class/dmi/id/product_name")?.trimmed
        let dmi = [vendor, product].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        let guest = flags.contains("hypervisor") ? "guest (cpuinfo hypervisor flag)" : "no hypervisor flag"
        return dmi.isEmpty ? guest : "\(guest); DMI: \(dmi)"
    }

    static func glibcVersion() -> String {
        var buffer = [CChar](repeating: 0, count: 64)
        let length = confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count)
        guard length > 0 else { return "unknown" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The toolchain on PATH says its exact version; failing that, the
    /// compiler ProcBench was built with, as far as #if can tell.
    static var swiftVersion: String {
        if let swift = ExternalCommand.which("swift"),
           let output = try? ExternalCommand.run(swift, ["--version"]), output.status == 0,
           let first = output.stdout.split(separator: "\n").first {
            return String(first)
        }
        #if compiler(>=6.3)
        return "built with 6.3 or later"
        #elseif compiler(>=6.2)
        return "built with 6.2"
        #elseif compiler(>=6.1)
        return "built with 6.1"
        #else
        return "built with 6.0"
        #endif
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
