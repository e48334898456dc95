# The bytes view (ui/segments.rs): one replica's log as Kafka keeps it on disk.
bytes-heading = Log segments and bytes
bytes-intro = A partition's log on one broker, as Kafka keeps it on disk: segment files (.log with its .index and .timeindex), the record batches inside them, and every byte of a batch. Open a segment, then a batch; hover a field of the dump for its meaning.
bytes-topic = Topic
bytes-partition = Partition
bytes-replica = Replica on
bytes-broker-option = broker { $broker }
bytes-replica-name = { $partition } on broker { $broker }
bytes-log-summary = log start offset { $start } · log end offset { $end } · high watermark { $hw } · { $bytes } bytes in { $segments } segment(s)
bytes-segments-region = Segments (scrolls sideways)
bytes-segments-caption = Segments of { $replica }
bytes-segments-note = Oldest first. Retention deletes whole segments from the oldest; the last one (active) takes new batches.
bytes-col-file = File
bytes-col-offsets = Offsets
bytes-col-size = Bytes
bytes-col-records = Records
bytes-col-batches = Batches
bytes-col-max-timestamp = Largest timestamp
bytes-active = active
bytes-open-segment = Open segment { $file }.log of { $replica }
bytes-rows-limited = Showing the newest { $shown } of { $all }.
bytes-segment-gone = The segment that started at offset { $base } is gone: retention deleted it (or a follower truncated it). Choose another.
bytes-batches-region = Batches of the segment (scrolls sideways)
bytes-batches-caption = Record batches
bytes-batches-note = The batches in this .log, as kafka-dump-log.sh lists them: each starts at a byte position; the producer sent it as one and followers copied it whole.
bytes-col-bytes = Bytes
bytes-show = Show bytes
bytes-show-batch = Show bytes of the batch with offsets { $base }–{ $last }
bytes-entries = { $count ->
    [one] (1 entry)
   *[other] ({ $count } entries)
}
bytes-dump-heading = Batch { $base }–{ $last }: { $bytes } bytes
bytes-dump-cut = The first { $shown } of { $all } bytes are shown.
bytes-fields-loading = Loading what each byte means…
bytes-fields-summary = Every field, with its bytes and meaning
bytes-fields-region = Fields of the batch (scrolls sideways)
bytes-col-bytes-range = Bytes
bytes-col-field = Field
bytes-col-value = Value
bytes-col-meaning = Meaning
bytes-field-title = { $name } = { $value }. { $meaning }
bytes-field-record-name = record { $record } · { $name }
bytes-field-title-record = record { $record }: { $name } = { $value }. { $meaning }
bytes-find-region = Find an offset
bytes-find-label = Offset to find
bytes-find = Find
bytes-find-button = Find this offset in { $replica }
bytes-find-bad = Type an offset: a whole number.
bytes-lookup-segment = Segment: { $file }.log, the last segment whose base offset is at most { $target }.
bytes-lookup-index-hit = { $file }.index: entry { $slot } (offset { $offset } at byte { $position }) is the last entry whose offset is at most { $target }; reading starts at byte { $position }.
bytes-lookup-index-miss = { $file }.index has no entry at or below { $target }: reading starts at byte 0 of the segment.
bytes-lookup-scan = Read the header of batch { $base }–{ $last } at byte { $position } ({ $size } bytes).
bytes-lookup-found = Found: offset { $target } is in batch { $base }–{ $last }, which starts at byte { $position }. A fetch returns the whole batch.
bytes-lookup-found-later = The cleaner removed offset { $target }: reading goes on from batch { $base }–{ $last } at byte { $position }, the next record there is.
bytes-lookup-out-of-range = OFFSET_OUT_OF_RANGE: { $target } is outside this log ({ $start } to { $end }). A consumer then follows auto.offset.reset.
bytes-lookup-log-end = { $target } is the log end offset: there is nothing to read yet, and a fetch waits for new records.

# What each field of a record batch (magic 2) means.
bytes-field-base-offset = The offset of the batch's first record. Records store their offset as a delta from it.
bytes-field-batch-length = How many bytes of the batch follow this field.
bytes-field-partition-leader-epoch = The leader epoch of the leader that appended the batch; followers use it to find where their log diverged.
bytes-field-magic = The format version: 2 for every batch since Kafka 0.11.
bytes-field-crc = CRC-32C of everything after this field; a broker or consumer that reads a different value knows the batch is corrupt.
bytes-field-attributes = Flags: bits 0-2 the compression codec, bit 3 the timestamp type, bit 4 transactional, bit 5 control batch (a transaction marker).
bytes-field-last-offset-delta = The last record's offset minus baseOffset.
bytes-field-base-timestamp = The first record's timestamp (ms); records store theirs as a delta from it.
bytes-field-max-timestamp = The largest timestamp in the batch: what retention.ms and the .timeindex use.
bytes-field-producer-id = The idempotent producer's id (-1 without idempotence).
bytes-field-producer-epoch = The producer's epoch: a newer one fences older instances of the same transactional.id.
bytes-field-base-sequence = The sequence number of the first record, per producer and partition; the broker rejects gaps and drops duplicates with it (-1 without idempotence).
bytes-field-records-count = How many records the batch holds.
bytes-field-compressed-records = The records, compressed together with the batch's codec: compression works on the whole batch, so bigger batches compress better.
bytes-field-length = The record's length in bytes (a zig-zag varint, like every record field).
bytes-field-record-attributes = Record attributes: unused, always 0.
bytes-field-timestamp-delta = This record's timestamp minus baseTimestamp.
bytes-field-offset-delta = This record's offset minus baseOffset.
bytes-field-key-length = The key's length; -1 is a null key.
bytes-field-key = The key: the partitioner hashes it, and compaction keeps the newest record per key.
bytes-field-value-length = The value's length; -1 is a null value (a tombstone on a compacted topic).
bytes-field-value = The value: the record's payload.
bytes-field-headers-count = How many headers the record has.
bytes-field-header-key-length = The header key's length.
bytes-field-header-key = A header's key (UTF-8).
bytes-field-header-value-length = The header value's length; -1 is null.
bytes-field-header-value = A header's value.

# The cleaner's view (compacted topics).
bytes-col-cleaner = Cleaner
bytes-cleaner-clean = clean
bytes-cleaner-dirty = dirty
bytes-cleaner-partly = partly clean
bytes-cleaner-uncleanable = not cleanable yet
bytes-cleaner-summary = Log cleaner: cleaned up to offset { $point } (the cleaner point); it may clean up to offset { $until } (the active segment, open transactions and min.compaction.lag.ms stop it there). Clean { $clean } bytes, dirty { $dirty } bytes: dirty ratio { $ratio }%, and it cleans at { $min }% (min.cleanable.dirty.ratio) or more.
bytes-tombstones = { $count ->
    [one] 1 tombstone (a record with a null value) in this log:
   *[other] { $count } tombstones (records with a null value) in this log:
}
bytes-tombstone-waiting = offset { $offset }: not yet passed by the cleaner; the first clean that reaches it keeps it for delete.retention.ms
bytes-tombstone-stamped = offset { $offset }: the cleaner removes it at the first clean after { $at } ms
