//! Producer clients in the page: a form to create one with its config (Kafka 4.x's defaults
//! shown; only what the learner changes is passed), and per producer its identity, non-default
//! config, counts, the batches in its accumulator, its requests in flight and the recent fates
//! of its records, with Flush and Close; a transactional producer's transaction (Init, Begin,
//! Commit, Abort, its state and the coordinator's). Thin components over `producers_vm`; every
//! action is an engine command.

use crate::ctx::{Commands, Paced, Views};
use crate::producers_vm::{default_value, producers_vm, ProducerVm, TxnVm, FORM_FIELDS};
use crate::ui::field::Field;
use crate::ui::on_screen::pace_by_view;
use crate::view_model::format_time_in;
use engine::{Command, ProducerHandle};
use leptos::prelude::*;

/// `linger.ms` → `producer-config-linger-ms`.
fn field_testid(name: &str) -> String {
    format!("producer-config-{}", name.replace('.', "-"))
}

#[component]
pub(crate) fn Producers() -> impl IntoView {
    let views = expect_context::<Views>();
    let i18n = expect_context::<crate::ctx::I18n>();
    let all = Memo::new(move |_| {
        let tr = i18n.tr();
        views.with_session_paced(|s| producers_vm(&s.cluster, &s.fates, tr))
    });
    let handles = Memo::new(move |_| all.with(|ps| ps.iter().map(|p| p.handle).collect::<Vec<_>>()));
    let root = NodeRef::<leptos::html::Section>::new();
    pace_by_view(Paced::Producers, root);
    view! {
        <section class="panel" node_ref=root aria-label=move || i18n.t("producers-title")>
            <h2>{move || i18n.t("producers-title")}</h2>
            <CreateProducerForm />
            <Show when=move || handles.with(Vec::is_empty)>
                <p class="legend">{move || i18n.t("producers-empty")}</p>
            </Show>
            <For each=move || handles.get() key=|h| *h let:h>
                <ProducerCard all handle=h />
            </For>
        </section>
    }
}

#[component]
fn CreateProducerForm() -> impl IntoView {
    let commands = expect_context::<Commands>();
    let i18n = expect_context::<crate::ctx::I18n>();
    let acks = RwSignal::new(default_value("acks"));
    let idempotence = RwSignal::new(String::new());
    let fields: Vec<(&'static str, RwSignal<String>)> = FORM_FIELDS.iter().map(|n| (*n, RwSignal::new(default_value(n)))).collect();
    let message = RwSignal::new(String::new());
    let values = fields.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed: Vec<(&str, String)> = values.iter().map(|(n, v)| (*n, v.get_untracked())).collect();
        let config = crate::producers_vm::create_pairs(&acks.get_untracked(), &idempotence.get_untracked(), &typed);
        // A compression.type other than the default waits for the codecs' chunk first.
        let waits = crate::chunks::apply_loading_codecs(commands, Command::CreateProducer { config }, move |r| {
            message.set(match r {
                Ok(o) => o.producer().map_or_else(String::new, |p| i18n.f("producer-started", &[("producer", p.to_string().into())])),
                Err(e) => e,
            });
        });
        if waits {
            message.set(i18n.t("codecs-loading"));
        }
    };
    view! {
        <form on:submit=submit class="form producer-form" aria-label=move || i18n.t("producer-form-label")>
            <label>"acks "
                <select data-testid="producer-config-acks" on:change=move |ev| acks.set(event_target_value(&ev))>
                    <option value="all" selected>{move || i18n.t("producer-acks-default")}</option>
                    <option value="1">"1"</option>
                    <option value="0">"0"</option>
                </select>
            </label>
            <label title=move || i18n.t("producer-idempotence-title")>"enable.idempotence "
                <select data-testid="producer-config-enable-idempotence" on:change=move |ev| idempotence.set(event_target_value(&ev))>
                    <option value="" selected>{move || i18n.t("producer-idempotence-unset")}</option>
                    <option value="true">"true"</option>
                    <option value="false">"false"</option>
                </select>
            </label>
            {fields
                .into_iter()
                .map(|(name, value)| {
                    let numeric = !name.ends_with(".id");
                    view! { <Field label=name testid=field_testid(name) value numeric /> }
                })
                .collect_view()}
            <button type="submit" data-testid="producer-create">{move || i18n.t("producer-create")}</button>
        </form>
        <p class="legend">{move || i18n.t("producer-form-legend")}</p>
        <p class="message" role="alert" data-testid="producer-create-message">{move || message.get()}</p>
    }
}

#[component]
fn ProducerCard(all: Memo<Vec<ProducerVm>>, handle: u32) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let i18n = expect_context::<crate::ctx::I18n>();
    let p = Memo::new(move |_| all.with(|ps| ps.iter().find(|p| p.handle == handle).cloned()));
    // The requests in flight and the fates follow two frames later than the rest while time
    // runs (`Views::track_paced_second`): the card's update is split over two frames.
    let views = expect_context::<Views>();
    let later = Memo::new(move |_| {
        views.track_paced_second();
        p.get_untracked()
    });
    let field = move |f: fn(&ProducerVm) -> String| move || p.with(|p| p.as_ref().map(f).unwrap_or_default());
    let field_later = move |f: fn(&ProducerVm) -> String| move || later.with(|p| p.as_ref().map(f).unwrap_or_default());
    let closing = move || p.with(|p| p.as_ref().is_none_or(|p| p.closing));
    let producer = ProducerHandle(handle);
    let name = producer.to_string();
    let named = move |k: &'static str| {
        let name = producer.to_string();
        move || i18n.f(k, &[("producer", name.as_str().into())])
    };
    let run = move |cmd: Command| {
        let _ = commands.update(|s| s.apply(cmd));
    };
    view! {
        <div class="producer" data-testid=format!("producer-{handle}")>
            <h3 class="name" title=field(|p| format!("{} · client.id {}", p.name, p.client_id))>{name.clone()}" · client.id "{field(|p| p.client_id.clone())}</h3>
            <p class="group-head">
                <span data-testid=format!("producer-identity-{handle}")>{field(|p| p.identity.clone())}</span>
                <span class="producer-state">{field(|p| if p.state.is_empty() { String::new() } else { format!(" · {}", p.state) })}</span>
            </p>
            <p class="producer-config">{move || i18n.t("producer-config-label")}" "<code data-testid=format!("producer-config-{handle}")>{field(|p| p.config.clone())}</code></p>
            <p class="producer-stats">
                <span data-testid=format!("producer-stats-{handle}")>{field(|p| p.stats.clone())}</span>
                <span class="member-actions">
                    <button data-testid=format!("flush-producer-{handle}") disabled=closing title=move || i18n.t("producer-flush-title")
                        aria-label=named(crate::i18n::key("producer-flush-label")) on:click=move |_| run(Command::FlushProducer { producer })>{move || i18n.t("producer-flush")}</button>
                    <button data-testid=format!("close-producer-{handle}") disabled=closing title=move || i18n.t("producer-close-title")
                        aria-label=named(crate::i18n::key("producer-close-label")) on:click=move |_| run(Command::CloseProducer { producer })>{move || i18n.t("producer-close")}</button>
                </span>
            </p>
            <Show when=move || p.with(|p| p.as_ref().is_some_and(|p| p.txn.is_some()))>
                <TransactionControls p handle />
            </Show>
            <div class="table-scroll" role="region" tabindex="0" aria-label=named(crate::i18n::key("producer-batches-region"))>
                <table class="producer-table" data-testid=format!("producer-batches-{handle}")>
                    <colgroup><col class="c-ppartition" /><col class="c-pnum" /><col class="c-psize" /><col /><col class="c-pnum" /></colgroup>
                    <caption>{field(|p| p.batches_caption.clone())}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.t("producer-col-partition")}</th><th scope="col">{move || i18n.t("producer-col-records")}</th>
                        <th scope="col">{move || i18n.t("producer-col-size")}</th>
                        <th scope="col">{move || i18n.t("producer-col-state")}</th><th scope="col">{move || i18n.t("producer-col-sequence")}</th>
                    </tr></thead>
                    // Rows by position (not a keyed `<For>`): they change every tick.
                    <tbody>{move || p.with(|p| p.as_ref().map(|p| p.batches.iter().map(|b| view! {
                        <tr><td class="name" title=b.partition.clone()>{b.partition.clone()}</td><td>{b.records}</td><td>{b.size.clone()}</td>
                            <td>{b.state.clone()}</td><td>{b.sequence.clone()}</td></tr>
                    }).collect::<Vec<_>>()).unwrap_or_default())}</tbody>
                </table>
            </div>
            <div class="table-scroll" role="region" tabindex="0" aria-label=named(crate::i18n::key("producer-inflight-region"))>
                <table class="producer-table" data-testid=format!("producer-inflight-{handle}")>
                    <colgroup><col class="c-pnum" /><col class="c-pnum" /><col class="c-ppartition" /><col class="c-pnum" /><col class="c-pnum" /><col class="c-pnum" /></colgroup>
                    <caption>{field_later(|p| p.in_flight_caption.clone())}</caption>
                    <thead><tr>
                        <th scope="col">{move || i18n.t("producer-col-request")}</th><th scope="col">{move || i18n.t("producer-col-broker")}</th>
                        <th scope="col">{move || i18n.t("producer-col-partition")}</th>
                        <th scope="col">{move || i18n.t("producer-col-sequence")}</th><th scope="col">{move || i18n.t("producer-col-attempt")}</th>
                        <th scope="col">{move || i18n.t("producer-col-records")}</th>
                    </tr></thead>
                    <tbody>{move || later.with(|p| p.as_ref().map(|p| p.in_flight.iter().map(|f| view! {
                        <tr><td>{f.request}</td><td>{f.broker}</td><td class="name" title=f.partition.clone()>{f.partition.clone()}</td>
                            <td>{f.sequence.clone()}</td><td>{f.attempt}</td><td>{f.records}</td></tr>
                    }).collect::<Vec<_>>()).unwrap_or_default())}</tbody>
                </table>
            </div>
            <h4 id=format!("fates-{handle}")>{move || i18n.t("producer-fates-title")}</h4>
            <ol class="fates" data-testid=format!("producer-fates-{handle}") aria-labelledby=format!("fates-{handle}")>
                {move || later.with(|p| p.as_ref().map(|p| p.fates.iter().map(|f| view! {
                    <li class=f.class><span class="t">{format_time_in(f.time_ms, i18n.tr())}</span>" "{f.text.clone()}</li>
                }).collect::<Vec<_>>()).unwrap_or_default())}
            </ol>
        </div>
    }
}

/// A transactional producer's transaction: Kafka's client state, the calls it accepts now, what
/// it has committed and aborted, and the coordinator's side (`kafka-transactions.sh describe`).
#[component]
fn TransactionControls(p: Memo<Option<ProducerVm>>, handle: u32) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let i18n = expect_context::<crate::ctx::I18n>();
    let t = Memo::new(move |_| p.with(|p| p.as_ref().and_then(|p| p.txn.clone())));
    let field = move |f: fn(&TxnVm) -> String| move || t.with(|t| t.as_ref().map(f).unwrap_or_default());
    let can = move |f: fn(&TxnVm) -> bool| move || !t.with(|t| t.as_ref().is_some_and(f));
    let message = RwSignal::new(String::new());
    let producer = ProducerHandle(handle);
    let run = move |cmd: Command| {
        let r = commands.update(|s| s.apply(cmd));
        message.set(r.err().unwrap_or_default());
    };
    let tid = move || t.with(|t| t.as_ref().map(|t| t.transactional_id.clone()).unwrap_or_default());
    let label = move |k: &'static str| move || i18n.f(k, &[("id", tid().into())]);
    let text = move |k: &'static str| move || i18n.t(k);
    view! {
        <div class="txn" role="group" aria-label=move || i18n.f("producer-txn-region", &[("producer", producer.to_string().into()), ("id", tid().into())])>
            <p class="group-head">
                "transactional.id " <code>{tid}</code> " · " {text(crate::i18n::key("producer-txn-state"))} " "
                <strong data-testid=format!("txn-state-{handle}") class=move || if t.with(|t| t.as_ref().is_some_and(|t| t.error)) { "txn-error" } else { "" }>
                    {field(|t| t.state.to_string())}
                </strong>
                " · " <span data-testid=format!("txn-counts-{handle}")>{field(|t| t.counts.clone())}</span>
            </p>
            <p class=move || if t.with(|t| t.as_ref().is_some_and(|t| t.error)) { "txn-explain txn-error" } else { "txn-explain" } data-testid=format!("txn-explain-{handle}")>
                {field(|t| t.explain.clone())}
            </p>
            <p class="member-actions txn-actions">
                <button data-testid=format!("txn-init-{handle}") disabled=can(|t| t.can_init) title=text(crate::i18n::key("producer-txn-init-title"))
                    aria-label=label(crate::i18n::key("producer-txn-init-label")) on:click=move |_| run(Command::InitTransactions { producer })>{text(crate::i18n::key("producer-txn-init"))}</button>
                <button data-testid=format!("txn-begin-{handle}") disabled=can(|t| t.can_begin) title="beginTransaction()"
                    aria-label=label(crate::i18n::key("producer-txn-begin-label")) on:click=move |_| run(Command::BeginTransaction { producer })>{text(crate::i18n::key("producer-txn-begin"))}</button>
                <button data-testid=format!("txn-commit-{handle}") disabled=can(|t| t.can_commit) title=text(crate::i18n::key("producer-txn-commit-title"))
                    aria-label=label(crate::i18n::key("producer-txn-commit-label")) on:click=move |_| run(Command::CommitTransaction { producer })>{text(crate::i18n::key("producer-txn-commit"))}</button>
                <button data-testid=format!("txn-abort-{handle}") disabled=can(|t| t.can_abort) title=text(crate::i18n::key("producer-txn-abort-title"))
                    aria-label=label(crate::i18n::key("producer-txn-abort-label")) on:click=move |_| run(Command::AbortTransaction { producer })>{text(crate::i18n::key("producer-txn-abort"))}</button>
                <span class="message" role="alert" data-testid=format!("txn-message-{handle}")>{move || message.get()}</span>
            </p>
            <p class="txn-coordinator" data-testid=format!("txn-coordinator-{handle}")>
                {text(crate::i18n::key("producer-txn-coordinator-label"))} " " {field(|t| t.coordinator.clone())} " · TransactionState "
                <strong>{field(|t| t.coordinator_state.clone())}</strong>
                " · " {text(crate::i18n::key("producer-txn-partitions-label"))} " " {field(|t| t.partitions.clone())}
            </p>
        </div>
    }
}
