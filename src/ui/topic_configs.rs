//! Topic configs: the topic line `kafka-topics.sh --describe` prints above a topic's partitions
//! (`TopicCommand.TopicDescription.printDescription`: name, partition count, replication factor
//! and the configs that are not defaults), and `kafka-configs.sh --alter --entity-type topics`
//! with `--add-config` / `--delete-config`, validated as Kafka validates them (the tool's
//! parsing in `engine::config_command`, the broker's rules in `engine::topic_config`).

use crate::ctx::{Commands, I18n, Views, STAGE_TABLE};
use crate::ui::field::{said, Say};
use crate::ui::real_command::RealCommand;
use crate::ui::topic_select::TopicChoice;
use engine::{Cluster, Command};
use leptos::prelude::*;

/// One topic line of `--describe`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TopicLine {
    pub topic: String,
    pub partitions: u32,
    pub replication_factor: u32,
    /// `name=value,...` of the non-default configs (empty when none).
    pub configs: String,
}

/// The topic lines of `topics` (those on the current page), in the order given; unknown ones
/// are skipped.
pub fn topic_lines(cluster: &Cluster, topics: &[String]) -> Vec<TopicLine> {
    topics
        .iter()
        .filter_map(|name| {
            let t = cluster.topic(name)?;
            Some(TopicLine {
                topic: t.name.clone(),
                partitions: t.partitions.len() as u32,
                replication_factor: t.replication_factor,
                configs: engine::topic_config::describe_line(&t.config),
            })
        })
        .collect()
}

/// The topics of the partitions on the page, each once, in page order.
fn page_topics(views: Views) -> Memo<Vec<String>> {
    let vm = views.staged[STAGE_TABLE];
    Memo::new(move |_| {
        vm.with(|vm| {
            let mut out: Vec<String> = Vec::new();
            for p in &vm.partitions {
                if out.last() != Some(&p.topic) && !out.contains(&p.topic) {
                    out.push(p.topic.clone());
                }
            }
            out
        })
    })
}

/// The topic lines above the describe table's partition rows.
#[component]
pub fn TopicLines() -> impl IntoView {
    let views = expect_context::<Views>();
    let i18n = expect_context::<I18n>();
    let topics = page_topics(views);
    let lines = Memo::new(move |_| {
        let names = topics.get();
        views.with_session(|s| topic_lines(&s.cluster, &names))
    });
    view! {
        <ul class="topic-lines" data-testid="topic-lines" aria-label=move || i18n.t("topic-lines-region")>
            <For each=move || lines.get() key=|l| l.clone() let:l>
                <li data-testid=format!("topic-line-{}", l.topic)>
                    <code>
                        "Topic: " <span class="name" title=l.topic.clone()>{l.topic.clone()}</span>
                        " PartitionCount: " {l.partitions}
                        " ReplicationFactor: " {l.replication_factor}
                        " Configs: " <span data-testid=format!("topic-configs-{}", l.topic)>{l.configs.clone()}</span>
                    </code>
                </li>
            </For>
        </ul>
    }
}

/// `kafka-configs.sh --alter --entity-type topics --entity-name T --add-config ... --delete-config ...`.
#[component]
pub fn AlterConfigsForm() -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let i18n = expect_context::<I18n>();
    let topic = TopicChoice::new(views.topics);
    let add = RwSignal::new(String::new());
    let delete = RwSignal::new(String::new());
    let message = RwSignal::<Option<Say>>::new(None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // Read before `update`: the topic's memo reads the session, which `update` holds.
        let t = topic.get_untracked();
        // An empty field is an option not given (the tool then sets nothing).
        let a = add.get_untracked();
        let set = if a.trim().is_empty() { Ok(Vec::new()) } else { engine::config_command::parse_add_config(&a) };
        let parsed = set.and_then(|set| Ok((set, engine::config_command::parse_delete_config(&delete.get_untracked())?)));
        let said = move |r: Result<(), String>| {
            message.set(Some(match r {
                // `ConfigCommand.alterConfig`'s own line (in English as the tool prints it).
                Ok(()) => Say::new(move |tr| tr.f("alter-configs-done", &[("topic", t.as_str().into())])),
                // The tool's and the broker's messages, as Kafka prints them.
                Err(e) => Say::kafka(e),
            }))
        };
        match parsed {
            // Setting compression.type waits for the codecs' chunk first.
            Ok((set, delete)) => {
                let command = Command::AlterTopicConfig { topic: topic.get_untracked(), set, delete };
                if crate::chunks::apply_loading_codecs(commands, command, move |r| said(r.map(|_| ()))) {
                    message.set(Some(Say::new(|tr| tr.t("codecs-loading"))));
                }
            }
            Err(e) => said(Err(e)),
        }
    };
    let names = engine::topic_config::TOPIC_CONFIG_NAMES.join(", ");
    view! {
        <form class="inline-form" on:submit=submit aria-label=move || i18n.t("alter-configs-region")>
            <code>"kafka-configs.sh --alter --entity-type topics"</code>
            <label>" --entity-name " {topic.select("config-topic")}</label>
            <label>" --add-config "
                <input data-testid="config-add" placeholder="retention.ms=60000" title=move || i18n.f("alter-configs-add-help", &[("names", names.as_str().into())])
                    prop:value=move || add.get() on:input=move |ev| add.set(event_target_value(&ev)) />
            </label>
            <label>" --delete-config "
                <input data-testid="config-delete" placeholder="min.insync.replicas" title=move || i18n.t("alter-configs-delete-help")
                    prop:value=move || delete.get() on:input=move |ev| delete.set(event_target_value(&ev)) />
            </label>
            <button type="submit" data-testid="config-submit">{move || i18n.t("alter-configs-submit")}</button>
            <span class="message" role="alert" data-testid="config-message">{said(message)}</span>
        </form>
        <RealCommand testid="config-real-command" line=Signal::derive(move || {
            let a = add.get();
            let set = if a.trim().is_empty() { Vec::new() } else { engine::config_command::parse_add_config(&a).ok()? };
            let delete = engine::config_command::parse_delete_config(&delete.get()).ok()?;
            (!set.is_empty() || !delete.is_empty()).then(|| {
                let command = Command::AlterTopicConfig { topic: topic.current.get(), set, delete };
                // Untracked: the line depends on the form alone, not on every tick of the cluster.
                views.with_session_untracked(|s| engine::tools::command_line::real_command(&command, &s.cluster))
            })?
        }) />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_topic_line_lists_its_non_default_configs() {
        let mut c = Cluster::new(engine::ClusterConfig::default()).expect("default cluster");
        c.apply(Command::CreateTopic {
            name: "pay".into(),
            partitions: 2,
            replication_factor: 3,
            config: engine::TopicConfig { min_insync_replicas: 2, ..engine::TopicConfig::default() },
        })
        .expect("created");
        let lines = topic_lines(&c, &["pay".to_string(), "gone".to_string()]);
        assert_eq!(
            lines,
            vec![TopicLine { topic: "pay".into(), partitions: 2, replication_factor: 3, configs: "min.insync.replicas=2".into() }]
        );
        c.apply(Command::AlterTopicConfig { topic: "pay".into(), set: vec![("retention.ms".into(), "60000".into())], delete: vec![] })
            .expect("altered");
        assert_eq!(topic_lines(&c, &["pay".to_string()])[0].configs, "min.insync.replicas=2,retention.ms=60000");
    }
}
