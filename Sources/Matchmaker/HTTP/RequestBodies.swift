import EthPrimitives
import Foundation

// The JSON bodies the HTTP face accepts. Integers may be JSON numbers or decimal strings; amounts are decimal
// strings (JSON numbers up to 2^53 are accepted too, as nothing larger survives most JSON parsers).

/// `POST /v1/auth/login`.
struct LoginBody: Decodable {
    var message: String
    var signature: String
}

/// `PUT /v1/tutors/me`.
struct ProfileBody: Decodable {
    var languages: [String]
    var levels: [String]
    var ratePerSecond: FlexibleDecimal
    var token: String
}

/// `POST /v1/tutors/me/online`.
struct OnlineBody: Decodable {
    var leaseSeconds: FlexibleInteger
}

/// `PUT /v1/tutors/me/availability`.
struct AvailabilityBody: Decodable {
    struct Interval: Decodable {
        var start: FlexibleInteger
        var end: FlexibleInteger
    }
    var intervals: [Interval]
}

/// `POST /v1/bookings`.
struct BookingBody: Decodable {
    var tutor: String
    var start: FlexibleInteger
    var durationSeconds: FlexibleInteger
}

/// `POST /v1/match` and `POST /v1/waitlist`, read leniently into ``MatchRequestBody``.
struct MatchBody: Decodable {
    var language: String
    var level: String
    var maxRatePerSecond: FlexibleDecimal
    var token: String
    var capSeconds: FlexibleInteger
    var credentialContract: String?
    var minRating: Double?

    var body: MatchRequestBody {
        get throws(MatchmakerError) {
            guard capSeconds.value >= 0 else { throw .invalidRequest("capSeconds must be between 1 and 2^63 − 1") }
            return MatchRequestBody(
                language: language, level: level, maxRatePerSecond: maxRatePerSecond.text, token: token,
                capSeconds: UInt64(capSeconds.value), credentialContract: credentialContract, minRating: minRating)
        }
    }
}

/// An integer written as a JSON number or a decimal string.
struct FlexibleInteger: Decodable {
    var value: Int64

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let n = try? c.decode(Int64.self) {
            value = n
        } else if let s = try? c.decode(String.self), let n = Int64(s) {
            value = n
        } else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected an integer (a JSON number or a decimal string)")
        }
    }
}

/// An unsigned amount written as a decimal string (or a JSON integer), kept as its decimal text.
struct FlexibleDecimal: Decodable {
    var text: String

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let s = try? c.decode(String.self) {
            text = s
        } else if let n = try? c.decode(UInt64.self) {
            text = String(n)
        } else {
            throw DecodingError.dataCorruptedError(
                in: c, debugDescription: "expected a decimal string of token units, such as \"1000000\"")
        }
    }
}

extension DecodingError {
    /// One sentence naming the field and what was wrong with it.
    var summary: String {
        func path(_ context: Context) -> String {
            let p = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "the body" : String(p.drop(while: { $0 == "." }))
        }
        switch self {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "\(parent == "the body" ? "" : parent + ".")\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)) has the wrong type: \(context.debugDescription)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "the body is not valid JSON" : "\(path(context)) is invalid: \(context.debugDescription)"
        @unknown default:
            return "the body could not be read"
        }
    }
}
