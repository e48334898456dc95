# The cluster: the brokers panel, the time controls, the partition view (cards, roles, log
# strips, the record inspector, the pager), the kafka-topics.sh --describe table's notes and
# its add-partitions form, and the continuous load's settings line.
# Kafka's own words (config names, CLI columns, COMMIT/ABORT, read_committed) stay English.

## Brokers panel
brokers-region = Brokers
brokers-heading = Brokers
brokers-name = Broker { $id }
brokers-controller = controller
brokers-controller-title = active KRaft controller
brokers-status-running = running
brokers-status-stopped = stopped
brokers-status-isolated = isolated
brokers-fenced = fenced
brokers-slow-follower = slow follower
# The partitions this broker leads.
brokers-leaders = { $n ->
    [one] { $n } leader
   *[other] { $n } leaders
}
brokers-stop = Stop
brokers-restart = Restart
brokers-crash = Crash
brokers-isolate = Isolate
brokers-heal = Heal
brokers-slow = Slow
brokers-unslow = Unslow
brokers-stop-label = Stop broker { $id } (controlled shutdown)
brokers-restart-label = Restart broker { $id }
brokers-crash-label = Crash broker { $id } (kill -9)
brokers-isolate-label = Isolate broker { $id }
brokers-heal-label = Heal broker { $id }
brokers-slow-label = Slow down broker { $id }'s follower fetches
brokers-unslow-label = Restore broker { $id }'s follower fetches
brokers-slow-title = Fetch from leaders only every { $every } s: longer than replica.lag.time.max.ms ({ $max } s)
# The Stop button's title, and the legend under the brokers ("Stop = …").
brokers-stop-explained = controlled shutdown: its leaderships move and its ISRs shrink first, so nothing fails.
brokers-crash-explained = kill -9: its leaderships move only once the controller fences it
    (broker.session.timeout.ms, 9 s); requests to it fail until then.
brokers-preferred-election = Preferred leader election

## Time controls (the header)
time-region = Simulation time
# The clock: seconds and tenths of simulated time.
time-clock = { $s }.{ $tenths } s
time-play = Play
time-pause = Pause
time-step = Step 0.1 s
time-step-10s = +10 s
time-speed = Speed
time-behind = running at { $speed }×: steps take longer than the page can spare
time-brokers = Brokers
time-seed = Seed
time-seed-error = The seed must be a whole number from 0 to 18446744073709551615.
time-elr-title = Eligible leader replicas (KIP-966, eligible.leader.replicas.version=1): off by default
    in Kafka 4.0, on for clusters created by 4.1 and later. Takes effect at Reset.
time-elr-label = Eligible leader replicas (ELR) after the next reset
time-reset = Reset
time-play-from-here = Play from here

## Time scrubber (rewind and fork)
scrubber-region = Rewind
scrubber-label = Time: the moment shown
scrubber-keys = ← → one second; Page Up / Page Down: the previous or next marked event; Home / End: the start and now
# $shown and $live are times such as "12.3 s".
scrubber-value = { $shown } of { $live }
scrubber-past = Showing an earlier moment. Play replays from here; any action now forks the session.
scrubber-replaying = Replaying to { $to }… (at { $at })
scrubber-back-to-live = Back to now
scrubber-undo-fork = Undo fork
scrubber-undo-fork-title = Drop what happened after the fork and put the recorded future back
scrubber-legend-election = elections
scrubber-legend-broker = brokers down
scrubber-legend-rebalance = rebalances
scrubber-legend-fork = forks

## Partition view
partitions-region = Partitions and replicas
partitions-heading = Partitions
partitions-legend = ★ leader · ● in-sync follower · ◐ out-of-sync follower · ✕ offline. Numbers are offsets,
    coloured by key; outlined ones are above the high watermark (not yet committed). Transactions:
    COMMIT / ABORT cells are markers, faded struck-through ones belong to aborted transactions,
    dashed amber frames to open ones (at or above the LSO). Hover or focus one for its details.
partitions-leader = leader { $leader }
partitions-no-leader = none
partitions-epoch = epoch { $epoch }
partitions-lso-explained = last stable offset { $lso }: an open transaction holds it below the high
    watermark { $hw }; read_committed consumers read up to it
partitions-owner-title = consumer-{ $consumer } of group { $group } reads this partition
partitions-role-leader = leader
partitions-role-in-sync = in-sync follower
partitions-role-out-of-sync = out-of-sync follower
partitions-role-offline = offline
pager-region = Which partitions to show
pager-topic = Topic
pager-all-topics = all topics
pager-info = partitions { $first }–{ $last } of { $total }
pager-previous = Previous page of partitions
pager-next = Next page of partitions

## Log strips (their accessible names)
strip-label = Log of broker { $broker }: focus for its records; up and down arrows for the other replicas
strip-empty = broker { $broker }: empty log
# $parts: strip-committed, then any of the four below, joined with ", ".
strip-summary = broker { $broker }: recent offsets { $first } to { $last }, { $parts }; focus and use the
    arrow keys to inspect them
strip-committed = { $n } committed
strip-commit-markers = { $n ->
    [one] { $n } COMMIT marker
   *[other] { $n } COMMIT markers
}
strip-abort-markers = { $n ->
    [one] { $n } ABORT marker
   *[other] { $n } ABORT markers
}
strip-aborted-records = { $n ->
    [one] { $n } aborted record
   *[other] { $n } aborted records
}
strip-open-records = { $n ->
    [one] { $n } record of an open transaction
   *[other] { $n } records of an open transaction
}

## Record inspector (one line each)
inspector-empty = Hover or focus a record to see it here.
# $partition: a topic-partition such as orders-2.
inspector-record-heading = { $partition } offset { $offset }
inspector-record-producer = producer id { $id }, epoch { $epoch }
# $marker: COMMIT or ABORT; $producer: inspector-record-producer.
inspector-record-marker = { $marker } marker (a control record) of { $producer }
inspector-record-commit-marker-effect = It ends the producer's transaction on this partition: its records
    become visible to read_committed consumers. It takes an offset, but no consumer receives it.
inspector-record-abort-marker-effect = It ends the producer's transaction on this partition: its records
    are skipped by read_committed consumers. It takes an offset, but no consumer receives it.
inspector-record-txn-aborted = ABORTED transaction ({ $producer }): read_committed consumers skip it;
    read_uncommitted ones read it.
inspector-record-txn-open = OPEN transaction ({ $producer }): at or above the last stable offset { $lso },
    so read_committed consumers wait there until it commits or aborts; read_uncommitted ones read it.
inspector-record-txn-committed = committed transaction ({ $producer }): every consumer reads it.
inspector-record-key = key: { $key }
inspector-record-value = value: { $value }
inspector-record-headers = headers: { $headers }
inspector-record-headers-none = none
inspector-record-timestamp = timestamp: { $ms } ms
inspector-record-leader-epoch = leader epoch: { $epoch }
inspector-record-not-committed = (not yet committed: above the high watermark)

## kafka-topics.sh --describe (the table keeps Kafka's column names and "none")
describe-output-region = kafka-topics --describe output
describe-leader-rebalance-off = auto.leader.rebalance.enable=false: leadership stays where failovers put it;
    use Preferred leader election.
# $next: one of the three messages below.
describe-leader-rebalance-on = auto.leader.rebalance.enable=true: { $every } s (leader.imbalance.check.interval.seconds)
    after a partition loses its preferred leader (first in Replicas), the controller elects it again if
    it is in the ISR. { $next }
describe-leader-rebalance-no-controller = No active controller now (the quorum has no majority): no check runs.
describe-leader-rebalance-next-check = Next check in { $s } s.
describe-leader-rebalance-all-preferred = Every partition has its preferred leader now.
describe-add-partitions-region = Add partitions
# The form reads "Alter [topic] --partitions [n]".
describe-add-partitions-topic = Alter
describe-add-partitions-submit = Add partitions
describe-add-partitions-not-a-number = The partition count must be a whole number.
describe-add-partitions-added = { $topic } now has { $n } partitions: keys hash modulo the new count.

## The continuous load's settings (view_model::load_settings_in)
load-settings-line = { $rate } records/s to { $topic } with acks={ $acks }, { $keys }
load-settings-null-keys = null keys
load-settings-keys = { $n ->
    [one] { $n } distinct key
   *[other] { $n } distinct keys
}
