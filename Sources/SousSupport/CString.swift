extension String {
    /// The text of a C buffer filled by a system call (`getcwd`, `readlink`, an error
    /// buffer): up to its first NUL, or the whole buffer when it has none.
    public init(cBuffer buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
