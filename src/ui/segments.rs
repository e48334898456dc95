//! The bytes view: one replica's log as Kafka keeps it on disk (`segments_vm`). Its segments
//! (`.log` with `.index` and `.timeindex`), a segment's batches and index entries, one batch's
//! bytes as an annotated hex dump (hover a field: its name, value and meaning; the same in a
//! table for screen readers), and an offset found step by step as `UnifiedLog.read` finds it.
//! Closed by default: nothing is computed until the learner opens it.

use crate::ctx::{I18n, Views};
use crate::i18n::key;
use crate::segments_vm::{
    dump_vm, field_of_bytes, found_exactly, log_vm, lookup, replicas, segment_vm, BatchLayout, CleanerSide, ReplicaChoice, DUMP_BYTES_MAX,
    ROWS_MAX,
};
use crate::ui::topic_select::TopicChoice;
use engine::log_batch::LookupOutcome;
use engine::{BrokerId, TopicPartition};
use leptos::prelude::*;

/// The catalogue key of a field's meaning, by the field's name in `record_batch::layout`.
pub fn field_key(name: &str) -> &'static str {
    match name {
        "baseOffset" => key("bytes-field-base-offset"),
        "batchLength" => key("bytes-field-batch-length"),
        "partitionLeaderEpoch" => key("bytes-field-partition-leader-epoch"),
        "magic" => key("bytes-field-magic"),
        "crc" => key("bytes-field-crc"),
        "attributes" => key("bytes-field-attributes"),
        "lastOffsetDelta" => key("bytes-field-last-offset-delta"),
        "baseTimestamp" => key("bytes-field-base-timestamp"),
        "maxTimestamp" => key("bytes-field-max-timestamp"),
        "producerId" => key("bytes-field-producer-id"),
        "producerEpoch" => key("bytes-field-producer-epoch"),
        "baseSequence" => key("bytes-field-base-sequence"),
        "recordsCount" => key("bytes-field-records-count"),
        "length" => key("bytes-field-length"),
        "recordAttributes" => key("bytes-field-record-attributes"),
        "timestampDelta" => key("bytes-field-timestamp-delta"),
        "offsetDelta" => key("bytes-field-offset-delta"),
        "keyLength" => key("bytes-field-key-length"),
        "key" => key("bytes-field-key"),
        "valueLength" => key("bytes-field-value-length"),
        "value" => key("bytes-field-value"),
        "headersCount" => key("bytes-field-headers-count"),
        "headerKeyLength" => key("bytes-field-header-key-length"),
        "headerKey" => key("bytes-field-header-key"),
        "headerValueLength" => key("bytes-field-header-value-length"),
        "headerValue" => key("bytes-field-header-value"),
        _ => key("bytes-field-compressed-records"),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect::<Vec<_>>().join(" ")
}

#[component]
pub(crate) fn SegmentsPanel() -> impl IntoView {
    let views = expect_context::<Views>();
    let i18n = expect_context::<I18n>();
    let open = RwSignal::new(false);
    let topic = TopicChoice::new(views.topics);
    let partition = RwSignal::new(0u32);
    let broker = RwSignal::<Option<BrokerId>>::new(None);
    let segment = RwSignal::<Option<i64>>::new(None);
    let batch = RwSignal::<Option<i64>>::new(None);
    let find = RwSignal::new(String::new());
    // The offset asked for: None before the first Find, Err for text that is not a number.
    let asked = RwSignal::<Option<Result<i64, ()>>>::new(None);

    let partitions = Memo::new(move |_| {
        let t = topic.current.get();
        views.topics.with(|ts| ts.iter().find(|x| x.name == t).map_or(0, |x| x.partitions))
    });
    let tp = Memo::new(move |_| TopicPartition::new(topic.current.get().as_str(), partition.get().min(partitions.get().saturating_sub(1))));
    let replica_list = Memo::new(move |_| {
        if !open.get() {
            return Vec::new();
        }
        let tp = tp.get();
        views.with_session(|s| replicas(&s.cluster, &tp))
    });
    // The replica shown: the chosen one while it is a replica, else the leader, else the first.
    let choice = Memo::new(move |_| {
        let list = replica_list.get();
        let tp = tp.get();
        let leader = views.with_session(|s| s.cluster.partition(&tp).and_then(|p| p.leader));
        let b = broker.get().filter(|b| list.contains(b)).or(leader.filter(|l| list.contains(l))).or(list.first().copied())?;
        Some(ReplicaChoice { tp, broker: b })
    });
    let log = Memo::new(move |_| {
        let c = choice.get()?;
        views.with_session(|s| log_vm(&s.cluster, &c))
    });
    let seg = Memo::new(move |_| {
        let (c, base) = (choice.get()?, segment.get()?);
        views.with_session(|s| segment_vm(&s.cluster, &c, base))
    });
    // The fields' code comes with the first batch opened (a chunk of the hosted page: the
    // codecs' decoders); until then the bytes show without their fields.
    let layout = RwSignal::new(None::<BatchLayout>);
    Effect::new(move |_| {
        if batch.get().is_some() && layout.get_untracked().is_none() {
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(l) = crate::chunks::batch_layout().await {
                    layout.set(Some(l));
                }
            });
        }
    });
    let dump = Memo::new(move |_| {
        let (c, base, b) = (choice.get()?, segment.get()?, batch.get()?);
        let l = layout.get();
        views.with_session(|s| dump_vm(&s.cluster, &c, base, b, l))
    });
    let where_ = move || {
        choice
            .get()
            .map(|c| i18n.f("bytes-replica-name", &[("partition", c.tp.to_string().into()), ("broker", c.broker.0.into())]))
            .unwrap_or_default()
    };

    let controls = move || {
        view! {
            <div class="inline-form">
                <label>{move || i18n.t("bytes-topic")} " " {topic.select("bytes-topic")}</label>
                <label>{move || i18n.t("bytes-partition")} " "
                    <select data-testid="bytes-partition" on:change=move |ev| {
                        partition.set(event_target_value(&ev).parse().unwrap_or(0));
                        segment.set(None);
                        batch.set(None);
                    }>
                        {move || (0..partitions.get()).map(|p| view! { <option value=p.to_string() prop:selected=move || partition.get() == p>{p}</option> }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("bytes-replica")} " "
                    <select data-testid="bytes-broker" on:change=move |ev| {
                        broker.set(event_target_value(&ev).parse::<u32>().ok().map(BrokerId));
                        segment.set(None);
                        batch.set(None);
                    }>
                        {move || replica_list.get().into_iter().map(|b| {
                            let shown = move || choice.get().is_some_and(|c| c.broker == b);
                            view! { <option value=b.0.to_string() prop:selected=shown>{move || i18n.f("bytes-broker-option", &[("broker", b.0.into())])}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
        }
    };

    let summary = move || {
        log.get().map(|l| {
            i18n.f(
                key("bytes-log-summary"),
                &[
                    ("start", l.log_start_offset.into()),
                    ("end", l.log_end_offset.into()),
                    ("hw", l.high_watermark.into()),
                    ("bytes", l.size_bytes.into()),
                    ("segments", l.segment_count.into()),
                ],
            )
        })
    };

    let cleaner_view = move || {
        let c = log.get()?.cleaner?;
        let line = i18n.f(
            key("bytes-cleaner-summary"),
            &[
                ("point", c.cleaner_point.into()),
                ("until", c.first_uncleanable.into()),
                ("clean", c.clean_bytes.into()),
                ("dirty", c.dirty_bytes.into()),
                ("ratio", c.dirty_percent.into()),
                ("min", c.min_dirty_percent.into()),
            ],
        );
        let stones = c.tombstones.clone();
        let count = c.tombstone_count;
        Some(view! {
            <p data-testid="cleaner-summary">{line}</p>
            {(count > 0).then(|| view! {
                <p>{move || i18n.f("bytes-tombstones", &[("count", count.into())])}</p>
                <ul class="tombstones" data-testid="tombstones">
                    {stones.into_iter().map(|(o, at)| view! { <li>{move || match at {
                        Some(t) => i18n.f("bytes-tombstone-stamped", &[("offset", o.into()), ("at", t.into())]),
                        None => i18n.f("bytes-tombstone-waiting", &[("offset", o.into())]),
                    }}</li> }).collect_view()}
                </ul>
            })}
        })
    };

    let segments_table = move || {
        let l = log.get()?;
        let more = (l.segment_count > ROWS_MAX)
            .then(|| i18n.f("bytes-rows-limited", &[("shown", ROWS_MAX.into()), ("all", l.segment_count.into())]));
        let compacted = l.cleaner.is_some();
        Some(view! {
            <p class="note">{move || i18n.t("bytes-segments-note")}</p>
            <div class="table-scroll" role="region" tabindex="0" aria-label=move || i18n.t("bytes-segments-region")>
            <table data-testid="segments-table">
                <caption>{move || i18n.f("bytes-segments-caption", &[("replica", where_().into())])}</caption>
                <thead><tr>
                    <th scope="col">{move || i18n.t("bytes-col-file")}</th>
                    <th scope="col">{move || i18n.t("bytes-col-offsets")}</th>
                    <th scope="col">{move || i18n.t("bytes-col-size")}</th>
                    <th scope="col">{move || i18n.t("bytes-col-records")}</th>
                    <th scope="col">{move || i18n.t("bytes-col-batches")}</th>
                    <th scope="col">{move || i18n.t("bytes-col-max-timestamp")}</th>
                    <th scope="col">".index"</th>
                    <th scope="col">".timeindex"</th>
                    {compacted.then(|| view! { <th scope="col">{move || i18n.t("bytes-col-cleaner")}</th> })}
                </tr></thead>
                <tbody>
                    {l.segments.into_iter().map(|s| {
                        let base = s.base_offset;
                        let file = s.file.clone();
                        let label = {
                            let file = file.clone();
                            move || i18n.f("bytes-open-segment", &[("file", file.as_str().into()), ("replica", where_().into())])
                        };
                        let opened = move || segment.get() == Some(base);
                        view! {
                            <tr class:active=s.active class:chosen=opened data-testid=format!("segment-{}", s.file)>
                                <th scope="row">
                                    <button type="button" class="linkish" aria-label=label aria-pressed=move || opened().to_string()
                                        on:click=move |_| { segment.set(Some(base)); batch.set(None); }>
                                        <code>{format!("{}.log", s.file)}</code>
                                    </button>
                                    {s.active.then(|| view! { " " <span class="tag">{move || i18n.t("bytes-active")}</span> })}
                                </th>
                                <td>{match s.last_offset { Some(l) => format!("{}–{l}", s.base_offset), None => format!("{}–", s.base_offset) }}</td>
                                <td>{s.size_bytes}</td>
                                <td>{s.records}</td>
                                <td>{s.batches}</td>
                                <td>{s.max_timestamp_ms.map(|t| t.to_string()).unwrap_or_else(|| "-".into())}</td>
                                <td>{s.index_entries}</td>
                                <td>{s.time_index_entries}</td>
                                {s.cleaner.map(|c| {
                                    let k = match c {
                                        CleanerSide::Clean => key("bytes-cleaner-clean"),
                                        CleanerSide::Dirty => key("bytes-cleaner-dirty"),
                                        CleanerSide::Partly => key("bytes-cleaner-partly"),
                                        CleanerSide::Uncleanable => key("bytes-cleaner-uncleanable"),
                                    };
                                    view! { <td class=format!("cleaner-{c:?}").to_lowercase()>{move || i18n.t(k)}</td> }
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            {more.map(|m| view! { <p class="note">{m}</p> })}
        })
    };

    let segment_detail = move || {
        let base = segment.get()?;
        let Some(s) = seg.get() else {
            return Some(
                view! { <p class="note" data-testid="segment-gone">{move || i18n.f("bytes-segment-gone", &[("base", base.into())])}</p> }
                    .into_any(),
            );
        };
        let more = (s.batch_count > s.batches.len())
            .then(|| i18n.f("bytes-rows-limited", &[("shown", s.batches.len().into()), ("all", s.batch_count.into())]));
        let file = s.file.clone();
        let index_rows = s.index.clone();
        let time_rows = s.time_index.clone();
        let (index_count, time_count) = (s.index_count, s.time_index_count);
        Some(view! {
            <h3><code>{format!("{file}.log")}</code></h3>
            <p class="note">{move || i18n.t("bytes-batches-note")}</p>
            <div class="table-scroll" role="region" tabindex="0" aria-label=move || i18n.t("bytes-batches-region")>
            <table data-testid="batches-table">
                <caption>{move || i18n.t("bytes-batches-caption")}</caption>
                <thead><tr>
                    <th scope="col">{move || i18n.t("bytes-col-bytes")}</th>
                    <th scope="col">"position"</th><th scope="col">"baseOffset"</th><th scope="col">"lastOffset"</th>
                    <th scope="col">"count"</th><th scope="col">"size"</th><th scope="col">"compresscodec"</th>
                    <th scope="col">"producerId"</th><th scope="col">"baseSequence"</th><th scope="col">"isTransactional"</th>
                </tr></thead>
                <tbody>
                    {s.batches.into_iter().map(|b| {
                        let bb = b.base_offset.0;
                        let last = b.last_offset.0;
                        let chosen = move || batch.get() == Some(bb);
                        view! {
                            <tr class:chosen=chosen>
                                <td><button type="button" data-testid=format!("show-batch-{bb}") aria-pressed=move || chosen().to_string()
                                    aria-label=move || i18n.f("bytes-show-batch", &[("base", bb.into()), ("last", last.into())])
                                    on:click=move |_| batch.set(Some(bb))>{move || i18n.t("bytes-show")}</button></td>
                                <td>{b.position}</td><td>{bb}</td><td>{last}</td><td>{b.count}</td><td>{b.size_bytes}</td>
                                <td>{b.compression.name()}{b.control.map(|c| format!(" · {}", c.name()))}</td>
                                <td>{b.producer_id}</td><td>{b.base_sequence}</td><td>{b.transactional.to_string()}</td>

                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            {more.map(|m| view! { <p class="note">{m}</p> })}
            <div class="index-tables">
                <table data-testid="offset-index">
                    <caption><code>{format!("{file}.index")}</code> " " {move || i18n.f("bytes-entries", &[("count", index_count.into())])}</caption>
                    <thead><tr><th scope="col">"offset"</th><th scope="col">"position"</th></tr></thead>
                    <tbody>{index_rows.into_iter().map(|(o, p)| view! { <tr><td>{o}</td><td>{p}</td></tr> }).collect_view()}</tbody>
                </table>
                <table data-testid="time-index">
                    <caption><code>{format!("{file}.timeindex")}</code> " " {move || i18n.f("bytes-entries", &[("count", time_count.into())])}</caption>
                    <thead><tr><th scope="col">"timestamp"</th><th scope="col">"offset"</th></tr></thead>
                    <tbody>{time_rows.into_iter().map(|(t, o)| view! { <tr><td>{t}</td><td>{o}</td></tr> }).collect_view()}</tbody>
                </table>
            </div>
        }.into_any())
    };

    let dump_view = move || {
        let d = dump.get()?;
        let owners = field_of_bytes(&d);
        // The hex dump, one span per field (its title: name = value, and what it means); the
        // table after it says the same to a screen reader, so the dump itself is hidden from it.
        let mut spans = Vec::new();
        let mut i = 0;
        while i < d.bytes.len() {
            let owner = owners[i];
            let mut j = i + 1;
            while j < d.bytes.len() && owners[j] == owner {
                j += 1;
            }
            let text = hex(&d.bytes[i..j]);
            let (class, title) = match owner.and_then(|k| d.fields.get(k).map(|f| (k, f.clone()))) {
                Some((k, f)) => {
                    let meaning_key = field_key(f.name);
                    let record = f.record;
                    (
                        format!("bf bf{} {}", k % 6, if record.is_some() { "bf-rec" } else { "bf-hdr" }),
                        Some(move || {
                            let what = i18n.t(meaning_key);
                            match record {
                                Some(r) => i18n.f(
                                    key("bytes-field-title-record"),
                                    &[
                                        ("record", r.into()),
                                        ("name", f.name.into()),
                                        ("value", f.value.as_str().into()),
                                        ("meaning", what.into()),
                                    ],
                                ),
                                None => i18n.f(
                                    key("bytes-field-title"),
                                    &[("name", f.name.into()), ("value", f.value.as_str().into()), ("meaning", what.into())],
                                ),
                            }
                        }),
                    )
                }
                None => ("bf".to_string(), None),
            };
            spans.push(view! { <span class=class title=title>{text}</span> " " });
            i = j;
        }
        let cut = (d.total_bytes > DUMP_BYTES_MAX)
            .then(|| i18n.f("bytes-dump-cut", &[("shown", DUMP_BYTES_MAX.into()), ("all", d.total_bytes.into())]));
        let (bb, last, total) = (d.batch.base_offset.0, d.batch.last_offset.0, d.total_bytes);
        Some(view! {
            <h3>{move || i18n.f("bytes-dump-heading", &[("base", bb.into()), ("last", last.into()), ("bytes", total.into())])}</h3>
            <p class="hexdump" data-testid="hexdump" aria-hidden="true">{spans}</p>
            {cut.map(|m| view! { <p class="note">{m}</p> })}
            {move || layout.with(Option::is_none).then(|| view! { <p class="note" role="status">{i18n.t("bytes-fields-loading")}</p> })}
            <details class="fields">
                <summary>{move || i18n.t("bytes-fields-summary")}</summary>
                <div class="table-scroll" role="region" tabindex="0" aria-label=move || i18n.t("bytes-fields-region")>
                <table data-testid="fields-table">
                    <thead><tr>
                        <th scope="col">{move || i18n.t("bytes-col-bytes-range")}</th>
                        <th scope="col">{move || i18n.t("bytes-col-field")}</th>
                        <th scope="col">{move || i18n.t("bytes-col-value")}</th>
                        <th scope="col">{move || i18n.t("bytes-col-meaning")}</th>
                    </tr></thead>
                    <tbody>
                        {d.fields.into_iter().map(|f| {
                            let key = field_key(f.name);
                            let name = match f.record {
                                Some(r) => i18n.f("bytes-field-record-name", &[("record", r.into()), ("name", f.name.into())]),
                                None => f.name.to_string(),
                            };
                            view! { <tr>
                                <td>{format!("{}–{}", f.start, f.start + f.len.max(1) - 1)}</td>
                                <th scope="row"><code>{name}</code></th>
                                <td><code>{f.value}</code></td>
                                <td>{move || i18n.t(key)}</td>
                            </tr> }
                        }).collect_view()}
                    </tbody>
                </table>
                </div>
            </details>
        })
    };

    let on_find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        asked.set(Some(find.get_untracked().trim().parse::<i64>().map_err(|_| ())));
    };
    let lookup_view = move || {
        let Ok(target) = asked.get()? else {
            return Some(view! { <p class="error" role="alert">{move || i18n.t("bytes-find-bad")}</p> }.into_any());
        };
        let c = choice.get()?;
        let (l, file, exact) = views.with_session(|s| {
            let (l, file) = lookup(&s.cluster, &c, target)?;
            let exact = found_exactly(&l, &s.cluster, &c);
            Some((l, file, exact))
        })?;
        let file = file.unwrap_or_default();
        let mut steps: Vec<String> = Vec::new();
        let tr = i18n.tr();
        match l.outcome {
            LookupOutcome::OutOfRange => {
                let (start, end) = log.get_untracked().map_or((0, 0), |x| (x.log_start_offset, x.log_end_offset));
                steps.push(tr.f("bytes-lookup-out-of-range", &[("target", target.into()), ("start", start.into()), ("end", end.into())]));
            }
            LookupOutcome::LogEnd if l.segment.is_none() => steps.push(tr.f("bytes-lookup-log-end", &[("target", target.into())])),
            _ => {
                steps.push(tr.f("bytes-lookup-segment", &[("file", file.as_str().into()), ("target", target.into())]));
                steps.push(match l.index_slot {
                    Some(slot) => tr.f(
                        key("bytes-lookup-index-hit"),
                        &[
                            ("file", file.as_str().into()),
                            ("slot", slot.into()),
                            ("offset", l.start.offset.0.into()),
                            ("position", l.start.position.into()),
                            ("target", target.into()),
                        ],
                    ),
                    None => tr.f("bytes-lookup-index-miss", &[("file", file.as_str().into()), ("target", target.into())]),
                });
                for b in &l.scanned {
                    steps.push(tr.f(
                        key("bytes-lookup-scan"),
                        &[
                            ("base", b.base_offset.0.into()),
                            ("last", b.last_offset.0.into()),
                            ("position", b.position.into()),
                            ("size", b.size_bytes.into()),
                        ],
                    ));
                }
                if let (LookupOutcome::Found, Some(b)) = (l.outcome, l.scanned.last()) {
                    let key = if exact { key("bytes-lookup-found") } else { key("bytes-lookup-found-later") };
                    steps.push(tr.f(
                        key,
                        &[
                            ("target", target.into()),
                            ("base", b.base_offset.0.into()),
                            ("last", b.last_offset.0.into()),
                            ("position", b.position.into()),
                        ],
                    ));
                } else {
                    steps.push(tr.f("bytes-lookup-log-end", &[("target", target.into())]));
                }
            }
        }
        Some(view! { <ol class="lookup-steps" data-testid="lookup-steps" aria-live="polite">{steps.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ol> }.into_any())
    };

    view! {
        <details class="panel bytes" data-testid="bytes-panel" on:toggle=move |ev| {
            use wasm_bindgen::JsCast;
            let o = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok()).is_some_and(|d| d.open());
            open.set(o);
        }>
            <summary><h2>{move || i18n.t("bytes-heading")}</h2></summary>
            <Show when=move || open.get()>
                <p class="hint">{move || i18n.t("bytes-intro")}</p>
                {controls}
                <p data-testid="bytes-summary">{summary}</p>
                {cleaner_view}
                {segments_table}
                {segment_detail}
                {dump_view}
                <form class="inline-form" on:submit=on_find aria-label=move || i18n.t("bytes-find-region")>
                    <label>{move || i18n.t("bytes-find-label")} " "
                        <input data-testid="bytes-find" inputmode="numeric" size="8" prop:value=move || find.get() on:input=move |ev| find.set(event_target_value(&ev)) />
                    </label>
                    <button type="submit" data-testid="bytes-find-submit" aria-label=move || i18n.f("bytes-find-button", &[("replica", where_().into())])>{move || i18n.t("bytes-find")}</button>
                </form>
                {lookup_view}
            </Show>
        </details>
    }
}
