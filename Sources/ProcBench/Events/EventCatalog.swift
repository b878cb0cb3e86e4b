import CLibpfm
import Foundation

/// Every event libpfm4 knows on this machine's present PMUs, for
/// `procbench events`.
public enum EventCatalog {
    public struct Entry: Sendable {
        public var name: String
        public var pmu: String
        public var description: String
    }

    public static func all() throws(SpecError) -> [Entry] {
        _ = try? EventEncoder.encode("task-clock")  // initialises libpfm4; failure is reported below
        var entries: [Entry] = []
        for pmuIndex in Int32(PFM_PMU_NONE.rawValue)..<Int32(PFM_PMU_MAX.rawValue) {
            var pmu = pfm_pmu_info_t()
            pmu.size = MemoryLayout<pfm_pmu_info_t>.size
            guard pfm_get_pmu_info(pfm_pmu_t(rawValue: UInt32(pmuIndex)), &pmu) == PFM_SUCCESS,
                  pmu.is_present != 0 else { continue }
            let pmuName = String(cString: pmu.name)
            var index = pmu.first_event
            while index != -1 {
                var event = pfm_event_info_t()
                event.size = MemoryLayout<pfm_event_info_t>.size
                if pfm_get_event_info(index, PFM_OS_NONE, &event) == PFM_SUCCESS {
                    let description = event.desc.map { String(cString: $0) } ?? ""
                    entries.append(Entry(name: "\(pmuName)::\(String(cString: event.name))", pmu: pmuName,
                                         description: description))
                }
                index = pfm_get_event_next(index)
            }
        }
        if entries.isEmpty { throw SpecError("libpfm4 knows no events here (no PMU present, not even perf's)") }
        return entries
    }
}
