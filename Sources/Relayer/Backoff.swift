/// Exponential backoff with full jitter: after the n-th failure in a row, wait a uniformly random time in
/// `[base × 2^(n−1) / 2, base × 2^(n−1)]`, never more than ``maximum``.
///
/// The jitter spreads the retries of many relayers (and many intents) that failed together, so that a node coming
/// back is not hit by all of them in the same second; the lower half is kept so that a retry never comes at once.
public struct Backoff: Sendable, Hashable {
    /// The delay ceiling after the first failure, in seconds.
    public var base: Double
    /// The largest delay, in seconds.
    public var maximum: Double

    /// A backoff starting at `base` seconds and never waiting more than `maximum`.
    public init(base: Double = 1, maximum: Double = 60) {
        self.base = max(0, base)
        self.maximum = max(self.base, maximum)
    }

    /// The ceiling of the delay after `failures` failures in a row (1 for the first): `base × 2^(failures−1)`,
    /// capped at ``maximum``; 0 for no failure.
    public func ceiling(afterFailures failures: Int) -> Double {
        guard failures > 0 else { return 0 }
        let exponent = Double(min(failures - 1, 62))
        return min(maximum, base * Double.pow2(exponent))
    }

    /// A delay after `failures` failures in a row, drawn with `generator`.
    public func delay(afterFailures failures: Int, using generator: inout some RandomNumberGenerator) -> Double {
        let ceiling = ceiling(afterFailures: failures)
        guard ceiling > 0 else { return 0 }
        return Double.random(in: (ceiling / 2)...ceiling, using: &generator)
    }
}

extension Double {
    /// 2^exponent.
    fileprivate static func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
