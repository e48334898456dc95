# Producers: the create-a-producer form, each producer's card (identity, config, counts, the
# batches in its accumulator, its requests in flight, the fates of its records, its
# transaction), the Produce form and the continuous load.

producers-title = Producers
producers-empty = No producer yet: create one above, or produce a record with the Produce form (it starts console-producer).
producer-started = Started { $producer }.
producer-form-label = Create a producer (new KafkaProducer)
producer-acks-default = all (default)
producer-idempotence-title = Not set: true, unless acks or retries conflict with it (then Kafka turns it off quietly)
producer-idempotence-unset = not set (true)
producer-create = Create producer
producer-form-legend = Kafka 4.x's defaults are shown; only the values you change are passed (as --producer-property would), so Kafka's own rules settle the rest.
producer-config-label = Config:
producer-flush = Flush
producer-flush-title = flush(): send every waiting batch now, whatever linger.ms
producer-flush-label = Flush { $producer }
producer-close = Close
producer-close-title = close(): send what waits, then go
producer-close-label = Close { $producer }
producer-batches-region = Batches in { $producer }'s accumulator
producer-inflight-region = Requests in flight from { $producer }
producer-col-partition = Partition
producer-col-records = Records
producer-col-size = Size / batch.size
producer-col-state = State
producer-col-sequence = Base seq.
producer-col-request = Request
producer-col-broker = Broker
producer-col-attempt = Attempt
producer-fates-title = Recent fates of its records, newest first

# A producer's card, written by producers_vm.
producer-identity = producer id { $id }, epoch { $epoch }
producer-identity-txn-none = no producer id yet: initTransactions() gets one from the transaction coordinator
producer-identity-none = no producer id: idempotence is off, so a retry may write a batch twice
producer-state-closing = closing: sends what waits, then goes
producer-state-flushing = flushing
producer-config-defaults = Kafka's defaults
producer-stats = sent { $sent } · acknowledged { $acked } · failed { $failed } · retries { $retries } · duplicates { $duplicates }
producer-batches-caption = Accumulator: { $total } batch(es) waiting
producer-batches-caption-cut = Accumulator: { $total } batch(es) waiting (first { $listed } shown)
producer-inflight-caption = Requests in flight: { $total } (at most { $max } per broker)
producer-inflight-caption-cut = Requests in flight: { $total } (at most { $max } per broker) (first { $listed } shown)
producer-batch-backoff = retry { $attempt } after its backoff: { $left } ms left
producer-batch-full = full: waits behind the batch before it
producer-batch-leader-unknown = ready; the leader is unknown: waits for a metadata refresh
producer-batch-ready-retry = ready: retry { $attempt } at the next send
producer-batch-ready-flush = ready: flush() sends it whatever linger.ms
producer-batch-ready = ready: sent at the next send
producer-batch-filling = filling: linger.ms { $linger } ms, { $left } ms left
producer-failure-fatal = not retriable
producer-failure-retries = retries ran out
producer-failure-timeout = delivery.timeout.ms passed since the batch was created
producer-records = { $n ->
    [one] { $n } record
   *[other] { $n } records
}
# $records: producer-records.
producer-fate-acks0 = { $records } sent to { $partition } with acks=0: no answer, so no offset
producer-fate-acked-one = acknowledged at { $partition } offset { $offset }
producer-fate-acked = { $records } acknowledged at { $partition } offsets { $first }..{ $last }
producer-fate-duplicate = { $fate }: a retry the broker already had, acknowledged and not written again
producer-fate-retrying = { $records } for { $partition }: { $error } on attempt { $attempt }; retrying in { $backoff } ms
producer-fate-failed = { $records } for { $partition } failed: { $error }, { $failure }
producer-fate-epoch-bumped = epoch bumped to { $epoch } (producer id { $id }): sequences start again at 0 (KIP-360)
producer-fate-aborted-unsent = { $records } for { $partition } aborted before it was sent: abortTransaction() fails the batches still waiting
producer-fate-txn-init = initTransactions(): producer id { $id }, epoch { $epoch } from the transaction coordinator
producer-fate-txn-committed = commitTransaction() returned: the coordinator writes a COMMIT marker to each partition
producer-fate-txn-aborted = abortTransaction() returned: the coordinator writes an ABORT marker to each partition
producer-fate-txn-error = transactional request failed: { $error }

# A transactional producer's transaction.
producer-txn-region = Transactions of { $producer } (transactional.id { $id })
producer-txn-state = state
producer-txn-init-waiting = initTransactions() called: waiting for the coordinator's InitProducerId answer (a producer id and epoch)
producer-txn-uninitialized = call initTransactions() first: no send or transaction before it
producer-txn-ready = no transaction open: beginTransaction() starts one
producer-txn-in-transaction = sends are part of the transaction; Commit makes them visible to read_committed consumers, Abort discards them
producer-txn-committing = commitTransaction(): flushing, then EndTxn(COMMIT) to the coordinator
producer-txn-aborting = abortTransaction(): unsent batches fail, then EndTxn(ABORT) to the coordinator
producer-txn-abortable = { $error }: a send of the transaction failed, so it can only be aborted (commitTransaction() is refused)
producer-txn-zombie = the coordinator has epoch { $current } for transactional.id { $id } and this producer has epoch { $epoch }: another producer with the same transactional.id called initTransactions(), or transaction.timeout.ms ({ $timeout } ms) passed and the coordinator aborted the transaction; the old epoch is a zombie's
producer-txn-failed-for-good = its last transactional request failed for good
# $why: producer-txn-zombie or producer-txn-failed-for-good.
producer-txn-fatal = { $error }: { $why }. Fenced, it can only be closed
producer-txn-counts = transactions committed { $committed } · aborted { $aborted }
producer-txn-coordinator-not-found = not yet found: { $topic } is created at the first initTransactions() (partition { $partition } for this id)
producer-txn-coordinator = broker { $broker } (leader of { $topic }-{ $partition })
producer-txn-coordinator-none = none: { $topic }-{ $partition } has no leader (COORDINATOR_NOT_AVAILABLE)
producer-txn-partitions-more = { $list } and { $more } more
producer-txn-partitions-none = none
producer-txn-init = Init transactions
producer-txn-init-title = initTransactions(): a producer id and epoch from the coordinator (fences an older producer with the same id)
producer-txn-init-label = Init transactions of { $id }
producer-txn-begin = Begin
producer-txn-begin-label = Begin transaction of { $id }
producer-txn-commit = Commit
producer-txn-commit-title = commitTransaction(): flush, then EndTxn(COMMIT)
producer-txn-commit-label = Commit transaction of { $id }
producer-txn-abort = Abort
producer-txn-abort-title = abortTransaction(): unsent batches fail, then EndTxn(ABORT)
producer-txn-abort-label = Abort transaction of { $id }
producer-txn-coordinator-label = Coordinator:
producer-txn-partitions-label = partitions in the transaction:

# The Produce form's result line, written by producers_vm.
producer-hint-isr = (ISR { $isr } has { $size }, min.insync.replicas is { $min })
producer-hint-quorum = (the controller quorum is lost: no ISR can shrink, so acks=all waits for followers that never fetched the record)
producer-send-closed = { $producer } has closed
producer-send-in-flight = { $producer } sent it to broker { $broker } (attempt { $attempt }), waiting for the answer (acks={ $acks })
producer-send-in-batch = in { $producer }'s batch for { $partition }, sent after linger.ms ({ $linger } ms) or when the batch is full
# $line: the line the clock holds back.
producer-send-paused = { $line }. The clock is paused: press Play or Step so that it is sent
# $hint: "" or " " and a producer-hint-* message.
producer-send-retrying = { $error } from { $partition } on attempt { $attempt }{ $hint }; { $producer } retries after { $backoff } ms
producer-send-acks0 = sent to { $partition } with acks=0: no answer, so no offset
producer-send-acked = acknowledged at { $partition } offset { $offset }
producer-send-duplicate = { $line } (a retry the broker already had: not written twice)
producer-send-failed = failed: { $error } on { $partition }{ $hint }, { $failure }
producer-send-aborted = aborted before it was sent: { $producer } aborted its transaction while the record waited for { $partition }

# The Produce form and the continuous load.
produce-title = Produce
produce-topic = Topic
produce-null-key = null key
produce-null-value = null value (tombstone)
produce-null-value-title = A null value is a tombstone: on a compacted topic it deletes its key once delete.retention.ms has passed
produce-producer = Producer
produce-console-option = { $client } (acks below)
produce-submit = Produce
produce-null-key-explain = null key: the sticky partitioner fills one partition for batch.size bytes, then switches
produce-key-partition = murmur2("{ $key }") = { $hash }; { $hash } & 0x7fffffff = { $positive }; % { $n } = partition { $partition }
produce-acks-invalid = acks must be 0, 1 or all
load-title = Continuous load
load-rate-invalid = The rate must be a whole number of records/s.
load-keys-invalid = Keys must be a whole number (0 for null keys).
# $running: the running load's settings.
load-running = Running: { $running }. Stop load stops it; the clock keeps running.
load-plan = Start load produces { $rate } records/s to { $topic } with acks={ $acks } and { $keys } distinct key(s), and starts the clock (Play).
load-stop = Stop load
load-start = Start load and play

produce-key-label = Key
produce-value-label = Value
load-rate-label = Records/s
load-keys-label = Distinct keys
load-stats-line = { $sent } sent, { $acked } acknowledged, { $retried } retried, { $failed } failed{ $errors }
load-stats-refused = , { $refused } refused (buffer.memory full)
