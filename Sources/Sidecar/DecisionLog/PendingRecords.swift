// PendingRecords: the decision records the request path has handed over and the log's
// queue has not encoded yet — a ring of fixed capacity (DECISION_LOG_BUFFER_EVENTS), so
// adding one is O(1) whatever the load, and when it is full the oldest record gives way
// (counted). Every pending record is newer than every encoded one, so dropping the oldest
// here and in the buffer keeps the newest events overall.

/// What the request path or the Data API hands over: an agent's decision or a query.
enum PendingRecord: Sendable {
    case decision(DecisionRecord)
    case dataQuery(DataQueryRecord)
}

/// A bounded FIFO of decision records, dropping its oldest when full.
struct PendingRecords: Sendable {
    private var slots: [PendingRecord?]
    private var head = 0
    private(set) var count = 0
    /// Records given way since the last `drain`.
    private var droppedSinceDrain = 0

    init(capacity: Int) {
        slots = Array(repeating: nil, count: max(1, capacity))
    }

    mutating func append(_ record: PendingRecord) {
        if count == slots.count {
            slots[head] = nil
            head = (head + 1) % slots.count
            count -= 1
            droppedSinceDrain += 1
        }
        slots[(head + count) % slots.count] = record
        count += 1
    }

    /// Takes every record, oldest first, and the number dropped since the last drain.
    mutating func drain() -> (records: [PendingRecord], dropped: Int) {
        var records: [PendingRecord] = []
        records.reserveCapacity(count)
        for i in 0..<count {
            let slot = (head + i) % slots.count
            if let r = slots[slot] { records.append(r) }
            slots[slot] = nil
        }
        let dropped = droppedSinceDrain
        head = 0
        count = 0
        droppedSinceDrain = 0
        return (records, dropped)
    }
}
