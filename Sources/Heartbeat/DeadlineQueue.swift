/// Deadlines by key, at most one per key, in an indexed binary min-heap.
///
/// Scheduling, moving and cancelling a key's deadline cost O(log n); looking at the earliest is O(1); taking the due
/// ones costs O(k log n) for k due deadlines. A tick that finds nothing due looks at one entry, however many keys
/// are scheduled: the cost of a tick does not grow with the number of sessions, unlike a scan.
///
/// Deadlines at the same time come out in the order they were scheduled (moving a key counts as scheduling it
/// again), so the order is deterministic.
public struct DeadlineQueue<Key: Hashable & Sendable>: Sendable {
    /// One scheduled deadline.
    public struct Entry: Sendable {
        /// Whose deadline it is.
        public var key: Key
        /// When it falls due (any unit the caller uses consistently; the services use unix seconds).
        public var time: Double
        /// The scheduling order, to break ties.
        var order: UInt64

        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && order < other.order)
        }
    }

    private var heap: [Entry] = []
    private var positions: [Key: Int] = [:]
    private var nextOrder: UInt64 = 0

    /// An empty queue.
    public init() {}

    /// How many keys have a deadline.
    public var count: Int { heap.count }
    /// True when no key has a deadline.
    public var isEmpty: Bool { heap.isEmpty }
    /// The earliest deadline, nil when the queue is empty.
    public var first: Entry? { heap.first }

    /// `key`'s deadline, nil when it has none.
    public func deadline(of key: Key) -> Double? {
        positions[key].map { heap[$0].time }
    }

    /// Sets `key`'s deadline to `time`, replacing the one it had.
    ///
    /// - Parameter time: a finite time (a NaN or infinite deadline is a programming error and stops the program).
    public mutating func schedule(_ key: Key, at time: Double) {
        precondition(time.isFinite, "DeadlineQueue: deadlines must be finite, got \(time)")
        let entry = Entry(key: key, time: time, order: nextOrder)
        nextOrder &+= 1
        if let index = positions[key] {
            let earlier = entry.precedes(heap[index])
            heap[index] = entry
            if earlier { siftUp(index) } else { siftDown(index) }
        } else {
            heap.append(entry)
            positions[key] = heap.count - 1
            siftUp(heap.count - 1)
        }
    }

    /// Removes `key`'s deadline; returns whether it had one.
    @discardableResult
    public mutating func cancel(_ key: Key) -> Bool {
        guard let index = positions.removeValue(forKey: key) else { return false }
        let last = heap.removeLast()
        guard index < heap.count else { return true }
        heap[index] = last
        positions[last.key] = index
        if index > 0, last.precedes(heap[(index - 1) / 2]) { siftUp(index) } else { siftDown(index) }
        return true
    }

    /// Removes and returns the earliest deadline if it is at or before `now`.
    public mutating func popFirst(dueAt now: Double) -> Entry? {
        guard let first = heap.first, first.time <= now else { return nil }
        cancel(first.key)
        return first
    }

    /// Removes and returns every deadline at or before `now`, earliest first.
    public mutating func popDue(at now: Double) -> [Entry] {
        var due: [Entry] = []
        while let entry = popFirst(dueAt: now) { due.append(entry) }
        return due
    }

    private mutating func siftUp(_ start: Int) {
        var index = start
        let entry = heap[index]
        while index > 0 {
            let parent = (index - 1) / 2
            guard entry.precedes(heap[parent]) else { break }
            heap[index] = heap[parent]
            positions[heap[index].key] = index
            index = parent
        }
        heap[index] = entry
        positions[entry.key] = index
    }

    private mutating func siftDown(_ start: Int) {
        var index = start
        let entry = heap[index]
        let count = heap.count
        while true {
            let left = 2 * index + 1
            guard left < count else { break }
            let right = left + 1
            let child = right < count && heap[right].precedes(heap[left]) ? right : left
            guard heap[child].precedes(entry) else { break }
            heap[index] = heap[child]
            positions[heap[index].key] = index
            index = child
        }
        heap[index] = entry
        positions[entry.key] = index
    }
}
