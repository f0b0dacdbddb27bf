import SousSupport

/// `psql` for infrataster-plugin-pgsql's queries, run on the server: rows as string hashes.
enum PostgresQuery {
    static func command(_ query: String, settings: [String: String]) -> String {
        var words = ["psql", "-X", "--csv", "-v", "ON_ERROR_STOP=1"]
        if let database = settings["dbname"], !database.isEmpty { words += ["-d", database] }
        if let host = settings["host"], !host.isEmpty { words += ["-h", host] }
        if let port = settings["port"], !port.isEmpty { words += ["-p", port] }
        words += ["-c", query]
        let user = settings["user"] ?? "postgres"
        let quoted = words.map(shellQuoted).joined(separator: " ")
        let password = settings["password"].flatMap { $0.isEmpty ? nil : "PGPASSWORD=\(shellQuoted($0)) " } ?? ""
        // Over the local socket as the role's own system user (peer authentication), or as that role over TCP.
        if settings["host"].map({ !$0.isEmpty }) ?? false { return "\(password)\(quoted) -U \(shellQuoted(user))" }
        return "\(password)runuser -u \(shellQuoted(user)) -- \(quoted)"
    }


    /// RFC 4180 CSV (psql --csv): the first row names the columns.
    static func rows(fromCSV text: String) -> [[(String, String)]] {
        var records: [[String]] = []
        var field = "", record: [String] = []
        var quoted = false, afterQuote = false
        var characters = Array(text)
        if characters.last != "\n" { characters.append("\n") }
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if quoted {
                if character == "\"" {
                    if index + 1 < characters.count && characters[index + 1] == "\"" { field.append("\""); index += 1 } else { quoted = false; afterQuote = true }
                } else {
                    field.append(character)
                }
            } else if character == "\"" && field.isEmpty && !afterQuote {
                quoted = true
            } else if character == "," {
                record.append(field); field = ""; afterQuote = false
            } else if character == "\n" || character == "\r\n" {
                record.append(field); field = ""; afterQuote = false
                records.append(record); record = []
            } else if character != "\r" {
                field.append(character)
            }
            index += 1
        }
        guard let header = records.first else { return [] }
        return records.dropFirst().filter { $0 != [""] }.map { values in
            header.enumerated().map { ($0.element, $0.offset < values.count ? values[$0.offset] : "") }
        }
    }
}
