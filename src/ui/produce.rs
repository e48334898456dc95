//! Produce one record through a producer client (and see its partition and its fate), or a
//! continuous load.

use crate::ctx::{Commands, Playing, Views};
use crate::ui::field::Field;
use crate::ui::topic_select::TopicChoice;
use engine::{Acks, Command, ProducerHandle};

use crate::ui::real_command::RealCommand;
use leptos::prelude::*;

#[component]
pub(crate) fn ProduceForm() -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let Playing(playing) = expect_context::<Playing>();
    let i18n = expect_context::<crate::ctx::I18n>();
    let topic = TopicChoice::new(views.topics);
    let key = RwSignal::new("user-1".to_string());
    let null_key = RwSignal::new(false);
    let value = RwSignal::new("hello".to_string());
    let null_value = RwSignal::new(false);
    let acks = RwSignal::new("all".to_string());
    // "" = the form's own console-producer; else a producer's handle.
    let via = RwSignal::new(String::new());
    let error = RwSignal::new(String::new());
    let result = Memo::new(move |_| {
        let (playing, tr) = (playing.get(), i18n.tr());
        views.with_session(|s| {
            s.fates.form.as_ref().map(|f| crate::producers_vm::form_result_line(f, &s.cluster, playing, tr)).unwrap_or_default()
        })
    });
    // Changes only when a producer starts or closes.
    let choices = Memo::new(move |_| views.with_session(|s| crate::producers_vm::producer_choices(&s.cluster)));
    // A chosen producer that has gone (closed, or a Reset) falls back to the console producer.
    let chosen = move || {
        let v = via.get();
        if choices.with(|c| c.iter().any(|(h, _)| h.to_string() == v)) {
            v
        } else {
            String::new()
        }
    };
    // Depends on the topic list only, so it is not recomputed on every simulation tick.
    let explain = move || {
        let t = topic.current.get();
        let n = views.topics.with(|ts| ts.iter().find(|x| x.name == t).map_or(0, |x| x.partitions));
        if null_key.get() {
            return i18n.t("produce-null-key-explain");
        }
        if n == 0 {
            return String::new();
        }
        let k = key.get();
        let p = engine::murmur2::key_partition(k.as_bytes(), n);
        let args = [
            ("key", k.into()),
            ("hash", p.murmur2.into()),
            ("positive", p.positive.into()),
            ("n", n.into()),
            ("partition", p.partition.into()),
        ];
        i18n.f("produce-key-partition", &args)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(a) = Acks::parse(&acks.get_untracked()) else {
            error.set(i18n.t("produce-acks-invalid"));
            return;
        };
        let (k, v) = (key.get_untracked(), value.get_untracked());
        let t = topic.get_untracked();
        let producer = untrack(chosen).parse().ok().map(ProducerHandle);
        let (k, v) = ((!null_key.get_untracked()).then_some(k), (!null_value.get_untracked()).then_some(v));
        let r = commands.update(|s| s.send_from_form(producer, &t, k.as_deref(), v.as_deref(), a));
        error.set(r.err().unwrap_or_default());
    };
    view! {
        <section class="panel" aria-label=move || i18n.t("produce-title")>
            <h2>{move || i18n.t("produce-title")}</h2>
            <form on:submit=submit class="form">
                <label>{move || i18n.t("produce-topic")}" "
                    {topic.select("produce-topic")}
                </label>
                <Field label=Signal::derive(move || i18n.t("produce-key-label")) testid="produce-key" value=key disabled=Signal::derive(move || null_key.get()) />
                <label class="inline"><input type="checkbox" data-testid="produce-null-key"
                    on:change=move |ev| null_key.set(event_target_checked(&ev)) />" "{move || i18n.t("produce-null-key")}</label>
                <Field label=Signal::derive(move || i18n.t("produce-value-label")) testid="produce-value" value=value disabled=Signal::derive(move || null_value.get()) />
                <label class="inline" title=move || i18n.t("produce-null-value-title")>
                    <input type="checkbox" data-testid="produce-null-value"
                        on:change=move |ev| null_value.set(event_target_checked(&ev)) />" "{move || i18n.t("produce-null-value")}</label>
                <label>{move || i18n.t("produce-producer")}" "
                    <select data-testid="produce-producer" prop:value=chosen on:change=move |ev| via.set(event_target_value(&ev))>
                        <option value="">{move || i18n.f("produce-console-option", &[("client", crate::session::CONSOLE_CLIENT_ID.into())])}</option>
                        {move || choices.get().into_iter().map(|(h, label)| view! { <option value=h.to_string()>{label}</option> }).collect_view()}
                    </select>
                </label>
                <AcksSelect acks testid="produce-acks" disabled=Signal::derive(move || !chosen().is_empty()) />
                <button type="submit" data-testid="produce-submit">{move || i18n.t("produce-submit")}</button>
            </form>
            <RealCommand testid="produce-real-command" line=Signal::derive(move || {
                let t = topic.current.get();
                let a = Acks::parse(&acks.get())?;
                // A producer of the page's own has configs of its own: its sends are listed in the
                // timeline once made.
                (chosen().is_empty() && !t.is_empty()).then(|| {
                    let (k, v) = (key.get(), value.get());
                    let k = (!null_key.get()).then_some(k);
                    let v = (!null_value.get()).then_some(v);
                    let config = engine::ProducerConfig::from_pairs(&crate::session::form_producer_pairs(a)).unwrap_or_default();
                    engine::tools::command_line::send_line(&t, k.as_deref().map(str::as_bytes), v.as_deref().map(str::as_bytes), &config)
                })
            }) />
            <p class="explain" data-testid="key-partition">{explain}</p>
            <p class="result" data-testid="produce-result" aria-live="polite">{move || result.get()}</p>
            <p class="error" role="alert" data-testid="produce-error">{move || error.get()}</p>
            <LoadControls topic />
        </section>
    }
}

/// acks 0, 1 or all (Kafka 4.x's default), for a form's `acks` value.
#[component]
fn AcksSelect(acks: RwSignal<String>, testid: &'static str, #[prop(optional, into)] disabled: Option<Signal<bool>>) -> impl IntoView {
    view! {
        <label>"acks "
            <select data-testid=testid disabled=move || disabled.is_some_and(|d| d.get()) on:change=move |ev| acks.set(event_target_value(&ev))>
                <option value="all" selected>"all"</option>
                <option value="1">"1"</option>
                <option value="0">"0"</option>
            </select>
        </label>
    }
}

/// Continuous load: a rate and a small key set, so "same key, same partition" shows. It has its
/// own acks (the Produce form's one record may use another), and it says what Start does: it
/// produces to the topic chosen above and starts the clock.
#[component]
fn LoadControls(topic: TopicChoice) -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let Playing(playing) = expect_context::<Playing>();
    let i18n = expect_context::<crate::ctx::I18n>();
    let rate = RwSignal::new("50".to_string());
    let keys = RwSignal::new("5".to_string());
    let acks = RwSignal::new("all".to_string());
    let error = RwSignal::new(String::new());
    let state = Memo::new(move |_| {
        let tr = i18n.tr();
        views.with_session(|s| (s.cluster.load().map(|l| crate::view_model::load_settings_in(l, tr)), s.load_summary(tr)))
    });
    let running = move || state.with(|s| s.0.is_some());
    // Whether a load runs, alone: the state above changes every tick while it does.
    let load_running = Memo::new(move |_| state.with(|s| s.0.is_some()));
    let toggle = move |_| {
        if state.with_untracked(|s| s.0.is_some()) {
            commands.update(|s| s.stop_load());
            return;
        }
        let parsed = (|| {
            let r: u32 = rate.get_untracked().trim().parse().map_err(|_| i18n.t("load-rate-invalid"))?;
            let k: u32 = keys.get_untracked().trim().parse().map_err(|_| i18n.t("load-keys-invalid"))?;
            let a = Acks::parse(&acks.get_untracked()).ok_or_else(|| i18n.t("produce-acks-invalid"))?;
            Ok::<_, String>((r, k, a))
        })();
        let t = topic.get_untracked();
        let r = parsed.and_then(|(r, k, a)| commands.update(|s| s.start_load(&t, r, k, a)));
        match r {
            Ok(()) => {
                error.set(String::new());
                playing.set(true);
            }
            Err(e) => error.set(e),
        }
    };
    // What Start will do, with the values it will use (or what the running load is doing).
    let plan = move || match state.with(|s| s.0.clone()) {
        Some(running) => i18n.f("load-running", &[("running", running.into())]),
        None => i18n.f(
            crate::i18n::key("load-plan"),
            &[
                ("rate", rate.get().trim().into()),
                ("topic", topic.current.get().into()),
                ("acks", acks.get().into()),
                ("keys", keys.get().trim().into()),
            ],
        ),
    };
    view! {
        <div class="load" role="group" aria-label=move || i18n.t("load-title")>
            <h3>{move || i18n.t("load-title")}</h3>
            <div class="form">
                <Field label=Signal::derive(move || i18n.t("load-rate-label")) testid="load-rate" value=rate numeric=true />
                <Field label=Signal::derive(move || i18n.t("load-keys-label")) testid="load-keys" value=keys numeric=true />
                <AcksSelect acks testid="load-acks" />
                <p class="legend" id="load-plan" data-testid="load-plan">{plan}</p>
                <button data-testid="load-toggle" aria-describedby="load-plan" on:click=toggle>
                    {move || if running() { i18n.t("load-stop") } else { i18n.t("load-start") }}
                </button>
            </div>
            <RealCommand testid="load-real-command" line=Signal::derive(move || {
                let r: u32 = rate.get().trim().parse().ok()?;
                let k: u32 = keys.get().trim().parse().ok()?;
                let acks = Acks::parse(&acks.get())?;
                let command = match load_running.get() {
                    true => Command::StopLoad,
                    false => Command::StartLoad { topic: topic.current.get(), rate_per_s: r, key_count: k, acks, producer_config: Vec::new() },
                };
                // Untracked: the line depends on the form alone, not on every tick of the cluster.
                views.with_session_untracked(|s| engine::tools::command_line::real_command(&command, &s.cluster))
            }) />
            <p data-testid="load-stats" aria-live="polite">{move || if running() { state.with(|s| s.1.clone()) } else { String::new() }}</p>
            <p class="error" role="alert">{move || error.get()}</p>
        </div>
    }
}
