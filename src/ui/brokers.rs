//! The brokers: each one's state and its Stop, Crash, Isolate and Slow controls.

use crate::ctx::{Commands, Views};
use engine::{BrokerId, Command};

use leptos::prelude::*;

/// What "Stop" does, in one line (its button's title and the legend under the brokers).
const STOP_EXPLAINED: &str = "controlled shutdown: its leaderships move and its ISRs shrink first, so nothing fails.";

/// What "Crash" does, in one line.
const CRASH_EXPLAINED: &str =
    "kill -9: its leaderships move only once the controller fences it (broker.session.timeout.ms, 9 s); requests to it fail until then.";

#[component]
pub(crate) fn Brokers() -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let ids = Memo::new(move |_| views.vm.with(|vm| vm.brokers.iter().map(|b| b.id).collect::<Vec<_>>()));
    let act = move |cmd: Command| {
        let _ = commands.update(|s| s.apply(cmd));
    };
    view! {
        <section class="panel" aria-label="Brokers">
            <h2>"Brokers"</h2>
            <div class="brokers">
                <For each=move || ids.get() key=|id| *id let:id>
                    <BrokerCard id />
                </For>
            </div>
            <p class="legend" data-testid="stop-explained"><strong>"Stop"</strong>" = " {STOP_EXPLAINED}</p>
            <p class="legend" data-testid="crash-explained"><strong>"Crash"</strong>" = " {CRASH_EXPLAINED}</p>
            <button data-testid="preferred-election" on:click=move |_| act(Command::ElectPreferredLeaders { topic: None })>
                "Preferred leader election"
            </button>
        </section>
    }
}

/// One broker. Its elements persist across ticks (only text and attributes change), so
/// keyboard focus stays on a button while the simulation runs.
#[component]
fn BrokerCard(id: u32) -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let b = Memo::new(move |_| views.vm.with(|vm| vm.brokers.iter().find(|b| b.id == id).cloned()));
    let status = move || b.get().map_or("stopped", |b| b.status);
    let running = move || status() != "stopped";
    let isolated = move || status() == "isolated";
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
    view! {
        <div class=move || format!("broker {}", status()) data-testid=format!("broker-{id}")>
            <div class="broker-name">
                "Broker " {id}
                <span class="badge controller" title="active KRaft controller"
                    hidden=move || !b.get().is_some_and(|b| b.controller)>"controller"</span>
            </div>
            <div class="broker-status" data-testid=format!("broker-status-{id}")>
                {status} {move || b.get().is_some_and(|b| b.fenced).then_some(" · fenced")}
                {move || slow().then_some(" · slow follower")}
            </div>
            <div class="broker-leads">{move || b.get().map_or(0, |b| b.leaders)} " leader(s)"</div>
            <div class="broker-actions">
                // A stopped broker's one useful action stands out (it is not disabled, though
                // the card around it is greyed).
                <button
                    class=move || if running() { "" } else { "primary" }
                    data-testid=move || format!("{}-{id}", if running() { "stop" } else { "start" })
                    aria-label=move || if running() { format!("Stop broker {id} (controlled shutdown)") } else { format!("Restart broker {id}") }
                    title=move || running().then_some(STOP_EXPLAINED)
                    on:click=power>
                    {move || if running() { "Stop" } else { "Restart" }}
                </button>
                <button
                    data-testid=format!("crash-{id}")
                    aria-label=format!("Crash broker {id} (kill -9)")
                    title=CRASH_EXPLAINED
                    hidden=move || !running()
                    on:click=move |_| act(Command::StopBroker { broker: BrokerId(id) })>
                    "Crash"
                </button>
                <button
                    data-testid=move || format!("{}-{id}", if isolated() { "heal" } else { "isolate" })
                    aria-label=move || format!("{} broker {id}", if isolated() { "Heal" } else { "Isolate" })
                    disabled=move || !running()
                    on:click=network>
                    {move || if isolated() { "Heal" } else { "Isolate" }}
                </button>
                <button
                    data-testid=format!("slow-{id}")
                    aria-pressed=move || slow().to_string()
                    aria-label=move || format!("{} broker {id}'s follower fetches", if slow() { "Restore" } else { "Slow down" })
                    title=move || {
                        let lag_max_ms = views.with_session_untracked(|s| s.cluster.config().replica_lag_time_max_ms);
                        format!(
                            "Fetch from leaders only every {} s: longer than replica.lag.time.max.ms ({} s)",
                            crate::view_model::slow_fetch_delay_ms(lag_max_ms) / 1000,
                            lag_max_ms / 1000
                        )
                    }
                    on:click=pace>
                    {move || if slow() { "Unslow" } else { "Slow" }}
                </button>
            </div>
        </div>
    }
}
