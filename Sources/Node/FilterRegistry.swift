import ChainSim
import EthPrimitives
import JSONRPC
import Synchronization

/// The polling filters of `eth_newFilter`, `eth_newBlockFilter`, `eth_getFilterChanges` and `eth_uninstallFilter`.
///
/// Each filter collects, from the moment it is made, what the blocks mined since then bring: their hashes (block
/// filter) or their logs that match (log filter, within its block range). `eth_getFilterChanges` hands over what was
/// collected since the last poll and starts afresh. As in geth, a filter not polled for ``timeout`` (five minutes by
/// default) is dropped, so abandoned filters do not hold memory for ever; ids are random, `0x` and 32 hex digits.
final class FilterRegistry: Sendable {
    private enum Kind {
        case blocks([Hash])
        case logs(LogFilter, from: UInt64?, to: UInt64?, [Log])
    }

    private struct Entry {
        var kind: Kind
        var lastPolled: ContinuousClock.Instant
    }

    private let filters = Mutex<[String: Entry]>([:])
    private let chain: Chain
    /// How long a filter may go unpolled before it is dropped.
    let timeout: Duration
    private let token: Mutex<Chain.ObserverToken?> = Mutex(nil)

    init(chain: Chain, timeout: Duration = .seconds(300)) {
        self.chain = chain
        self.timeout = timeout
        let observer = chain.onNewBlock { [weak self] event in self?.record(event) }
        token.withLock { $0 = observer }
    }

    deinit {
        if let token = token.withLock({ $0 }) { chain.removeObserver(token) }
    }

    /// `eth_newBlockFilter`: a filter of new block hashes.
    func newBlockFilter() -> String {
        insert(.blocks([]))
    }

    /// `eth_newFilter`: a filter of new logs matching `filter`.
    ///
    /// - Throws: ``NodeError/unsupported(_:)`` for a `blockHash` filter (a single past block has no new logs: use
    ///   `eth_getLogs`), or the chain's error for a range bound that names an unknown block.
    func newLogFilter(_ filter: LogFilter) throws -> String {
        if filter.blockHash != nil {
            throw NodeError.unsupported("invalid params: a filter on one blockHash has no changes; use eth_getLogs")
        }
        let state = chain.state
        let from = try filter.fromBlock.flatMap { tag in try Self.bound(tag, state) }
        let to = try filter.toBlock.flatMap { tag in try Self.bound(tag, state) }
        if let from, let to, from > to {
            throw ChainError.invalidBlockRange(from: from, to: to)
        }
        return insert(.logs(filter, from: from, to: to, []))
    }

    /// What the filter collected since the last poll: block hashes, or logs.
    ///
    /// - Throws: ``NodeError/filterNotFound(_:)``.
    func changes(_ id: String) throws(NodeError) -> FilterChanges {
        let now = ContinuousClock.now
        return try filters.withLock { filters throws(NodeError) -> FilterChanges in
            expire(&filters, now: now)
            guard var entry = filters[id] else { throw .filterNotFound(id) }
            let changes: FilterChanges
            switch entry.kind {
            case .blocks(let hashes):
                changes = .hashes(hashes)
                entry.kind = .blocks([])
            case .logs(let filter, let from, let to, let logs):
                changes = .logs(logs)
                entry.kind = .logs(filter, from: from, to: to, [])
            }
            entry.lastPolled = now
            filters[id] = entry
            return changes
        }
    }

    /// `eth_getFilterLogs`: every log a log filter matches, past blocks included, as `eth_getLogs` would answer.
    ///
    /// - Throws: ``NodeError/filterNotFound(_:)`` (also for a block filter, as geth answers), or the chain's error.
    func logs(_ id: String) throws -> [Log] {
        let now = ContinuousClock.now
        let filter = try filters.withLock { filters throws(NodeError) -> LogFilter in
            expire(&filters, now: now)
            guard var entry = filters[id], case .logs(let filter, _, _, _) = entry.kind else {
                throw .filterNotFound(id)
            }
            entry.lastPolled = now
            filters[id] = entry
            return filter
        }
        return try chain.logs(filter: filter)
    }

    /// `eth_uninstallFilter`: true when the filter existed.
    func uninstall(_ id: String) -> Bool {
        filters.withLock { $0.removeValue(forKey: id) != nil }
    }

    /// The number of live filters.
    var count: Int {
        let now = ContinuousClock.now
        return filters.withLock { filters in
            expire(&filters, now: now)
            return filters.count
        }
    }

    // MARK: -

    private func insert(_ kind: Kind) -> String {
        let id = SubscriptionTable.newID()
        let now = ContinuousClock.now
        filters.withLock { filters in
            expire(&filters, now: now)
            filters[id] = Entry(kind: kind, lastPolled: now)
        }
        return id
    }

    private func record(_ event: NewBlockEvent) {
        guard let number = event.block.number, let hash = event.block.hash else { return }
        let now = ContinuousClock.now
        filters.withLock { filters in
            expire(&filters, now: now)
            for (id, var entry) in filters {
                switch entry.kind {
                case .blocks(var hashes):
                    hashes.append(hash)
                    entry.kind = .blocks(hashes)
                case .logs(let filter, let from, let to, var logs):
                    if let from, number < from { continue }
                    if let to, number > to { continue }
                    logs.append(contentsOf: event.logs.filter { Self.matches($0, filter) })
                    entry.kind = .logs(filter, from: from, to: to, logs)
                }
                filters[id] = entry
            }
        }
    }

    private func expire(_ filters: inout [String: Entry], now: ContinuousClock.Instant) {
        filters = filters.filter { now - $0.value.lastPolled < timeout }
    }

    /// A range bound: a number for a number (or a tag that names a fixed block), nil for `latest`/`pending`, which
    /// move with the chain.
    private static func bound(_ tag: BlockTag, _ state: ChainState) throws -> UInt64? {
        switch tag {
        case .latest, .pending, .safe, .finalized: nil
        case .earliest: 0
        case .number(let number): number
        case .hash: try state.blockNumber(of: tag)
        }
    }

    /// True when the log passes the filter's address and topic conditions.
    static func matches(_ log: Log, _ filter: LogFilter) -> Bool {
        guard filter.address.isEmpty || filter.address.contains(log.address) else { return false }
        for (position, alternatives) in filter.topics.enumerated() {
            guard let alternatives else { continue }
            guard position < log.topics.count, alternatives.contains(log.topics[position]) else { return false }
        }
        return true
    }
}

/// What `eth_getFilterChanges` returns: block hashes for a block filter, logs for a log filter.
enum FilterChanges: Sendable, Encodable {
    case hashes([Hash])
    case logs([Log])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .hashes(let hashes): try container.encode(hashes)
        case .logs(let logs): try container.encode(logs)
        }
    }
}
