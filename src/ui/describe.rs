//! `kafka-topics.sh --describe` as a live table, with `--alter --partitions` below it.

use crate::ctx::{Commands, I18n, Paced, Views, STAGE_TABLE};
use crate::ui::on_screen::pace_by_view;
use crate::ui::topic_configs::{AlterConfigsForm, TopicLines};
use crate::ui::topic_select::TopicChoice;
use crate::view_model::{join_ids, lso_text, PartitionVm};
use engine::Command;

use crate::ui::real_command::RealCommand;
use leptos::prelude::*;

#[component]
pub(crate) fn DescribeTable() -> impl IntoView {
    let views = expect_context::<Views>();
    let i18n = expect_context::<I18n>();
    let keys = views.page_keys(STAGE_TABLE);
    let rebalance = Memo::new(move |_| {
        let tr = i18n.tr();
        views.with_session(|s| crate::view_model::rebalance_text(&s.cluster, tr))
    });
    let root = NodeRef::<leptos::html::Section>::new();
    pace_by_view(Paced::Describe, root);
    view! {
        <section class="panel" node_ref=root aria-label="kafka-topics --describe">
            <h2><code>"kafka-topics.sh --describe"</code></h2>
            // The table keeps Kafka's own column names and its "none" (what the tool prints), in
            // every language. Nine columns do not fit a phone: the table scrolls sideways inside
            // its own region (focusable, so a keyboard can scroll it too).
            <TopicLines />
            <div class="table-scroll" role="region" aria-label=move || i18n.t("describe-output-region") tabindex="0">
            <table data-testid="describe-table" class="describe">
                <colgroup>
                    <col class="c-topic" /><col class="c-partition" /><col class="c-leader" /><col class="c-replicas" />
                    <col class="c-isr" /><col class="c-elr" /><col class="c-lke" /><col class="c-offset" /><col class="c-offset" />
                </colgroup>
                <thead><tr>
                    <th scope="col">"Topic"</th><th scope="col">"Partition"</th><th scope="col">"Leader"</th>
                    <th scope="col">"Replicas"</th><th scope="col">"Isr"</th>
                    // `TopicCommand` prints Elr and LastKnownElr for every partition in 4.x (empty
                    // while the feature is off or the ISR is healthy).
                    <th scope="col">"Elr"</th><th scope="col">"LastKnownElr"</th>
                    <th scope="col">"LEO"</th><th scope="col">"HW"</th>
                </tr></thead>
                <tbody>
                    <For each=move || keys.get() key=|k| k.clone() let:k>
                        {
                            let id = format!("{}-{}", k.0, k.1);
                            let lso_id = format!("lso-{id}");
                            let p = views.partition(STAGE_TABLE, k.0.clone(), k.1);
                            let get = move |f: fn(&PartitionVm) -> String| move || p.with(|p| p.as_ref().map(f).unwrap_or_default());
                            view! {
                                <tr data-testid=format!("describe-{id}")>
                                    <td class="name" title=k.0.clone()>{k.0.clone()}</td>
                                    <td>{k.1}</td>
                                    <td data-testid=format!("leader-{id}")>{get(|p| p.leader.map_or("none".to_string(), |l| l.to_string()))}</td>
                                    <td data-testid=format!("replicas-{id}")>{get(|p| join_ids(&p.replicas))}</td>
                                    <td data-testid=format!("isr-{id}")>{get(|p| join_ids(&p.isr))}</td>
                                    <td data-testid=format!("elr-{id}")>{get(|p| join_ids(&p.elr))}</td>
                                    <td data-testid=format!("last-known-elr-{id}")>{get(|p| join_ids(&p.last_known_elr))}</td>
                                    <td data-testid=format!("leo-{id}")>{get(|p| p.log_end_offset.to_string())}</td>
                                    <td><span data-testid=format!("hw-{id}")>{get(|p| p.high_watermark.to_string())}</span>
                                        {move || p.with(|p| p.as_ref().and_then(|p| lso_text(p, i18n.tr()))).map(|(short, long)| { let (title, lso_id) = (long.clone(), lso_id.clone()); view! {
                                            <span class="lso" data-testid=lso_id title=title>
                                                <span aria-hidden="true">{short}</span><span class="sr-only">{long}</span>
                                            </span>
                                        }})}
                                    </td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            </div>
            <p class="legend" data-testid="auto-rebalance">{rebalance}</p>
            <AddPartitionsForm />
            <AlterConfigsForm />
        </section>
    }
}

/// What the add-partitions form last said.
#[derive(Debug, Clone, PartialEq)]
enum AlterMessage {
    None,
    NotANumber,
    Added {
        topic: String,
        partitions: u32,
    },
    /// Kafka's error, as the engine words it.
    Refused(String),
}

/// `kafka-topics.sh --alter --partitions N`.
#[component]
fn AddPartitionsForm() -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let i18n = expect_context::<I18n>();
    let topic = TopicChoice::new(views.topics);
    let count = RwSignal::new("4".to_string());
    let message = RwSignal::new(AlterMessage::None);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        message.set(match count.get_untracked().trim().parse::<u32>() {
            Err(_) => AlterMessage::NotANumber,
            // Read before `update`: the topic's memo reads the session, which `update` holds.
            Ok(partitions) => {
                let topic = topic.get_untracked();
                match commands.update(|s| s.apply(Command::AddPartitions { topic: topic.clone(), partitions })) {
                    Ok(_) => AlterMessage::Added { topic, partitions },
                    Err(e) => AlterMessage::Refused(e),
                }
            }
        });
    };
    let text = move || {
        message.with(|m| match m {
            AlterMessage::None => String::new(),
            AlterMessage::NotANumber => i18n.t("describe-add-partitions-not-a-number"),
            AlterMessage::Added { topic, partitions } => {
                i18n.f("describe-add-partitions-added", &[("topic", topic.as_str().into()), ("n", (*partitions).into())])
            }
            AlterMessage::Refused(e) => e.clone(),
        })
    };
    view! {
        <form class="inline-form" on:submit=submit aria-label=move || i18n.t("describe-add-partitions-region")>
            <label>{move || i18n.t("describe-add-partitions-topic")} " "
                {topic.select("alter-topic")}
            </label>
            <label>" --partitions " <input class="narrow" data-testid="alter-partitions" inputmode="numeric" prop:value=move || count.get()
                on:input=move |ev| count.set(event_target_value(&ev)) /></label>
            <button type="submit" data-testid="alter-submit">{move || i18n.t("describe-add-partitions-submit")}</button>
            <span class="message" role="alert" data-testid="alter-message">{text}</span>
        </form>
        <RealCommand testid="alter-real-command" line=Signal::derive(move || {
            let partitions = count.get().trim().parse::<u32>().ok()?;
            let command = Command::AddPartitions { topic: topic.current.get(), partitions };
            // Untracked: the line depends on the form alone, not on every tick of the cluster.
            views.with_session_untracked(|s| engine::tools::command_line::real_command(&command, &s.cluster))
        }) />
    }
}
