import Foundation

/// Reads newline-terminated lines from a descriptor with read(2), retrying
/// EINTR. FileHandle's line APIs are not used because each read must return
/// as soon as a line is there, not when a buffer is full.
final class LineReader {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    init(fd: Int32) { self.fd = fd }

    /// The next line without its newline, or nil at end of file.
    func next() throws -> Substring? {
        while true {
            if let newline = buffer[start...].firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[start..<newline], as: UTF8.self)
                start = newline + 1
                if start > 1 << 16 {
                    buffer.removeFirst(start)
                    start = 0
                }
                return Substring(line)
            }
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SourceError("reading from the measuring process: \(String(cString: strerror(errno)))")
            }
            if count == 0 { return nil }
            buffer.append(contentsOf: chunk[0..<count])
        }
    }
}
