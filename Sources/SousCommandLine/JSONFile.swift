import SousSupport

/// A JSON file named on the command line (`-j`, `from file`, `raw -i`): read and parsed,
/// with a usage error naming the file, and the line and column where it stops being JSON.
enum JSONFile {
    static func read(_ path: String, host: ProcessHost) throws -> JSON {
        let bytes: [UInt8]
        do {
            bytes = try host.readRegularFile(path, limit: 64 << 20)
        } catch {
            throw UsageError("cannot read \(path): \(error)")
        }
        do {
            return try JSON.parse(bytes: bytes)
        } catch let error as JSONSyntaxError {
            let (line, column) = position(of: error.offset, in: bytes)
            throw UsageError("\(path):\(line):\(column): not JSON: \(error.message)")
        }
    }

    static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes.prefix(offset) {
            if byte == 0x0A { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
