//! `kafka-topics.sh --create` with the topic configs, Kafka's messages inline.

use crate::ctx::{Commands, I18n};
use crate::i18n::key;
use crate::ui::field::{said, Field, Say};
use engine::CleanupPolicy;
use engine::{Command, TopicConfig};

use crate::ui::real_command::RealCommand;
use leptos::prelude::*;

#[component]
pub(crate) fn CreateTopicForm() -> impl IntoView {
    let commands = expect_context::<Commands>();
    let i18n = expect_context::<I18n>();
    let name = RwSignal::new(String::new());
    let partitions = RwSignal::new("3".to_string());
    let rf = RwSignal::new("3".to_string());
    let min_isr = RwSignal::new("2".to_string());
    let unclean = RwSignal::new(false);
    let defaults = TopicConfig::default();
    let retention_ms = RwSignal::new(defaults.retention_ms.to_string());
    let retention_bytes = RwSignal::new(defaults.retention_bytes.to_string());
    let segment_bytes = RwSignal::new(defaults.segment_bytes.to_string());
    let compact = RwSignal::new(false);
    let delete_retention_ms = RwSignal::new(defaults.delete_retention_ms.to_string());
    let min_compaction_lag_ms = RwSignal::new(defaults.min_compaction_lag_ms.to_string());
    let message = RwSignal::<Option<Say>>::new(None);
    // The command the fields make (tracked: the preview below follows the fields).
    let build = move || -> Result<Command, Say> {
        // What is wrong with a field: its name (a config name as it is, or our label's key).
        fn whole(what: &'static str, label: bool, k: &'static str) -> Say {
            Say::new(move |tr| tr.f(k, &[("what", if label { tr.t(what) } else { what.to_string() }.into())]))
        }
        let parse = |s: String, what: &'static str, label: bool| {
            s.trim().parse::<u32>().map_err(|_| whole(what, label, key("create-topic-whole-number")))
        };
        let parse_i64 = |s: String, what: &'static str| {
            s.trim().parse::<i64>().map_err(|_| whole(what, false, key("create-topic-whole-number-unlimited")))
        };
        let parse_u64 =
            |s: String, what: &'static str| s.trim().parse::<u64>().map_err(|_| whole(what, false, key("create-topic-whole-number-ms")));
        Ok::<_, Say>(Command::CreateTopic {
            name: name.get(),
            partitions: parse(partitions.get(), key("create-topic-partitions-name"), true)?,
            replication_factor: parse(rf.get(), key("create-topic-rf-name"), true)?,
            config: TopicConfig {
                min_insync_replicas: parse(min_isr.get(), "min.insync.replicas", false)?,
                unclean_leader_election_enable: unclean.get(),
                retention_ms: parse_i64(retention_ms.get(), "retention.ms")?,
                retention_bytes: parse_i64(retention_bytes.get(), "retention.bytes")?,
                segment_bytes: parse(segment_bytes.get(), "segment.bytes", false)?.into(),
                cleanup_policy: if compact.get() { CleanupPolicy::Compact } else { CleanupPolicy::Delete },
                delete_retention_ms: parse_u64(delete_retention_ms.get(), "delete.retention.ms")?,
                min_compaction_lag_ms: parse_u64(min_compaction_lag_ms.get(), "min.compaction.lag.ms")?,
                // segment.ms, index.interval.bytes and compression.type: by kafka-configs.sh.
                ..TopicConfig::default()
            },
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cmd = untrack(build);
        let r = cmd.and_then(|cmd| commands.update(|s| s.apply(cmd)).map_err(Say::kafka));
        let n = name.get_untracked();
        // `TopicCommand.createTopic` prints its warning before it sends the request: Kafka's
        // words, as it prints them.
        let warning =
            if engine::topic_name::has_collision_chars(&n) { format!("{} ", engine::topic_name::COLLISION_WARNING) } else { String::new() };
        message.set(Some(match r {
            Ok(_) => Say::new(move |tr| format!("{warning}{}", tr.f("create-topic-created", &[("topic", n.as_str().into())]))),
            Err(e) => Say::new(move |tr| format!("{warning}{}", e.text(tr))),
        }));
    };
    let t = move |k: &'static str| Signal::derive(move || i18n.t(k));
    view! {
        <section class="panel" aria-label=move || i18n.t("create-topic-title")>
            <h2>{move || i18n.t("create-topic-title")}</h2>
            <form on:submit=submit class="form">
                <Field label=t(key("create-topic-name")) testid="topic-name" value=name />
                <Field label=t(key("create-topic-partitions")) testid="topic-partitions" value=partitions numeric=true />
                <Field label=t(key("create-topic-rf")) testid="topic-rf" value=rf numeric=true />
                <Field label="min.insync.replicas " testid="topic-min-isr" value=min_isr numeric=true />
                <Field label="retention.ms " testid="topic-retention-ms" value=retention_ms numeric=true />
                <Field label="retention.bytes " testid="topic-retention-bytes" value=retention_bytes numeric=true />
                <Field label="segment.bytes " testid="topic-segment-bytes" value=segment_bytes numeric=true />
                <label>"cleanup.policy "
                    <select data-testid="topic-cleanup-policy" on:change=move |ev| compact.set(event_target_value(&ev) == "compact")>
                        <option value="delete" selected>"delete"</option>
                        <option value="compact">"compact"</option>
                    </select>
                </label>
                <Field label="delete.retention.ms " testid="topic-delete-retention-ms" value=delete_retention_ms numeric=true disabled=Signal::derive(move || !compact.get()) />
                <Field label="min.compaction.lag.ms " testid="topic-min-compaction-lag-ms" value=min_compaction_lag_ms numeric=true disabled=Signal::derive(move || !compact.get()) />
                <label class="inline"><input type="checkbox" data-testid="topic-unclean" on:change=move |ev| unclean.set(event_target_checked(&ev)) />" unclean.leader.election.enable"</label>
                <button type="submit" data-testid="topic-create">{move || i18n.t("create-topic-create")}</button>
            </form>
            <RealCommand testid="topic-real-command" line=Signal::derive(move || match build() {
                Ok(Command::CreateTopic { name, partitions, replication_factor, config }) if !name.trim().is_empty() => {
                    Some(engine::tools::command_line::create_topic_line(&name, partitions, replication_factor, &config))
                }
                _ => None,
            }) />
            <p class="message" role="alert" data-testid="topic-message">{said(message)}</p>
        </section>
    }
}
