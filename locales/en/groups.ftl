# Consumer groups: the start-a-consumer form, each group's card, its members, its
# kafka-consumer-groups.sh table, its lag chart and its delivery check.

delivery-nothing-yet = Delivery check: nothing received yet from the sandbox's producers.
delivery-clean = Delivery check: { $received ->
    [one] { $received } record received, each once and in send order per key.
   *[other] { $received } records received, each once and in send order per key.
}
# $parts: delivery-found-twice and/or delivery-found-order, joined with ", ".
delivery-found = Delivery check: { $parts } of { $received } received.
delivery-found-twice = { $twice ->
    [one] { $twice } record received twice
   *[other] { $twice } records received twice
}
delivery-found-order = { $keys ->
    [one] { $keys } key
   *[other] { $keys } keys
} out of send order ({ $late ->
    [one] { $late } record
   *[other] { $late } records
})
delivery-twice = received twice
delivery-out-of-order = out of send order
delivery-twice-offsets = { $first } and { $offset }
delivery-twice-offset-earlier = { $offset } (and earlier)
delivery-order-offsets = { $offset } after { $after }
delivery-twice-why = sent once, written twice: a retry of a batch whose answer was lost (enable.idempotence=false)
delivery-order-why = offset { $offset } was sent before offset { $after }: its retry landed after a later batch (more than one request in flight without idempotence)
delivery-region = Delivery check findings of group { $group }
delivery-caption = Records received twice or out of their producer's send order, newest first
delivery-col-key = Key
delivery-col-partition = Partition
delivery-col-found = Found
delivery-col-offsets = Offsets
delivery-col-producer = Producer
delivery-col-why = Why

## The start-a-consumer form.

consumer-form-title = Start a consumer
consumer-form-topic = Topic
consumer-form-classic-assignors = group.protocol=classic (client-side assignor)
consumer-form-broker-assignors = group.protocol=consumer (KIP-848, broker-side assignor)
consumer-form-commits = Commits
consumer-form-commit-auto = auto, every 5 s
consumer-form-commit-auto-help = enable.auto.commit=true: commits every auto.commit.interval.ms (5 s)
consumer-form-commit-manual = commitSync() per batch
consumer-form-commit-manual-help = enable.auto.commit=false and commitSync() after each batch
consumer-form-commit-before = commitSync() before processing
consumer-form-commit-before-help = enable.auto.commit=false and commitSync() as soon as poll() returns, before processing: a crash loses the rest of the batch (at-most-once)
consumer-form-reset-latest = latest (Kafka's default)
consumer-form-isolation-help = read_committed: reads up to the last stable offset and skips records of aborted transactions
consumer-form-isolation-default = read_uncommitted (default)
consumer-form-processing = Processing ms per record
consumer-form-submit = Start consumer
# $what: a config name (session.timeout.ms) or consumer-form-processing-name.
consumer-form-whole-number = { $what } must be a whole number
consumer-form-processing-name = Processing time
consumer-form-choose-assignor = choose an assignor
consumer-form-choose-reset = choose auto.offset.reset
consumer-form-choose-isolation = choose isolation.level
consumer-form-started = Started { $consumer } in group { $group }.

## The groups panel and each group's card. Group states (Stable, PreparingRebalance …) are
## Kafka's names and are shown as printed.

groups-title = Consumer groups
groups-empty = No consumers yet: start one with the form. Each group's coordinator is the leader of its __consumer_offsets partition.
group-head-state = state
group-generation = generation
group-epoch = group epoch
group-head-coordinator = coordinator
group-coordinator-broker = broker { $broker } (leader of __consumer_offsets-{ $partition })
group-coordinator-no-offsets-topic = none: COORDINATOR_NOT_AVAILABLE; __consumer_offsets needs offsets.topic.replication.factor = { $rf } brokers
    and the cluster has { $brokers }, so no group can form
group-coordinator-no-leader = none (__consumer_offsets-{ $partition } has no leader)
# $assignor: uniform, range, cooperative-sticky … (as Kafka names them).
group-protocol-consumer = { $assignor } (consumer protocol, KIP-848: assigned on the broker)
group-protocol-cooperative = { $assignor } (classic, cooperative)
group-protocol-eager = { $assignor } (classic, eager)
group-head-lag = lag
group-head-redelivered = redelivered
group-head-rebalances = rebalances
group-head-skipped = never processed
group-table-region = kafka-consumer-groups --describe output for { $group }
group-table-caption = kafka-consumer-groups.sh --describe --group { $group }: { $shown } of { $total } rows (partitions on this page)

## A group's members (its consumers).

member-status-running = running
member-status-not-polling = not polling
member-status-slow = slow
member-status-crashed = crashed
member-status-closed = closed
member-status-failed = failed
member-group-leader = group leader
member-not-a-member = not a member
# Consumer protocol: the member epoch and Kafka's state name (STABLE, UNREVOKED_PARTITIONS …).
member-epoch = epoch { $epoch } { $state }
member-isolation-read-uncommitted = read_uncommitted: reads up to the high watermark, records of open and aborted transactions included; never a marker
member-isolation-read-committed = read_committed: reads up to the last stable offset and skips records of aborted transactions; never a marker
member-owns-nothing = owns nothing
# $list: "orders-0 @ 5, orders-1 @ 7" (partition @ position).
member-owns = owns { $list } (@ position)
member-owns-many = owns { $total } partitions: { $list } and { $more } more (@ position)
member-counts = { $delivered } delivered, { $again } again
member-close = Close
member-close-help = close(): commit and LeaveGroup
member-close-label = Close { $consumer } (commit and LeaveGroup)
member-crash = Crash
member-crash-help = Kill the process: no LeaveGroup
member-crash-label = Crash { $consumer } (no LeaveGroup)
member-stop-polling = Stop polling
member-stop-polling-label = Stop polling { $consumer }
member-resume-polling = Resume polling
member-resume-polling-label = Resume polling { $consumer }
member-normal-speed = Normal speed
member-normal-speed-label = Normal speed for { $consumer }
member-slow = Slow
member-slow-label = Slow { $consumer } ({ $ms } ms/record)

## A group's lag chart (its axis titles, and its accessible name).

lag-chart-x = simulated s
lag-chart-y = lag (records)
lag-chart-empty = Lag of group { $group }: no samples yet
lag-chart-summary = Lag of group { $group }: { $now } records now, at most { $max } over the last { $seconds } s
