//! Consumer groups in the page: a form to start consumers, and per group its state, members
//! (with their controls and colours), a live `kafka-consumer-groups.sh --describe` table and a
//! lag chart. Thin components over `groups_vm`; every action is an engine command.

use crate::ctx::{Commands, Views, STAGE_TABLE};
use crate::groups_vm::{dash, GroupRowVm, GroupVm, MemberVm};
use crate::ui::delivery_check::DeliveryCheck;
use crate::ui::field::Field;
use crate::ui::lag_chart::LagChart;
use crate::ui::topic_select::TopicChoice;
use engine::assignor::AssignorName;
use engine::{Command, ConsumerConfig, ConsumerId, IsolationLevel, OffsetReset};
use engine::{GroupProtocol, ServerAssignor};
use leptos::prelude::*;

/// Processing time of a consumer made "slow" with one click: 200 ms per record, 5 records/s.
const SLOW_MS_PER_RECORD: u64 = 200;

#[component]
pub fn ConsumerForm() -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let group = RwSignal::new("orders-app".to_string());
    let topic = TopicChoice::new(views.topics);
    let assignor = RwSignal::new("range".to_string());
    let commit = RwSignal::new("auto".to_string());
    let reset = RwSignal::new("earliest".to_string());
    let session_ms = RwSignal::new("45000".to_string());
    let processing = RwSignal::new("0".to_string());
    let isolation = RwSignal::new(IsolationLevel::default().name().to_string());
    let message = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let config = (|| {
            let number = |s: String, what: &str| s.trim().parse::<u64>().map_err(|_| format!("{what} must be a whole number"));
            let choice = assignor.get_untracked();
            let (protocol, remote) = match choice.as_str() {
                "848-uniform" => (GroupProtocol::Consumer, ServerAssignor::Uniform),
                "848-range" => (GroupProtocol::Consumer, ServerAssignor::Range),
                _ => (GroupProtocol::Classic, ServerAssignor::Uniform),
            };
            Ok::<_, String>(ConsumerConfig {
                group_protocol: protocol,
                remote_assignor: remote,
                group_id: group.get_untracked().trim().to_string(),
                topics: vec![topic.get_untracked()],
                assignor: if protocol == GroupProtocol::Consumer {
                    AssignorName::Range
                } else {
                    AssignorName::parse(&choice).ok_or("choose an assignor")?
                },
                enable_auto_commit: commit.get_untracked() == "auto",
                auto_offset_reset: OffsetReset::parse(&reset.get_untracked()).ok_or("choose auto.offset.reset")?,
                session_timeout_ms: number(session_ms.get_untracked(), "session.timeout.ms")?,
                processing_ms_per_record: number(processing.get_untracked(), "Processing time")?,
                isolation_level: IsolationLevel::parse(&isolation.get_untracked()).ok_or("choose isolation.level")?,
                ..ConsumerConfig::default()
            })
        })();
        let r = config.and_then(|config| {
            commands.update(|s| s.apply(Command::AddConsumer { config }).map(|o| o.consumer().map_or_else(String::new, |c| c.to_string())))
        });
        message.set(match r {
            Ok(id) => format!("Started {id} in group {}.", group.get_untracked()),
            Err(e) => e,
        });
    };
    view! {
        <section class="panel" aria-label="Start a consumer">
            <h2>"Start a consumer"</h2>
            <form on:submit=submit class="form">
                <Field label="group.id " testid="consumer-group" value=group />
                <label>"Topic "
                    {topic.select("consumer-topic")}
                </label>
                <label>"partition.assignment.strategy "
                    <select data-testid="consumer-assignor" on:change=move |ev| assignor.set(event_target_value(&ev))>
                        <optgroup label="group.protocol=classic (client-side assignor)">
                            {AssignorName::ALL.iter().map(|a| view! { <option value=a.name()>{a.name()}</option> }).collect_view()}
                        </optgroup>
                        <optgroup label="group.protocol=consumer (KIP-848, broker-side assignor)">
                            <option value="848-uniform">"uniform"</option>
                            <option value="848-range">"range"</option>
                        </optgroup>
                    </select>
                </label>
                <label>"Commits "
                    <select data-testid="consumer-commit" on:change=move |ev| commit.set(event_target_value(&ev))>
                        <option value="auto" title="enable.auto.commit=true: commits every auto.commit.interval.ms (5 s)">"auto, every 5 s"</option>
                        <option value="manual" title="enable.auto.commit=false and commitSync() after each batch">"commitSync() per batch"</option>
                    </select>
                </label>
                <label>"auto.offset.reset "
                    <select data-testid="consumer-reset" on:change=move |ev| reset.set(event_target_value(&ev))>
                        <option value="earliest">"earliest"</option>
                        <option value="latest">"latest (Kafka's default)"</option>
                        <option value="none">"none"</option>
                    </select>
                </label>
                <label title="read_committed: reads up to the last stable offset and skips records of aborted transactions">"isolation.level "
                    <select data-testid="consumer-isolation" on:change=move |ev| isolation.set(event_target_value(&ev))>
                        <option value="read_uncommitted">"read_uncommitted (default)"</option>
                        <option value="read_committed">"read_committed"</option>
                    </select>
                </label>
                <Field label="session.timeout.ms " testid="consumer-session" value=session_ms numeric=true />
                <Field label="Processing ms per record " testid="consumer-processing" value=processing numeric=true />
                <button type="submit" data-testid="consumer-add">"Start consumer"</button>
            </form>
            <p class="message" role="alert" data-testid="consumer-message">{move || message.get()}</p>
        </section>
    }
}

fn group_memo(views: Views, id: String) -> Memo<Option<GroupVm>> {
    let vm = views.staged[STAGE_TABLE];
    Memo::new(move |_| vm.with(|vm| vm.groups.iter().find(|g| g.id == id).cloned()))
}

#[component]
pub fn Groups() -> impl IntoView {
    let vm = expect_context::<Views>().staged[STAGE_TABLE];
    let ids = Memo::new(move |_| vm.with(|vm| vm.groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>()));
    view! {
        <section class="panel" aria-label="Consumer groups">
            <h2>"Consumer groups"</h2>
            <Show when=move || ids.with(Vec::is_empty)>
                <p class="legend">"No consumers yet: start one with the form. Each group's coordinator is the leader of its __consumer_offsets partition."</p>
            </Show>
            <For each=move || ids.get() key=|id| id.clone() let:id>
                <GroupCard id />
            </For>
        </section>
    }
}

#[component]
fn GroupCard(id: String) -> impl IntoView {
    let g = group_memo(expect_context::<Views>(), id.clone());
    let field = move |f: fn(&GroupVm) -> String| move || g.with(|g| g.as_ref().map(f).unwrap_or_default());
    let members =
        Memo::new(move |_| g.with(|g| g.as_ref().map(|g| g.members.iter().map(|m| m.consumer).collect::<Vec<_>>()).unwrap_or_default()));
    let rows = Memo::new(move |_| {
        g.with(|g| g.as_ref().map(|g| g.rows.iter().map(|r| (r.topic.clone(), r.partition)).collect::<Vec<_>>()).unwrap_or_default())
    });
    let gid = id.clone();
    view! {
        <div class="group" data-testid=format!("group-{id}")>
            <h3 class="name" title=id.clone()>{id.clone()}</h3>
            <p class="group-head">
                "state " <strong data-testid=format!("group-state-{id}")>{field(|g| g.state.to_string())}</strong>
                " · " {field(|g| g.epoch_label.to_string())} " " <span data-testid=format!("group-generation-{id}")>{field(|g| g.generation.to_string())}</span>
                " · coordinator " <span data-testid=format!("group-coordinator-{id}")>{field(|g| match (g.coordinator, g.offsets_topic_missing) {
                    (Some(b), _) => format!("broker {b} (leader of __consumer_offsets-{})", g.offsets_partition),
                    (None, Some((rf, brokers))) => format!(
                        "none: COORDINATOR_NOT_AVAILABLE; __consumer_offsets needs offsets.topic.replication.factor = {rf} brokers and the cluster has {brokers}, so no group can form"
                    ),
                    (None, None) => format!("none (__consumer_offsets-{} has no leader)", g.offsets_partition),
                })}</span>
                " · " <span data-testid=format!("group-protocol-{id}")>{field(|g| g.protocol.clone())}</span>
                " · lag " <strong data-testid=format!("group-lag-{id}")>{field(|g| g.lag_total.to_string())}</strong>
                " · redelivered " <span data-testid=format!("group-redelivered-{id}")>{field(|g| g.redelivered.to_string())}</span>
                " · rebalances " {field(|g| g.rebalances.to_string())}
            </p>
            <ul class="members">
                <For each=move || members.get() key=|c| *c let:c>
                    <MemberRow g consumer=c />
                </For>
            </ul>
            // Seven columns: the table scrolls sideways in its own region on a narrow screen.
            <div class="table-scroll" role="region" tabindex="0" aria-label=format!("kafka-consumer-groups --describe output for {id}")>
            <table class="group-table" data-testid=format!("group-table-{id}")>
                <colgroup>
                    <col /><col /><col class="c-gpartition" /><col class="c-goffset" /><col class="c-goffset" /><col class="c-glag" /><col class="c-gconsumer" />
                </colgroup>
                <caption>{field(|g| format!("kafka-consumer-groups.sh --describe --group {}: {} of {} rows (partitions on this page)", g.id, g.rows.len(), g.rows_total))}</caption>
                <thead><tr>
                    <th scope="col">"GROUP"</th><th scope="col">"TOPIC"</th><th scope="col">"PARTITION"</th><th scope="col">"CURRENT-OFFSET"</th>
                    <th scope="col">"LOG-END-OFFSET"</th><th scope="col">"LAG"</th><th scope="col">"CONSUMER-ID"</th>
                </tr></thead>
                <tbody>
                    <For each=move || rows.get() key=|k| k.clone() let:k>
                        <GroupRow g group=gid.clone() topic=k.0 partition=k.1 />
                    </For>
                </tbody>
            </table>
            </div>
            <DeliveryCheck g />
            <LagChart group=id.clone() />
        </div>
    }
}

#[component]
fn GroupRow(g: Memo<Option<GroupVm>>, group: String, topic: String, partition: u32) -> impl IntoView {
    let (t, p) = (topic.clone(), partition);
    let row = Memo::new(move |_| g.with(|g| g.as_ref().and_then(|g| g.rows.iter().find(|r| r.topic == t && r.partition == p).cloned())));
    let cell = move |f: fn(&GroupRowVm) -> String| move || row.with(|r| r.as_ref().map(f).unwrap_or_default());
    let id = format!("{group}-{topic}-{partition}");
    view! {
        <tr data-testid=format!("group-row-{id}")>
            <td class="name" title=group.clone()>{group.clone()}</td><td class="name" title=topic.clone()>{topic.clone()}</td><td>{partition}</td>
            <td data-testid=format!("group-current-{id}")>{cell(|r| dash(r.current_offset))}</td>
            <td>{cell(|r| r.log_end_offset.to_string())}</td>
            <td data-testid=format!("group-lagcell-{id}")>{cell(|r| dash(r.lag))}</td>
            <td data-testid=format!("group-owner-{id}") class=move || row.with(|r| r.as_ref().and_then(|r| r.consumer).map_or(String::new(), |c| format!("owner m{}", crate::groups_vm::member_colour(c.0))))>
                {cell(|r| dash(r.member_id.clone()))}
            </td>
        </tr>
    }
}

#[component]
fn MemberRow(g: Memo<Option<GroupVm>>, consumer: u32) -> impl IntoView {
    let commands = expect_context::<Commands>();
    let m = Memo::new(move |_| g.with(|g| g.as_ref().and_then(|g| g.members.iter().find(|m| m.consumer == consumer).cloned())));
    let text = move |f: fn(&MemberVm) -> String| move || m.with(|m| m.as_ref().map(f).unwrap_or_default());
    let alive = move || m.with(|m| m.as_ref().is_some_and(|m| m.alive));
    let id = ConsumerId(consumer);
    let run = move |cmd: Command| {
        let _ = commands.update(|s| s.apply(cmd));
    };
    let colour = crate::groups_vm::member_colour(consumer);
    view! {
        <li class=move || format!("member m{colour} {}", if alive() { "" } else { "gone" })>
            <span class="swatch" aria-hidden="true"></span>
            <strong data-testid=format!("consumer-{consumer}")>{format!("consumer-{consumer}")}</strong>
            <span data-testid=format!("consumer-status-{consumer}")>{text(|m| {
                let mut s = m.status.to_string();
                if m.leader { s.push_str(" · group leader") }
                if let Some(state) = &m.member_state { s.push_str(&format!(" · {state}")) }
                if !m.member && m.alive { s.push_str(" · not a member") }
                if let Some(e) = &m.error { s = format!("{s}: {e}") }
                s
            })}</span>
            <span class="isolation" data-testid=format!("consumer-isolation-{consumer}") title=text(|m| m.isolation_note.to_string())>{text(|m| m.isolation.to_string())}</span>
            <span class="owned" data-testid=format!("consumer-owned-{consumer}")>{text(crate::groups_vm::owned_label)}</span>
            <span class="counts">{text(|m| format!("{} delivered, {} again", m.delivered, m.redelivered))}</span>
            <span class="member-actions">
                <button data-testid=format!("close-consumer-{consumer}") disabled=move || !alive() title="close(): commit and LeaveGroup"
                    aria-label=format!("Close consumer-{consumer} (commit and LeaveGroup)")
                    on:click=move |_| run(Command::CloseConsumer { consumer: id })>"Close"</button>
                <button data-testid=format!("crash-consumer-{consumer}") disabled=move || !alive() title="Kill the process: no LeaveGroup"
                    aria-label=format!("Crash consumer-{consumer} (no LeaveGroup)")
                    on:click=move |_| run(Command::CrashConsumer { consumer: id })>"Crash"</button>
                <button data-testid=format!("poll-consumer-{consumer}") disabled=move || !alive()
                    aria-label=move || format!("{} consumer-{consumer}", if m.with(|m| m.as_ref().is_some_and(|m| m.polling)) { "Stop polling" } else { "Resume polling" })
                    on:click=move |_| { let polling = m.with_untracked(|m| m.as_ref().is_some_and(|m| m.polling)); run(Command::SetConsumerPolling { consumer: id, polling: !polling }) }>
                    {move || if m.with(|m| m.as_ref().is_some_and(|m| m.polling)) { "Stop polling" } else { "Resume polling" }}
                </button>
                <button data-testid=format!("slow-consumer-{consumer}") disabled=move || !alive()
                    aria-label=move || if m.with(|m| m.as_ref().is_some_and(|m| m.slow)) { format!("Normal speed for consumer-{consumer}") } else { format!("Slow consumer-{consumer} (200 ms/record)") }
                    on:click=move |_| { let slow = m.with_untracked(|m| m.as_ref().is_some_and(|m| m.slow)); run(Command::SetConsumerProcessing { consumer: id, ms_per_record: if slow { 0 } else { SLOW_MS_PER_RECORD } }) }>
                    {move || if m.with(|m| m.as_ref().is_some_and(|m| m.slow)) { "Normal speed" } else { "Slow" }}
                </button>
            </span>
        </li>
    }
}
