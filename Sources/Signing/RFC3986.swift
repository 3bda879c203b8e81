// Syntax checks from RFC 3986 (URIs) and RFC 3339 (timestamps) that Sign-In with Ethereum messages need.
// Only the grammar is checked: nothing is resolved, normalised or fetched.

/// The character classes and productions of RFC 3986 used by EIP-4361.
enum RFC3986 {
    /// `ALPHA / DIGIT / "-" / "." / "_" / "~"`.
    static func isUnreserved(_ c: UInt8) -> Bool {
        isAlpha(c) || isDigit(c) || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "_")
            || c == UInt8(ascii: "~")
    }

    /// `"!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="`.
    static func isSubDelim(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
            UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
            UInt8(ascii: "="):
            true
        default: false
        }
    }

    /// `":" / "/" / "?" / "#" / "[" / "]" / "@"`.
    static func isGenDelim(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"), UInt8(ascii: "["),
            UInt8(ascii: "]"), UInt8(ascii: "@"):
            true
        default: false
        }
    }

    static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || ((c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "f"))
    }

    /// `ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )`.
    static func isScheme(_ s: Substring.UTF8View) -> Bool {
        guard let first = s.first, isAlpha(first) else { return false }
        return s.allSatisfy {
            isAlpha($0) || isDigit($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".")
        }
    }

    /// Whether every character is allowed by `allowed` or is part of a `"%" HEXDIG HEXDIG` escape.
    static func allCharacters(_ s: Substring.UTF8View, allowed: (UInt8) -> Bool) -> Bool {
        var i = s.startIndex
        while i != s.endIndex {
            let c = s[i]
            if c == UInt8(ascii: "%") {
                let a = s.index(after: i)
                guard a != s.endIndex, isHexDigit(s[a]) else { return false }
                let b = s.index(after: a)
                guard b != s.endIndex, isHexDigit(s[b]) else { return false }
                i = s.index(after: b)
                continue
            }
            guard allowed(c) else { return false }
            i = s.index(after: i)
        }
        return true
    }

    /// `pchar = unreserved / pct-encoded / sub-delims / ":" / "@"`.
    static func isPChar(_ c: UInt8) -> Bool {
        isUnreserved(c) || isSubDelim(c) || c == UInt8(ascii: ":") || c == UInt8(ascii: "@")
    }

    /// `authority = [ userinfo "@" ] host [ ":" port ]`, as EIP-4361's `domain` and a URI's authority.
    static func isAuthority(_ text: Substring) -> Bool {
        var rest = text
        if let at = rest.lastIndex(of: "@") {
            let userinfo = rest[..<at]
            guard
                allCharacters(userinfo.utf8, allowed: { isUnreserved($0) || isSubDelim($0) || $0 == UInt8(ascii: ":") })
            else { return false }
            rest = rest[rest.index(after: at)...]
        }
        // Split off the port: the last ":" after any IP literal.
        var host = rest
        if rest.first == "[" {
            guard let close = rest.firstIndex(of: "]") else { return false }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.first == ":", after.dropFirst().utf8.allSatisfy(isDigit) else { return false }
            }
            return isIPLiteral(host)
        }
        if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard rest[rest.index(after: colon)...].utf8.allSatisfy(isDigit) else { return false }
        }
        // IPv4address is a special case of reg-name's characters, so checking reg-name covers both.
        return allCharacters(host.utf8, allowed: { isUnreserved($0) || isSubDelim($0) })
    }

    /// `IP-literal = "[" ( IPv6address / IPvFuture ) "]"`, checked for its characters and shape (hex groups and
    /// colons, an optional trailing dotted IPv4 part; or `v` HEXDIG "." followed by unreserved, sub-delims or ":").
    static func isIPLiteral(_ text: Substring) -> Bool {
        guard text.first == "[", text.last == "]", text.count > 2 else { return false }
        let inner = text.dropFirst().dropLast()
        if inner.first == "v" || inner.first == "V" {
            guard let dot = inner.firstIndex(of: "."), dot > inner.index(after: inner.startIndex) else { return false }
            let version = inner[inner.index(after: inner.startIndex)..<dot]
            let rest = inner[inner.index(after: dot)...]
            return version.utf8.allSatisfy(isHexDigit) && !rest.isEmpty
                && rest.utf8.allSatisfy { isUnreserved($0) || isSubDelim($0) || $0 == UInt8(ascii: ":") }
        }
        guard inner.contains(":") else { return false }
        return inner.utf8.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
    }

    /// `URI = scheme ":" hier-part [ "?" query ] [ "#" fragment ]` (an absolute URI with a scheme).
    static func isURI(_ text: Substring) -> Bool {
        guard let colon = text.firstIndex(of: ":"), isScheme(text[..<colon].utf8) else { return false }
        var rest = text[text.index(after: colon)...]
        var fragment: Substring? = nil
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        var query: Substring? = nil
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        let queryOrFragment: (UInt8) -> Bool = { isPChar($0) || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
        if let query, !allCharacters(query.utf8, allowed: queryOrFragment) { return false }
        if let fragment, !allCharacters(fragment.utf8, allowed: queryOrFragment) { return false }
        var path = rest
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<end]) else { return false }
            path = afterSlashes[end...]
        }
        return allCharacters(path.utf8, allowed: { isPChar($0) || $0 == UInt8(ascii: "/") })
    }

    /// The `scheme://authority` origin of a URI with an authority, lowercased in its scheme and host; nil when the
    /// URI has no authority (`urn:…`, `mailto:…`).
    static func origin(of uri: Substring) -> (scheme: String, authority: String)? {
        guard let colon = uri.firstIndex(of: ":") else { return nil }
        let rest = uri[uri.index(after: colon)...]
        guard rest.hasPrefix("//") else { return nil }
        let afterSlashes = rest.dropFirst(2)
        let end = afterSlashes.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? afterSlashes.endIndex
        return (uri[..<colon].lowercased(), String(afterSlashes[..<end]))
    }
}

/// RFC 3339 `date-time` (`full-date "T" full-time`), the timestamps of EIP-4361.
enum RFC3339 {
    /// The unix time (seconds, with the fraction) of an RFC 3339 date-time, or nil when `text` is not one (wrong
    /// shape, a field out of range, or a day the month does not have).
    static func unixTime(_ text: Substring) -> Double? {
        let b = Array(text.utf8)
        func number(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var n = 0
            for i in start..<(start + count) {
                guard RFC3986.isDigit(b[i]) else { return nil }
                n = n * 10 + Int(b[i] - UInt8(ascii: "0"))
            }
            return n
        }
        guard b.count >= 20, let year = number(0, 4), b[4] == UInt8(ascii: "-"), let month = number(5, 2),
            b[7] == UInt8(ascii: "-"), let day = number(8, 2), b[10] | 0x20 == UInt8(ascii: "t"),
            let hour = number(11, 2), b[13] == UInt8(ascii: ":"), let minute = number(14, 2),
            b[16] == UInt8(ascii: ":"), let second = number(17, 2)
        else { return nil }
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), hour <= 23,
            minute <= 59, second <= 60
        else { return nil }
        var i = 19
        var fraction = 0.0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < b.count, RFC3986.isDigit(b[i]) { i += 1 }
            guard i > start, let value = Double("0." + String(decoding: b[start..<i], as: UTF8.self)) else {
                return nil
            }
            fraction = value
        }
        guard i < b.count else { return nil }
        var offsetSeconds = 0
        if b[i] | 0x20 == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            guard let oh = number(i + 1, 2), i + 3 < b.count, b[i + 3] == UInt8(ascii: ":"),
                let om = number(i + 4, 2), oh <= 23, om <= 59
            else { return nil }
            offsetSeconds = (oh * 3600 + om * 60) * (b[i] == UInt8(ascii: "+") ? 1 : -1)
            i += 6
        } else {
            return nil
        }
        guard i == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Double(seconds) + fraction
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` for whole unix seconds (years 0000 to 9999).
    static func format(unixSeconds: Int64) -> String {
        let days = Int(unixSeconds.floorDivided(by: 86_400))
        let secondOfDay = Int(unixSeconds - Int64(days) * 86_400)
        let (y, m, d) = civilFromDays(days)
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        return
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The inverse of ``daysFromCivil(year:month:day:)``.
    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Int64 {
    /// Division rounding toward negative infinity.
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
