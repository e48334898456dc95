//! The brokers: each one's state and its Stop, Crash, Isolate and Slow controls.

use crate::ctx::{Commands, I18n, Views, STAGE_PARTITIONS};
use crate::i18n::{count, key};
use crate::view_model::BrokerStatus;
use engine::{BrokerId, Command};

use leptos::prelude::*;

#[component]
pub(crate) fn Brokers() -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let i18n = expect_context::<I18n>();
    let ids = Memo::new(move |_| views.staged[STAGE_PARTITIONS].with(|vm| vm.brokers.iter().map(|b| b.id).collect::<Vec<_>>()));
    let act = move |cmd: Command| {
        let _ = commands.update(|s| s.apply(cmd));
    };
    view! {
        <section class="panel" aria-label=move || i18n.t("brokers-region")>
            <h2>{move || i18n.t("brokers-heading")}</h2>
            <div class="brokers">
                <For each=move || ids.get() key=|id| *id let:id>
                    <BrokerCard id />
                </For>
            </div>
            // What "Stop" and "Crash" do, in one line each (also their buttons' titles).
            <p class="legend" data-testid="stop-explained"><strong>{move || i18n.t("brokers-stop")}</strong>" = " {move || i18n.t("brokers-stop-explained")}</p>
            <p class="legend" data-testid="crash-explained"><strong>{move || i18n.t("brokers-crash")}</strong>" = " {move || i18n.t("brokers-crash-explained")}</p>
            <button data-testid="preferred-election" on:click=move |_| act(Command::ElectPreferredLeaders { topic: None })>
                {move || i18n.t("brokers-preferred-election")}
            </button>
        </section>
    }
}

/// One broker. Its elements persist across ticks (only text and attributes change), so
/// keyboard focus stays on a button while the simulation runs.
#[component]
fn BrokerCard(id: u32) -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let i18n = expect_context::<I18n>();
    let b = Memo::new(move |_| views.staged[STAGE_PARTITIONS].with(|vm| vm.brokers.iter().find(|b| b.id == id).cloned()));
    let status = move || b.get().map_or(BrokerStatus::Stopped, |b| b.status);
    let running = move || status() != BrokerStatus::Stopped;
    let isolated = move || status() == BrokerStatus::Isolated;
    let act = move |cmd: Command| {
        let _ = commands.update(|s| s.apply(cmd));
    };
    let power = move |_| {
        let broker = BrokerId(id);
        act(if running() { Command::ShutdownBroker { broker } } else { Command::StartBroker { broker } });
    };
    let slow = move || b.get().is_some_and(|b| b.fetch_delay_ms > 0);
    // Slower than replica.lag.time.max.ms (30 s), so the leader drops it from the ISR.
    let pace = move |_| {
        let lag_max_ms = views.with_session_untracked(|s| s.cluster.config().replica_lag_time_max_ms);
        let delay_ms = if slow() { 0 } else { crate::view_model::slow_fetch_delay_ms(lag_max_ms) };
        act(Command::SetFetchDelay { broker: BrokerId(id), delay_ms });
    };
    let network = move |_| {
        let broker = BrokerId(id);
        act(if isolated() { Command::HealBroker { broker } } else { Command::IsolateBroker { broker } });
    };
    let t = move |k: &'static str| move || i18n.t(k);
    let with_id = move |key: &'static str| i18n.f(key, &[("id", id.into())]);
    view! {
        <div class=move || format!("broker {}", status().class()) data-testid=format!("broker-{id}")>
            <div class="broker-name">
                {move || with_id(key("brokers-name"))}
                <span class="badge controller" title=t("brokers-controller-title")
                    hidden=move || !b.get().is_some_and(|b| b.controller)>{t("brokers-controller")}</span>
            </div>
            <div class="broker-status" data-testid=format!("broker-status-{id}")>
                {move || i18n.t(status().label_key())}
                {move || b.get().is_some_and(|b| b.fenced).then(|| format!(" · {}", i18n.t("brokers-fenced")))}
                {move || slow().then(|| format!(" · {}", i18n.t("brokers-slow-follower")))}
            </div>
            <div class="broker-leads">{move || i18n.f("brokers-leaders", &[("n", count(b.get().map_or(0, |b| b.leaders)))])}</div>
            <div class="broker-actions">
                // A stopped broker's one useful action stands out (it is not disabled, though
                // the card around it is greyed).
                <button
                    class=move || if running() { "" } else { "primary" }
                    data-testid=move || format!("{}-{id}", if running() { "stop" } else { "start" })
                    aria-label=move || with_id(if running() { key("brokers-stop-label") } else { key("brokers-restart-label") })
                    title=move || running().then(|| i18n.t("brokers-stop-explained"))
                    on:click=power>
                    {move || i18n.t(if running() { key("brokers-stop") } else { key("brokers-restart") })}
                </button>
                <button
                    data-testid=format!("crash-{id}")
                    aria-label=move || with_id(key("brokers-crash-label"))
                    title=t("brokers-crash-explained")
                    hidden=move || !running()
                    on:click=move |_| act(Command::StopBroker { broker: BrokerId(id) })>
                    {t("brokers-crash")}
                </button>
                <button
                    data-testid=move || format!("{}-{id}", if isolated() { "heal" } else { "isolate" })
                    aria-label=move || with_id(if isolated() { key("brokers-heal-label") } else { key("brokers-isolate-label") })
                    disabled=move || !running()
                    on:click=network>
                    {move || i18n.t(if isolated() { key("brokers-heal") } else { key("brokers-isolate") })}
                </button>
                <button
                    data-testid=format!("slow-{id}")
                    aria-pressed=move || slow().to_string()
                    aria-label=move || with_id(if slow() { key("brokers-unslow-label") } else { key("brokers-slow-label") })
                    title=move || {
                        let lag_max_ms = views.with_session_untracked(|s| s.cluster.config().replica_lag_time_max_ms);
                        let every = count(crate::view_model::slow_fetch_delay_ms(lag_max_ms) / 1000);
                        i18n.f("brokers-slow-title", &[("every", every), ("max", count(lag_max_ms / 1000))])
                    }
                    on:click=pace>
                    {move || i18n.t(if slow() { key("brokers-unslow") } else { key("brokers-slow") })}
                </button>
            </div>
        </div>
    }
}
