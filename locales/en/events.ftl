# The timeline's narration: one message per engine event (src/narration.rs). Lists of brokers
# ([1,2]), partitions (orders-0) and clients (consumer-1, producer-1) are filled in as is.

event-nothing = nothing
event-none = none
event-brokers = brokers { $brokers }
event-key = key { $key }
event-no-key = a record without a key
event-earlier = (earlier)

event-word-member = { $n ->
    [one] member
   *[other] members
}
event-word-voter = { $n ->
    [one] voter
   *[other] voters
}
event-cause-isr-state = ISR { $isr } has { $members } { $word }, min.insync.replicas is { $min_isr }
event-cause-isr-refused = { $state }, so the leader refused it before appending
event-cause-isr-after-append = it was appended, but then { $state }, so it was not committed; a retry may duplicate it
event-cause-isr-timeout = not committed within request.timeout.ms: { $state }, so the high watermark cannot advance
event-cause-waited-catching-up = the leader waited for followers catching up to rejoin the ISR
event-cause-waited-for = the leader waited for ISR { $word } { $brokers }, which never fetched it
event-cause-why-quorum-lost = the controller quorum is lost, so nothing could remove them from the ISR { $isr }
event-cause-why-lag = they stay in the ISR { $isr } until the leader removes them after replica.lag.time.max.ms, through the controller
event-cause-awaiting = not committed within request.timeout.ms ({ $seconds } s): { $waited }; { $why }
event-cause-leader-unreachable = its leader, broker { $leader }, is not running; the client retries once the controller elects another leader
event-cause-no-leader = the partition has no leader (offline): no live ISR member can lead
event-cause-leader-reelected = broker { $from } was elected leader again (a new leader epoch) while it waited; it may not be committed
event-cause-leader-moved = leadership moved from broker { $from } to broker { $to } while it waited; it may not be committed
event-cause-leader-gone = broker { $from } stopped leading (the partition has no leader now) while it waited; it may not be committed
event-explain-not-enough-replicas = the ISR is smaller than min.insync.replicas, so the leader refused it before appending
event-explain-after-append = it was appended, but the ISR fell below min.insync.replicas before it was committed; a retry may duplicate it
event-explain-not-leader = leadership moved while it waited; it may not be committed
event-explain-leader-not-available = the partition has no leader (offline)
event-explain-network = the leader's broker cannot be reached
event-explain-timed-out = it was not committed within request.timeout.ms (the HW cannot advance while the ISR is below min.insync.replicas)

event-broker-stopped = broker { $broker } crashed (killed): its leaderships move only once the controller fences it
event-broker-shut-down = broker { $broker } shut down cleanly: the controller moved its { $moved } leadership(s) away and took it out of every ISR first
event-controlled-shutdown-timed-out = broker { $broker } could not reach an active controller to approve its controlled shutdown and exited anyway, as after a crash
event-offsets-topic-unavailable = __consumer_offsets cannot be created ({ $error }): offsets.topic.replication.factor is { $rf } and the cluster has { $brokers } broker(s); FindCoordinator answers COORDINATOR_NOT_AVAILABLE, so no consumer group can form
event-leaders-rebalanced = auto leader rebalance: { $imbalanced } partition(s) not led by their preferred replica; moved { $moved } back
event-broker-started = broker { $broker } started; its log survived
event-broker-isolated = broker { $broker } was cut off from the other brokers
event-broker-healed = broker { $broker } can reach the other brokers again
event-broker-fenced = controller fenced broker { $broker } after { $seconds } s without a heartbeat
event-broker-unfenced = controller unfenced broker { $broker }: it is heartbeating again
event-controller-lost = broker { $broker } is no longer the active controller
event-controller-elected = broker { $broker } became the active controller (epoch { $epoch })
event-quorum-lost = the controller quorum is lost: { $reachable } of { $voters } { $word } ({ $running }) running and reaching each other, a majority needs { $majority }; until it returns nothing can fence brokers, shrink ISRs or elect leaders
event-quorum-lost-controller = broker { $controller } is no longer the active controller and the controller quorum is lost: { $reachable } of { $voters } { $word } ({ $running }) running and reaching each other, a majority needs { $majority }; until it returns nothing can fence brokers, shrink ISRs or elect leaders
event-quorum-restored = the controller quorum is back after { $seconds } s: { $voters } voters (brokers { $brokers }) reach each other, a majority of { $majority } or more; broker { $controller } became the active controller (epoch { $epoch })
event-configs-set = set { $configs }
event-configs-reset = reset to the default { $configs }
event-topic-config-changed = configs of topic { $topic } changed: { $changes }; in effect from now on
event-topic-created = topic { $topic } created with { $partitions } partition(s), replication factor { $rf }
event-topic-deleted = topic { $topic } deleted: its { $partitions } partition(s) and their logs are gone from every broker
event-group-offsets-altered = group { $group }'s committed offsets were set for { $partitions } partition(s) by an admin client
event-group-offsets-deleted = group { $group }'s committed offsets of { $partitions } partition(s) were deleted by an admin client
event-group-deleted = group { $group } and its committed offsets were deleted
event-partitions-added = topic { $topic } grew from { $from } to { $to } partitions: keyed records now hash modulo { $to }, so many keys map elsewhere
event-election-unclean = UNCLEAN:{ " " }
event-election-preferred = preferred:{ " " }
event-election-auto-rebalance = auto rebalance:{ " " }
event-election-elr = from the ELR:{ " " }
event-election-last-known-leader = last known leader (ISR and ELR empty):{ " " }
event-leader-elected = { $how }controller elected broker { $leader } leader of { $partition } in epoch { $epoch }; ISR { $isr }
event-leader-elected-lost = ; committed offsets { $from }..{ $to } are lost
event-partition-offline = { $partition } is offline: no live replica in the ISR { $isr } can lead
event-isr-shrunk-lagged = ISR of { $partition } shrank to { $isr } after { $seconds } s without catching up
event-isr-shrunk-fenced = ISR of { $partition } shrank to { $isr }: broker fenced
event-isr-shrunk-shutdown = ISR of { $partition } shrank to { $isr }: broker shutting down
event-isr-shrunk-unclean = ISR of { $partition } shrank to { $isr }: the broker came back from a crash (unclean shutdown)
event-isr-expanded = broker { $broker } caught up and rejoined the ISR of { $partition }: { $isr }
event-high-watermark-advanced = high watermark of { $partition } advanced to { $offset }
event-records-truncated-one = broker { $broker } truncated offset { $offset } of { $partition }
event-records-truncated = broker { $broker } truncated offsets { $from }..{ $to } of { $partition }
event-segments-deleted = broker { $broker } deleted { $records } old record(s) of { $partition }; log start offset is now { $offset }
event-log-compacted = log cleaner on broker { $broker } compacted { $partition }: removed { $records } record(s) superseded by newer ones with the same key
event-produce-appended = leader appended offset { $offset } to { $partition } (acks={ $acks }), waiting for the ISR
event-produce-sent-acks0 = record sent to { $partition } (acks=0: no offset returned)
event-produce-acknowledged = record acknowledged at { $partition } offset { $offset } (acks={ $acks })
event-produce-failed = produce to { $partition } failed with { $error } (acks={ $acks }): { $cause }
event-protocol-consumer-assignor = consumer protocol, { $assignor } assignor on the broker
event-protocol-consumer = consumer protocol, the broker assigns
event-protocol-classic = classic protocol, { $assignor } assignor
event-consumer-started = { $consumer } started in group { $group }, subscribed to { $topics } ({ $how })
event-consumer-crashed = { $consumer } crashed: no LeaveGroup, the group waits for its session to time out
event-consumer-closed = { $consumer } closed: it left its group, which rebalances now
event-consumer-failed = { $consumer } died: { $error }
event-coordinator-changed = group { $group }'s coordinator is broker { $broker }, leader of { $partition }; it loaded the committed offsets up to the HW
event-coordinator-none = group { $group } has no coordinator: { $partition } has no live leader (COORDINATOR_NOT_AVAILABLE)
event-member-joined = { $consumer } joined group { $group }
event-member-left = { $consumer } left group { $group } (LeaveGroup)
event-member-session-timeout = coordinator removed { $consumer } from group { $group }: no heartbeat for { $seconds } s (session.timeout.ms)
event-member-max-poll = { $consumer } left group { $group }: it did not call poll() within max.poll.interval.ms ({ $seconds } s)
event-member-rebalance-timeout = coordinator removed { $consumer } from group { $group }: it did not rejoin within { $seconds } s
event-rebalance-started = group { $group } is rebalancing (PreparingRebalance after generation { $generation }): { $reason }
event-rebalance-completed = group { $group } generation { $generation } is Stable after { $seconds } s: leader { $leader } ran { $assignor }: { $shares }
event-rebalance-paused = ; newly assigned partitions had no consumer for { $seconds } s
event-rebalance-withheld = ; withheld until their owners revoke them: { $partitions }
event-rebalance-revokes = ; { $consumer } revokes { $partitions } and rejoins
event-group-reconciled = group { $group } reached epoch { $epoch }'s target ({ $assignor } assignor on the broker, KIP-848) in { $seconds } s, with no group-wide pause: { $shares }
event-group-empty = group { $group } is Empty (generation { $generation }): no members
event-group-epoch-bumped = group { $group } moved to epoch { $epoch } ({ $reason }): the broker computed a new target assignment; members reconcile on their own heartbeats
event-partitions-given-back = { $consumer } gave back { $partitions } (the broker's target moved them); it keeps the rest and goes on consuming
event-partitions-lost = { $consumer } lost { $partitions } (no longer a member of { $group })
event-partitions-revoked = { $consumer } revoked all its partitions before rejoining { $group } (eager): { $partitions }
event-producer-started-idempotent = { $producer } started (client.id { $client }): idempotent, producer id { $pid }, epoch { $epoch }
event-producer-started = { $producer } started (client.id { $client }) without idempotence: a retry may write a record twice
event-batch-acks0 = not waiting for an answer (acks=0)
event-batch-at = at offsets { $from }..{ $to }
event-batch-acked = { $producer }: { $records } record(s) acknowledged on { $partition } { $at }
event-batch-acked-duplicate = { $producer }: { $records } record(s) acknowledged on { $partition } { $at }: a retry the broker recognised as a duplicate, not written again
event-batch-retrying = { $producer }: { $records } record(s) for { $partition } got { $error } on attempt { $attempt }; retrying in { $ms } ms
event-send-fatal = not retriable
event-send-retries-exhausted = no retries left
event-send-delivery-timeout = delivery.timeout.ms passed
event-batch-failed = { $producer }: { $records } record(s) for { $partition } failed: { $error } ({ $why })
event-producer-epoch-bumped = { $producer } bumped its epoch to { $epoch } (producer id { $pid }) and numbers its batches from 0 again
event-producer-closed = { $producer } closed
event-batch-aborted = { $producer }: { $records } record(s) for { $partition } failed: the transaction was aborted before they were sent
event-transactions-initialized = { $producer } initialized transactions for transactional.id { $tid }: producer id { $pid }, epoch { $epoch }
event-transaction-committed = { $producer } committed its transaction
event-transaction-aborted = { $producer } aborted its transaction
event-transaction-error = { $producer }: transactional request failed with { $error }
event-transaction-state = transaction { $tid } (producer id { $pid }, epoch { $epoch }) is { $state } with { $partitions } partition(s)
event-transaction-timed-out = transaction { $tid } ran past transaction.timeout.ms: the coordinator aborts it and fences its producer
event-marker-written = { $control } marker for producer id { $pid } written to { $partition } at offset { $offset }
event-commit-failed = offset commit of { $consumer } in group { $group } failed: { $error }
event-offset-reset = { $consumer } starts { $partition } at offset { $offset }: { $reason }, auto.offset.reset={ $strategy }
event-processing-interrupted = { $consumer } stopped in the middle of processing: offsets { $from }..{ $to } of { $partition } were received and not processed
event-records-skipped = { $consumer } starts { $partition } at offset { $start }, past offsets { $from }..{ $to }: a member that crashed had received them without processing them, and group { $group } had committed them already. Nobody will process them (at-most-once)
event-redelivered = { $consumer } got offsets { $from }..{ $to } of { $partition } again: group { $group } had processed them but not committed them (at-least-once)
event-delivery-twice = { $consumer } of group { $group } received { $key } twice: { $partition } offsets { $first } and { $offset } hold one record producer-{ $producer } sent once (a retry wrote it again: enable.idempotence is off)
event-delivery-out-of-order = { $consumer } of group { $group } received { $key } out of send order: { $partition } offset { $offset } was sent by producer-{ $producer } before offset { $after } (a retry landed after a later batch)
event-delivery-more = { $line }; { $more } more in the same fetch

## Why a group rebalances, why a consumer reset its position, why a consumer stopped
reason-member-joined = { $consumer } joined
reason-member-joined-heartbeat = { $consumer } joined (ConsumerGroupHeartbeat with epoch 0)
reason-member-rejoined = { $consumer } rejoined
reason-member-left = { $consumer } left
reason-topic-deleted = topic { $topic } was deleted
reason-partitions-added = { $partitions ->
    [one] { $topic } now has { $partitions } partition
   *[other] { $topic } now has { $partitions } partitions
}
reason-no-committed-offset = no committed offset
reason-offset-out-of-range = position out of range
consumer-error-no-offset = NoOffsetForPartitionException: no committed offset for { $partition } and auto.offset.reset=none
consumer-error-out-of-range = OffsetOutOfRangeException: { $partition } position { $position } is outside { $start }..{ $end } and auto.offset.reset=none

timeline-region = Event timeline
timeline-title = Timeline
timeline-label = Timeline entries, newest first
event-forked = you acted in the past: a new future starts here, and the recorded one (to { $until }) was set aside — "Undo fork" puts it back
