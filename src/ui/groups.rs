//! Consumer groups in the page: a form to start consumers, and per group its state, members
//! (with their controls and colours), a live `kafka-consumer-groups.sh --describe` table and a
//! lag chart. Thin components over `groups_vm`; every action is an engine command.

use crate::ctx::{Commands, I18n, Paced, Views, STAGE_GROUPS};
use crate::groups_vm::{dash, GroupRowVm, GroupVm, MemberVm};
use crate::i18n::{count, key};
use crate::ui::delivery_check::DeliveryCheck;
use crate::ui::field::{said, Field, Say};
use crate::ui::lag_chart::LagChart;
use crate::ui::on_screen::pace_by_view;
use crate::ui::real_command::RealCommand;
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
    let i18n = expect_context::<I18n>();
    let group = RwSignal::new("orders-app".to_string());
    let topic = TopicChoice::new(views.topics);
    let assignor = RwSignal::new("range".to_string());
    let commit = RwSignal::new("auto".to_string());
    let reset = RwSignal::new("earliest".to_string());
    let session_ms = RwSignal::new("45000".to_string());
    let processing = RwSignal::new("0".to_string());
    let isolation = RwSignal::new(IsolationLevel::default().name().to_string());
    let message = RwSignal::<Option<Say>>::new(None);
    // The consumer the fields make (tracked: the preview below follows the fields).
    let build = move || -> Result<ConsumerConfig, Say> {
        // Our own words for what is wrong; `what` is a config name, or the key of our label.
        let whole = |what: &'static str, label: bool| {
            Say::new(move |tr| tr.f("consumer-form-whole-number", &[("what", if label { tr.t(what) } else { what.to_string() }.into())]))
        };
        let choose = |k: &'static str| Say::new(move |tr| tr.t(k));
        let number = |s: String, what: &'static str, label: bool| s.trim().parse::<u64>().map_err(|_| whole(what, label));
        let choice = assignor.get();
        let (protocol, remote) = match choice.as_str() {
            "848-uniform" => (GroupProtocol::Consumer, ServerAssignor::Uniform),
            "848-range" => (GroupProtocol::Consumer, ServerAssignor::Range),
            _ => (GroupProtocol::Classic, ServerAssignor::Uniform),
        };
        Ok::<_, Say>(ConsumerConfig {
            group_protocol: protocol,
            remote_assignor: remote,
            group_id: group.get().trim().to_string(),
            topics: vec![topic.current.get()],
            assignor: if protocol == GroupProtocol::Consumer {
                AssignorName::Range
            } else {
                AssignorName::parse(&choice).ok_or_else(|| choose(key("consumer-form-choose-assignor")))?
            },
            enable_auto_commit: commit.get() == "auto",
            commit_before_processing: commit.get() == "before",
            auto_offset_reset: OffsetReset::parse(&reset.get()).ok_or_else(|| choose(key("consumer-form-choose-reset")))?,
            session_timeout_ms: number(session_ms.get(), "session.timeout.ms", false)?,
            processing_ms_per_record: number(processing.get(), key("consumer-form-processing-name"), true)?,
            isolation_level: IsolationLevel::parse(&isolation.get()).ok_or_else(|| choose(key("consumer-form-choose-isolation")))?,
            ..ConsumerConfig::default()
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let config = untrack(build);
        let r = config.and_then(|config| {
            commands
                .update(|s| s.apply(Command::AddConsumer { config }).map(|o| o.consumer().map_or_else(String::new, |c| c.to_string())))
                // Kafka's own message (the broker's or the client's), as it prints it.
                .map_err(Say::kafka)
        });
        let g = group.get_untracked();
        message.set(Some(match r {
            Ok(id) => Say::new(move |tr| tr.f("consumer-form-started", &[("consumer", id.as_str().into()), ("group", g.as_str().into())])),
            Err(e) => e,
        }));
    };
    let t = move |k: &'static str| move || i18n.t(k);
    view! {
        <section class="panel" aria-label=t(key("consumer-form-title"))>
            <h2>{t(key("consumer-form-title"))}</h2>
            <form on:submit=submit class="form">
                <Field label="group.id " testid="consumer-group" value=group />
                <label>{t(key("consumer-form-topic"))} " "
                    {topic.select("consumer-topic")}
                </label>
                <label>"partition.assignment.strategy "
                    <select data-testid="consumer-assignor" on:change=move |ev| assignor.set(event_target_value(&ev))>
                        <optgroup label=t(key("consumer-form-classic-assignors"))>
                            {AssignorName::ALL.iter().map(|a| view! { <option value=a.name()>{a.name()}</option> }).collect_view()}
                        </optgroup>
                        <optgroup label=t(key("consumer-form-broker-assignors"))>
                            <option value="848-uniform">"uniform"</option>
                            <option value="848-range">"range"</option>
                        </optgroup>
                    </select>
                </label>
                <label>{t(key("consumer-form-commits"))} " "
                    <select data-testid="consumer-commit" on:change=move |ev| commit.set(event_target_value(&ev))>
                        <option value="auto" title=t(key("consumer-form-commit-auto-help"))>{t(key("consumer-form-commit-auto"))}</option>
                        <option value="manual" title=t(key("consumer-form-commit-manual-help"))>{t(key("consumer-form-commit-manual"))}</option>
                        <option value="before" title=t(key("consumer-form-commit-before-help"))>{t(key("consumer-form-commit-before"))}</option>
                    </select>
                </label>
                <label>"auto.offset.reset "
                    <select data-testid="consumer-reset" on:change=move |ev| reset.set(event_target_value(&ev))>
                        <option value="earliest">"earliest"</option>
                        <option value="latest">{t(key("consumer-form-reset-latest"))}</option>
                        <option value="none">"none"</option>
                    </select>
                </label>
                <label title=t(key("consumer-form-isolation-help"))>"isolation.level "
                    <select data-testid="consumer-isolation" on:change=move |ev| isolation.set(event_target_value(&ev))>
                        <option value="read_uncommitted">{t(key("consumer-form-isolation-default"))}</option>
                        <option value="read_committed">"read_committed"</option>
                    </select>
                </label>
                <Field label="session.timeout.ms " testid="consumer-session" value=session_ms numeric=true />
                <Field label=Signal::derive(t(key("consumer-form-processing"))) testid="consumer-processing" value=processing numeric=true />
                <button type="submit" data-testid="consumer-add">{t(key("consumer-form-submit"))}</button>
            </form>
            <RealCommand testid="consumer-real-command" line=Signal::derive(move || {
                build().ok().filter(|c| !c.group_id.is_empty() && c.topics.iter().all(|t| !t.is_empty()))
                    .map(|c| engine::tools::command_line::console_consumer_line(&c))
            }) />
            <p class="message" role="alert" data-testid="consumer-message">{said(message)}</p>
        </section>
    }
}

fn group_memo(views: Views, id: String) -> Memo<Option<GroupVm>> {
    let vm = views.staged[STAGE_GROUPS];
    Memo::new(move |_| vm.with(|vm| vm.groups.iter().find(|g| g.id == id).cloned()))
}

#[component]
pub fn Groups() -> impl IntoView {
    let vm = expect_context::<Views>().staged[STAGE_GROUPS];
    let i18n = expect_context::<I18n>();
    let ids = Memo::new(move |_| vm.with(|vm| vm.groups.iter().map(|g| g.id.clone()).collect::<Vec<_>>()));
    let root = NodeRef::<leptos::html::Section>::new();
    pace_by_view(Paced::Groups, root);
    view! {
        <section class="panel" node_ref=root aria-label=move || i18n.t("groups-title")>
            <h2>{move || i18n.t("groups-title")}</h2>
            <Show when=move || ids.with(Vec::is_empty)>
                <p class="legend">{move || i18n.t("groups-empty")}</p>
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
    let i18n = expect_context::<I18n>();
    let t = move |k: &'static str| move || i18n.t(k);
    let field = move |f: fn(&GroupVm) -> String| move || g.with(|g| g.as_ref().map(f).unwrap_or_default());
    let members =
        Memo::new(move |_| g.with(|g| g.as_ref().map(|g| g.members.iter().map(|m| m.consumer).collect::<Vec<_>>()).unwrap_or_default()));
    let rows = Memo::new(move |_| {
        g.with(|g| g.as_ref().map(|g| g.rows.iter().map(|r| (r.topic.clone(), r.partition)).collect::<Vec<_>>()).unwrap_or_default())
    });
    let gid = id.clone();
    let skipped_id = format!("group-skipped-{id}");
    view! {
        <div class="group" data-testid=format!("group-{id}")>
            <h3 class="name" title=id.clone()>{id.clone()}</h3>
            <p class="group-head">
                // A group's state is Kafka's name for it (Stable, PreparingRebalance …): as printed.
                {t(key("group-head-state"))} " " <strong data-testid=format!("group-state-{id}")>{field(|g| g.state.to_string())}</strong>
                " · " {field(|g| g.epoch_label.clone())} " " <span data-testid=format!("group-generation-{id}")>{field(|g| g.generation.to_string())}</span>
                " · " {t(key("group-head-coordinator"))} " " <span data-testid=format!("group-coordinator-{id}")>{field(|g| g.coordinator_label.clone())}</span>
                " · " <span data-testid=format!("group-protocol-{id}")>{field(|g| g.protocol.clone())}</span>
                " · " {t(key("group-head-lag"))} " " <strong data-testid=format!("group-lag-{id}")>{field(|g| g.lag_total.to_string())}</strong>
                " · " {t(key("group-head-redelivered"))} " " <span data-testid=format!("group-redelivered-{id}")>{field(|g| g.redelivered.to_string())}</span>
                <Show when=move || g.with(|g| g.as_ref().is_some_and(|g| g.skipped > 0))>
                    " · " {t(key("group-head-skipped"))} " " <strong data-testid=skipped_id.clone()>{field(|g| g.skipped.to_string())}</strong>
                </Show>
                " · " {t(key("group-head-rebalances"))} " " {field(|g| g.rebalances.to_string())}
            </p>
            <ul class="members">
                <For each=move || members.get() key=|c| *c let:c>
                    <MemberRow g consumer=c />
                </For>
            </ul>
            // Seven columns: the table scrolls sideways in its own region on a narrow screen.
            <div class="table-scroll" role="region" tabindex="0" aria-label={
                let id = id.clone();
                move || i18n.f("group-table-region", &[("group", id.as_str().into())])
            }>
            <table class="group-table" data-testid=format!("group-table-{id}")>
                <colgroup>
                    <col /><col /><col class="c-gpartition" /><col class="c-goffset" /><col class="c-goffset" /><col class="c-glag" /><col class="c-gconsumer" />
                </colgroup>
                <caption>{move || g.with(|g| g.as_ref().map(|g| i18n.f("group-table-caption", &[("group", g.id.as_str().into()), ("shown", count(g.rows.len())), ("total", count(g.rows_total))])).unwrap_or_default())}</caption>
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
    let i18n = expect_context::<I18n>();
    let m = Memo::new(move |_| g.with(|g| g.as_ref().and_then(|g| g.members.iter().find(|m| m.consumer == consumer).cloned())));
    let text = move |f: fn(&MemberVm) -> String| move || m.with(|m| m.as_ref().map(f).unwrap_or_default());
    let alive = move || m.with(|m| m.as_ref().is_some_and(|m| m.alive));
    let id = ConsumerId(consumer);
    let run = move |cmd: Command| {
        let _ = commands.update(|s| s.apply(cmd));
    };
    let colour = crate::groups_vm::member_colour(consumer);
    let polling = move || m.with(|m| m.as_ref().is_some_and(|m| m.polling));
    let slow = move || m.with(|m| m.as_ref().is_some_and(|m| m.slow));
    // The consumer's name (client ids are printed as they are in every language).
    let who = move || crate::i18n::Arg::from(format!("consumer-{consumer}"));
    view! {
        <li class=move || format!("member m{colour} {}", if alive() { "" } else { "gone" })>
            <span class="swatch" aria-hidden="true"></span>
            <strong data-testid=format!("consumer-{consumer}")>{format!("consumer-{consumer}")}</strong>
            <span data-testid=format!("consumer-status-{consumer}")>{move || m.with(|m| m.as_ref().map(|m| {
                let tr = i18n.tr();
                let mut s = m.status.clone();
                if m.leader { s.push_str(" · "); s.push_str(&tr.t("member-group-leader")) }
                if let Some(state) = &m.member_state { s.push_str(" · "); s.push_str(state) }
                if !m.member && m.alive { s.push_str(" · "); s.push_str(&tr.t("member-not-a-member")) }
                // The exception it died of: Kafka's name and the engine's words, as they are.
                if let Some(e) = &m.error { s = format!("{s}: {e}") }
                s
            }).unwrap_or_default())}</span>
            <span class="isolation" data-testid=format!("consumer-isolation-{consumer}") title=text(|m| m.isolation_note.clone())>{text(|m| m.isolation.to_string())}</span>
            <span class="owned" data-testid=format!("consumer-owned-{consumer}")>{move || m.with(|m| m.as_ref().map(|m| crate::groups_vm::owned_label(m, i18n.tr())).unwrap_or_default())}</span>
            <span class="counts">{move || m.with(|m| m.as_ref().map(|m| i18n.f("member-counts", &[("delivered", count(m.delivered)), ("again", count(m.redelivered))])).unwrap_or_default())}</span>
            <span class="member-actions">
                <button data-testid=format!("close-consumer-{consumer}") disabled=move || !alive() title=move || i18n.t("member-close-help")
                    aria-label=move || i18n.f("member-close-label", &[("consumer", who())])
                    on:click=move |_| run(Command::CloseConsumer { consumer: id })>{move || i18n.t("member-close")}</button>
                <button data-testid=format!("crash-consumer-{consumer}") disabled=move || !alive() title=move || i18n.t("member-crash-help")
                    aria-label=move || i18n.f("member-crash-label", &[("consumer", who())])
                    on:click=move |_| run(Command::CrashConsumer { consumer: id })>{move || i18n.t("member-crash")}</button>
                <button data-testid=format!("poll-consumer-{consumer}") disabled=move || !alive()
                    aria-label=move || if polling() { i18n.f("member-stop-polling-label", &[("consumer", who())]) } else { i18n.f("member-resume-polling-label", &[("consumer", who())]) }
                    on:click=move |_| { let polling = m.with_untracked(|m| m.as_ref().is_some_and(|m| m.polling)); run(Command::SetConsumerPolling { consumer: id, polling: !polling }) }>
                    {move || if polling() { i18n.t("member-stop-polling") } else { i18n.t("member-resume-polling") }}
                </button>
                <button data-testid=format!("slow-consumer-{consumer}") disabled=move || !alive()
                    aria-label=move || if slow() { i18n.f("member-normal-speed-label", &[("consumer", who())]) } else { i18n.f("member-slow-label", &[("consumer", who()), ("ms", SLOW_MS_PER_RECORD.into())]) }
                    on:click=move |_| { let slow = m.with_untracked(|m| m.as_ref().is_some_and(|m| m.slow)); run(Command::SetConsumerProcessing { consumer: id, ms_per_record: if slow { 0 } else { SLOW_MS_PER_RECORD } }) }>
                    {move || if slow() { i18n.t("member-normal-speed") } else { i18n.t("member-slow") }}
                </button>
            </span>
        </li>
    }
}
