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
