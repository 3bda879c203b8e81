import Foundation
import Synchronization

/// The wall clock the services read, in unix time: injected so that tests move time by hand and never sleep.
public protocol UnixClock: Sendable {
    /// Now, in unix seconds with a fractional part.
    func now() -> Double
}

extension UnixClock {
    /// Now, in whole unix seconds (rounded down), as `block.timestamp` counts.
    public func nowSeconds() -> UInt64 { UInt64(max(0, now()).rounded(.down)) }
}

/// The system's wall clock.
public struct SystemUnixClock: UnixClock {
    /// The system clock.
    public init() {}
    /// `Date().timeIntervalSince1970`.
    public func now() -> Double { Date().timeIntervalSince1970 }
}

/// A clock that moves only when told: for tests and scripted runs such as `metered demo`.
public final class ManualUnixClock: UnixClock {
    private let current: Mutex<Double>

    /// A clock reading `start` unix seconds.
    public init(start: Double) { current = Mutex(start) }
    /// The time it was set to.
    public func now() -> Double { current.withLock { $0 } }
    /// Moves the clock forward by `seconds` (negative values are ignored: time never runs backwards).
    public func advance(by seconds: Double) { current.withLock { $0 += max(0, seconds) } }
    /// Sets the clock to `time` if that is not earlier than now.
    public func set(to time: Double) { current.withLock { $0 = max($0, time) } }
}
