//! The page: header with time controls, brokers, the partition view, the describe table, the
//! produce form and the event timeline. Components read `ClusterVm` and send commands.

use crate::log_strip::LogStrip;
use crate::session::Session;
use crate::topic_select::TopicChoice;
use crate::ui::field::Field;
use crate::view_model::{cluster_vm, format_time, join_ids, ClusterVm, PageSpec, PartitionVm, PAGE_SIZE};
use engine::config::CleanupPolicy;
use engine::{Acks, BrokerId, Command, TopicConfig};
use leptos::prelude::*;
use std::time::Duration;

/// Shared handles: the session (not reactive) and a version counter that re-renders views.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    /// Details of the record last hovered or focused, for the inspector (keyboard users get
    /// the same information as mouse users, who also see it as a tooltip).
    pub(crate) inspected: RwSignal<String>,
    /// Topic names and sizes; changes only when a topic is created or grows, so option lists
    /// are not rebuilt every tick (which would reset a select the user is using).
    pub(crate) topics: Memo<Vec<crate::view_model::TopicVm>>,
    pub(crate) page: RwSignal<PageSpec>,
    pub(crate) session: StoredValue<Session>,
    pub(crate) version: RwSignal<u64>,
    pub(crate) vm: Memo<ClusterVm>,
    /// The same view model, re-read in the animation frames after a tick's own one: by the
    /// cards of even partitions in the second, the describe table in the third, the cards of odd
    /// partitions in the fourth (the log strips draw in the two after that). A tick's DOM,
    /// layout and paint work is thereby spread over the six frames between ticks instead of
    /// landing in one: the budget is per frame, and the heaviest frame sets its p95.
    pub(crate) staged: [Memo<ClusterVm>; STAGES],
    pub(crate) stage_versions: [RwSignal<u64>; STAGES],
    pub(crate) playing: RwSignal<bool>,
}

/// Staged views: 0 = cards of even partitions (and the page's card list), 1 = describe table,
/// 2 = cards of odd partitions. All twelve cards in one frame made it the heaviest of a tick's
/// six (tests/site/perf.mjs: ~9.6 ms against ~4-7 ms for the others).
const STAGES: usize = 3;
const STAGE_PARTITIONS: usize = 0;
pub(crate) const STAGE_TABLE: usize = 1;
const STAGE_ODD_CARDS: usize = 2;

/// The stage that updates a partition's card.
fn card_stage(partition: u32) -> usize {
    if partition.is_multiple_of(2) {
        STAGE_PARTITIONS
    } else {
        STAGE_ODD_CARDS
    }
}

/// Frames from a card's update to its log strips' redraw: every strip draws in the two frames
/// after the last card stage, half of them in each, a partition's replicas together (a
/// follower's strip then never shows records its leader's does not show yet).
fn strip_delay_frames(partition: u32) -> usize {
    STAGE_ODD_CARDS - card_stage(partition) + (partition as usize / 2) % 2
}

impl Ctx {
    pub(crate) fn update<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let r = self.session.update_value_returning(f);
        // A learner's own action shows everywhere at once; only timer ticks are staged.
        self.version.update(|v| *v += 1);
        for v in self.stage_versions {
            v.update(|v| *v += 1);
        }
        r
    }

    /// Lets stage `i` catch up with the latest tick, `i + 1` animation frames from now (the next
    /// frame renders the timer's own updates: clock, brokers, counters).
    fn schedule_stages(&self) {
        for (i, v) in self.stage_versions.into_iter().enumerate() {
            crate::frame_queue::after_frames(i + 1, move || {
                let _ = v.try_update(|v| *v += 1);
            });
        }
    }
}

trait UpdateReturning<T> {
    fn update_value_returning<R>(&self, f: impl FnOnce(&mut T) -> R) -> R;
}

impl<T: Send + Sync + 'static> UpdateReturning<T> for StoredValue<T> {
    fn update_value_returning<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let mut out = None;
        self.update_value(|s| out = Some(f(s)));
        match out {
            Some(r) => r,
            None => unreachable!("update_value runs its closure"),
        }
    }
}

/// Simulated milliseconds per real second at speed 1×.
const TIMER_MS: u64 = 100;
/// Upper bound on engine steps per timer tick, whatever the speed.
const STEPS_PER_TICK_MAX: u32 = 50;

#[component]
pub fn App() -> impl IntoView {
    let session = StoredValue::new(Session::new(1));
    let version = RwSignal::new(0u64);
    let page = RwSignal::new(PageSpec::default());
    let vm = Memo::new(move |_| {
        version.track();
        let spec = page.get();
        session.with_value(|s| cluster_vm(&s.cluster, &spec, s.lag_samples))
    });
    let playing = RwSignal::new(false);
    let topics = Memo::new(move |_| vm.with(|vm| vm.topics.clone()));
    let inspected = RwSignal::new(String::new());
    let stage_versions: [RwSignal<u64>; STAGES] = std::array::from_fn(|_| RwSignal::new(0u64));
    let staged = stage_versions.map(|v| {
        Memo::new(move |_| {
            v.track();
            page.track();
            vm.get_untracked()
        })
    });
    let ctx = Ctx { inspected, topics, page, session, version, vm, staged, stage_versions, playing };
    provide_context(ctx);

    let speed = RwSignal::new(1u32);
    let perf = RwSignal::new(crate::debug::TickTimes::default());
    // Steps per tick actually run (below the speed when the engine's steps cost too much).
    let budget = StoredValue::new(crate::step_budget::StepBudget::default());
    let running_steps = RwSignal::new(1u32);
    let frames = StoredValue::new(crate::debug::FrameTimes::default());
    // Drives simulated time while playing; yields to the browser between ticks.
    let handle = set_interval_with_handle(
        move || {
            if playing.get_untracked() {
                let wanted = speed.get_untracked().clamp(1, STEPS_PER_TICK_MAX);
                let steps = budget.with_value(|b| b.steps(wanted));
                if running_steps.get_untracked() != steps {
                    running_steps.set(steps);
                }
                let t0 = crate::debug::now_ms();
                session.update_value(|s| s.step(steps));
                let t1 = crate::debug::now_ms();
                budget.update_value(|b| b.record(steps, t1 - t0));
                version.update(|v| *v += 1);
                ctx.schedule_stages();
                frames.update_value(|f| f.start_chain());
                sample_frames(frames, FRAMES_SAMPLED_PER_TICK);
                let t2 = crate::debug::now_ms();
                perf.update(|p| p.record(steps, t1 - t0, t2 - t1));
            }
        },
        Duration::from_millis(TIMER_MS),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });

    view! {
        // Keyboard users skip the header's dozen controls in one step.
        <a class="skip-link" href="#cluster">"Skip to the cluster"</a>
        <a class="skip-link" href="#timeline">"Skip to the timeline"</a>
        <header class="top">
            <h1>"Kafka Sandbox"</h1>
            <TimeControls playing speed running_steps />
        </header>
        <main class="layout" id="cluster" tabindex="-1" data-testid="cluster-view">
            <section class="col-main">
                <Brokers />
                <Partitions />
                <DescribeTable />
                <crate::groups_panel::Groups />
            </section>
            // The narration first: beside the brokers and partitions on an instructor's screen.
            <section class="col-side">
                <Timeline />
                <ProduceForm />
                <crate::groups_panel::ConsumerForm />
                <CreateTopicForm />
            </section>
        </main>
        // Below everything, so that its text appearing (when Play starts) moves nothing.
        <footer class="bottom">
            <span class="debug" data-testid="debug-readout" title="Frame interval (mean and worst over the last second), and averages over the last ticks: engine time, view update time, simulated steps per second">
                {move || {
                    let ticks = perf.get().summary();
                    if ticks.is_empty() { ticks } else { format!("{} · {ticks}", frames.with_value(|f| f.summary())) }
                }}
            </span>
        </footer>
    }
}

/// Frames timed after each tick: the ones its staged updates land in (a frame loop running
/// all the time would itself cost a compositor commit in every frame).
const FRAMES_SAMPLED_PER_TICK: usize = 6;

/// Records the timestamps of the next `n` animation frames for the debug readout; stops early
/// once the app (and so `frames`) is gone.
fn sample_frames(frames: StoredValue<crate::debug::FrameTimes>, n: usize) {
    if n == 0 {
        return;
    }
    crate::frame_queue::after_frames(0, move || {
        if frames.try_update_value(|f| f.record(crate::debug::now_ms())).is_some() {
            sample_frames(frames, n - 1);
        }
    });
}

#[component]
fn TimeControls(playing: RwSignal<bool>, speed: RwSignal<u32>, running_steps: RwSignal<u32>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let seed_text = RwSignal::new("1".to_string());
    let seed_error = RwSignal::new(String::new());
    let brokers = RwSignal::new(3u32);
    let elr = RwSignal::new(false);
    let reset = move |_| match seed_text.get_untracked().trim().parse::<u64>() {
        Ok(seed) => {
            seed_error.set(String::new());
            playing.set(false);
            ctx.update(|s| *s = Session::with_cluster(seed, brokers.get_untracked(), elr.get_untracked()));
        }
        Err(_) => seed_error.set("The seed must be a whole number from 0 to 18446744073709551615.".into()),
    };
    view! {
        <div class="time-controls" role="group" aria-label="Simulation time">
            <span class="clock" data-testid="clock">{move || format_time(ctx.vm.get().time_ms)}</span>
            // Drawn icons: a glyph such as U+23F8 is missing from many fonts (an empty box).
            <button data-testid="play" class="play" on:click=move |_| playing.update(|p| *p = !*p)>
                <svg class="icon" viewBox="0 0 10 10" aria-hidden="true">
                    {move || if playing.get() {
                        view! { <path d="M2 1h2.2v8H2zM5.8 1H8v8H5.8z" /> }.into_any()
                    } else {
                        view! { <path d="M2 1l7 4-7 4z" /> }.into_any()
                    }}
                </svg>
                {move || if playing.get() { "Pause" } else { "Play" }}
            </button>
            <button data-testid="step" on:click=move |_| ctx.update(|s| s.step(1))>"Step 0.1 s"</button>
            <button data-testid="step-10s" on:click=move |_| ctx.update(|s| s.step(100))>"+10 s"</button>
            <label>
                "Speed "
                <select data-testid="speed" on:change=move |ev| {
                    speed.set(event_target_value(&ev).parse().unwrap_or(1));
                }>
                    <option value="1">"1×"</option>
                    <option value="5">"5×"</option>
                    <option value="10">"10×"</option>
                    <option value="50">"50×"</option>
                </select>
            </label>
            <span class="behind" data-testid="speed-behind" aria-live="polite">{move || {
                let (asked, ran) = (speed.get(), running_steps.get());
                (playing.get() && ran < asked).then(|| format!("running at {ran}×: steps take longer than the page can spare"))
            }}</span>
            <label>
                "Brokers "
                <select data-testid="brokers" on:change=move |ev| brokers.set(event_target_value(&ev).parse().unwrap_or(3))>
                    {(1..=9u32).map(|n| view! { <option value=n.to_string() selected=n == 3>{n}</option> }).collect_view()}
                </select>
            </label>
            <label>
                "Seed "
                <input class="seed" data-testid="seed" inputmode="numeric" prop:value=move || seed_text.get()
                    on:input=move |ev| seed_text.set(event_target_value(&ev)) />
            </label>
            <label class="inline" title="Eligible leader replicas (KIP-966, eligible.leader.replicas.version=1): off by default in Kafka 4.0, on for clusters created by 4.1 and later. Takes effect at Reset.">
                <input type="checkbox" data-testid="elr" aria-label="Eligible leader replicas (ELR) after the next reset"
                    on:change=move |ev| elr.set(event_target_checked(&ev)) />
                " ELR"
            </label>
            <button data-testid="reset" on:click=reset>"Reset"</button>
            <span class="error" role="alert">{move || seed_error.get()}</span>
        </div>
    }
}

/// What "Stop" does, in one line (its button's title and the legend under the brokers).
const STOP_EXPLAINED: &str = "controlled shutdown: its leaderships move and its ISRs shrink first, so nothing fails.";
/// What "Crash" does, in one line.
const CRASH_EXPLAINED: &str =
    "kill -9: its leaderships move only once the controller fences it (broker.session.timeout.ms, 9 s); requests to it fail until then.";

#[component]
fn Brokers() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let ids = Memo::new(move |_| ctx.vm.with(|vm| vm.brokers.iter().map(|b| b.id).collect::<Vec<_>>()));
    let act = move |cmd: Command| {
        let _ = ctx.update(|s| s.apply(cmd));
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
    let ctx = expect_context::<Ctx>();
    let b = Memo::new(move |_| ctx.vm.with(|vm| vm.brokers.iter().find(|b| b.id == id).cloned()));
    let status = move || b.get().map_or("stopped", |b| b.status);
    let running = move || status() != "stopped";
    let isolated = move || status() == "isolated";
    let act = move |cmd: Command| {
        let _ = ctx.update(|s| s.apply(cmd));
    };
    let power = move |_| {
        let broker = BrokerId(id);
        act(if running() { Command::ShutdownBroker { broker } } else { Command::StartBroker { broker } });
    };
    let slow = move || b.get().is_some_and(|b| b.fetch_delay_ms > 0);
    // Slower than replica.lag.time.max.ms (30 s), so the leader drops it from the ISR.
    let pace = move |_| {
        let lag_max_ms = ctx.session.with_value(|s| s.cluster.config().replica_lag_time_max_ms);
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
                        let lag_max_ms = ctx.session.with_value(|s| s.cluster.config().replica_lag_time_max_ms);
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

/// The partition on the current page with this key, if any, as seen by a stage.
fn partition_memo(ctx: Ctx, stage: usize, topic: String, partition: u32) -> Memo<Option<PartitionVm>> {
    let vm = ctx.staged[stage];
    Memo::new(move |_| vm.with(|vm| vm.partitions.iter().find(|p| p.topic == topic && p.partition == partition).cloned()))
}

fn page_keys(ctx: Ctx, stage: usize) -> Memo<Vec<(String, u32)>> {
    let vm = ctx.staged[stage];
    Memo::new(move |_| vm.with(|vm| vm.partitions.iter().map(|p| (p.topic.clone(), p.partition)).collect()))
}

#[component]
fn PartitionCard(topic: String, partition: u32) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = format!("{topic}-{partition}");
    let p = partition_memo(ctx, card_stage(partition), topic.clone(), partition);
    let replicas = Memo::new(move |_| p.with(|p| p.as_ref().map(|p| p.replicas.clone()).unwrap_or_default()));
    view! {
        <div class="partition" data-testid=format!("partition-{name}")>
            <div class="partition-head">
                <strong class="name" title=name.clone()>{name.clone()}</strong>
                <span>" leader " {move || p.with(|p| p.as_ref().and_then(|p| p.leader).map_or("none".to_string(), |l| l.to_string()))}</span>
                <span>" · epoch " {move || p.with(|p| p.as_ref().map_or(0, |p| p.leader_epoch))}</span>
                <span>" · HW " {move || p.with(|p| p.as_ref().map_or(0, |p| p.high_watermark))}</span>
                {move || p.with(|p| p.as_ref().map(|p| p.owners.clone()).unwrap_or_default()).into_iter().map(|(g, c)| view! {
                    <span class=format!("owner m{}", crate::groups_vm::member_colour(c)) title=format!("consumer-{c} of group {g} reads this partition")>
                        {format!("consumer-{c}")}
                    </span>
                }).collect_view()}
            </div>
            <For each=move || replicas.get() key=|b| *b let:broker>
                <ReplicaRow p topic=topic.clone() partition broker tab_stop=replicas.with_untracked(|r| r.first() == Some(&broker)) />
            </For>
        </div>
    }
}

#[component]
fn ReplicaRow(p: Memo<Option<PartitionVm>>, topic: String, partition: u32, broker: u32, tab_stop: bool) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let r = Memo::new(move |_| p.with(|p| p.as_ref().and_then(|p| p.replica_views.iter().find(|r| r.broker == broker).cloned())));
    let role = move || r.with(|r| r.as_ref().map_or(crate::view_model::Role::Offline, |r| r.role));
    let tail = Memo::new(move |_| r.with(|r| r.as_ref().map(|r| r.tail.clone()).unwrap_or_default()));
    view! {
        <div class=move || format!("replica {}", role().class())>
            <span class="replica-label" title=move || role().label()>{move || role().glyph()} " b" {broker}</span>
            <span class="replica-role">{move || role().label()}</span>
            <LogStrip tail topic=topic.clone() partition broker inspected=ctx.inspected cells=crate::view_model::TAIL_RECORDS delay_frames=strip_delay_frames(partition) tab_stop />
            <span class="leo">"LEO " {move || r.with(|r| r.as_ref().map_or(0, |r| r.log_end_offset))}</span>
        </div>
    }
}

#[component]
fn Partitions() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let keys = page_keys(ctx, STAGE_PARTITIONS);
    view! {
        <section class="panel" aria-label="Partitions and replicas">
            <h2>"Partitions"</h2>
            <p class="legend">"★ leader · ● in-sync follower · ◐ out-of-sync follower · ✕ offline. Numbers are offsets, coloured by key; outlined ones are above the high watermark (not yet committed). Hover or focus one for its details."</p>
            <Pager />
            <pre class="inspector" data-testid="record-details" aria-live="polite">
                {move || { let d = ctx.inspected.get(); if d.is_empty() { "Hover or focus a record to see it here.".to_string() } else { d } }}
            </pre>
            <div class="partitions">
                <For each=move || keys.get() key=|k| k.clone() let:k>
                    <PartitionCard topic=k.0 partition=k.1 />
                </For>
            </div>
        </section>
    }
}

/// Topic filter and page of partitions shown by the partition view and the describe table.
#[component]
fn Pager() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let info = move || {
        let vm = ctx.vm.get();
        let first = vm.page * PAGE_SIZE;
        let last = (first + PAGE_SIZE).min(vm.partitions_matching);
        format!("partitions {}–{} of {}", (first + 1).min(last), last, vm.partitions_matching)
    };
    // A filter on a topic that no longer exists (after a Reset) goes back to all topics: the
    // select must never show one thing while the view filters on another.
    Effect::new(move |_| {
        let gone = ctx.topics.with(|ts| ctx.page.with_untracked(|p| p.topic.as_ref().is_some_and(|f| !ts.iter().any(|t| &t.name == f))));
        if gone {
            ctx.page.set(PageSpec::default());
        }
    });
    let go = move |delta: isize| {
        let pages = ctx.vm.get_untracked().pages;
        ctx.page.update(|p| p.page = (p.page as isize + delta).clamp(0, pages as isize - 1) as usize);
    };
    view! {
        <div class="pager" role="group" aria-label="Which partitions to show">
            <label>"Topic "
                <select data-testid="filter-topic" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.page.set(PageSpec { topic: (!v.is_empty()).then_some(v), page: 0 });
                }>
                    <option value="" prop:selected=move || ctx.page.with(|p| p.topic.is_none())>"all topics"</option>
                    {move || ctx.topics.get().into_iter().map(|t| {
                        let name = t.name.clone();
                        let is_current = move || ctx.page.with(|p| p.topic.as_deref() == Some(name.as_str()));
                        view! { <option value=t.name.clone() title=t.name.clone() prop:selected=is_current>{t.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button data-testid="page-prev" aria-label="Previous page of partitions" on:click=move |_| go(-1)
                disabled=move || ctx.vm.get().page == 0>"◀"</button>
            <span data-testid="page-info">{info}</span>
            <button data-testid="page-next" aria-label="Next page of partitions" on:click=move |_| go(1)
                disabled=move || { let vm = ctx.vm.get(); vm.page + 1 >= vm.pages }>"▶"</button>
        </div>
    }
}

#[component]
fn DescribeTable() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let keys = page_keys(ctx, STAGE_TABLE);
    let rebalance = Memo::new(move |_| {
        ctx.version.track();
        ctx.session.with_value(|s| crate::view_model::rebalance_text(&s.cluster))
    });
    view! {
        <section class="panel" aria-label="kafka-topics --describe">
            <h2><code>"kafka-topics.sh --describe"</code></h2>
            // Nine columns do not fit a phone: the table scrolls sideways inside its own region
            // (focusable, so a keyboard can scroll it too).
            <crate::topic_configs::TopicLines />
            <div class="table-scroll" role="region" aria-label="kafka-topics --describe output" tabindex="0">
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
                            let p = partition_memo(ctx, STAGE_TABLE, k.0.clone(), k.1);
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
                                    <td data-testid=format!("hw-{id}")>{get(|p| p.high_watermark.to_string())}</td>
                                </tr>
                            }
                        }
                    </For>
                </tbody>
            </table>
            </div>
            <p class="legend" data-testid="auto-rebalance">{rebalance}</p>
            <AddPartitionsForm />
            <crate::topic_configs::AlterConfigsForm />
        </section>
    }
}

/// `kafka-topics.sh --alter --partitions N`.
#[component]
fn AddPartitionsForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let topic = TopicChoice::new(ctx);
    let count = RwSignal::new("4".to_string());
    let message = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = match count.get_untracked().trim().parse::<u32>() {
            Err(_) => Err("The partition count must be a whole number.".to_string()),
            // Read before `update`: the topic's memo reads the session, which `update` holds.
            Ok(n) => {
                let topic = topic.get_untracked();
                ctx.update(|s| s.apply(Command::AddPartitions { topic, partitions: n }))
            }
        };
        message.set(match r {
            Ok(_) => {
                format!("{} now has {} partitions: keys hash modulo the new count.", topic.get_untracked(), count.get_untracked().trim())
            }
            Err(e) => e,
        });
    };
    view! {
        <form class="inline-form" on:submit=submit aria-label="Add partitions">
            <label>"Alter "
                {topic.select(ctx, "alter-topic")}
            </label>
            <label>" --partitions " <input class="narrow" data-testid="alter-partitions" inputmode="numeric" prop:value=move || count.get()
                on:input=move |ev| count.set(event_target_value(&ev)) /></label>
            <button type="submit" data-testid="alter-submit">"Add partitions"</button>
            <span class="message" role="alert" data-testid="alter-message">{move || message.get()}</span>
        </form>
    }
}

#[component]
fn ProduceForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let topic = TopicChoice::new(ctx);
    let key = RwSignal::new("user-1".to_string());
    let null_key = RwSignal::new(false);
    let value = RwSignal::new("hello".to_string());
    let null_value = RwSignal::new(false);
    let acks = RwSignal::new("all".to_string());
    let error = RwSignal::new(String::new());
    let result = Memo::new(move |_| {
        ctx.version.track();
        let playing = ctx.playing.get();
        ctx.session.with_value(|s| s.last_produce.as_ref().map(|p| p.line(playing)).unwrap_or_default())
    });
    // Depends on the topic list only, so it is not recomputed on every simulation tick.
    let explain = move || {
        let t = topic.current.get();
        let n = ctx.topics.with(|ts| ts.iter().find(|x| x.name == t).map_or(0, |x| x.partitions));
        if null_key.get() {
            return "null key: the sticky partitioner fills one partition for batch.size bytes, then switches".to_string();
        }
        if n == 0 {
            return String::new();
        }
        let k = key.get();
        let p = engine::murmur2::key_partition(k.as_bytes(), n);
        format!("murmur2(\"{k}\") = {}; {} & 0x7fffffff = {}; % {n} = partition {}", p.murmur2, p.murmur2, p.positive, p.partition)
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(a) = Acks::parse(&acks.get_untracked()) else {
            error.set("acks must be 0, 1 or all".into());
            return;
        };
        let (k, v) = (key.get_untracked(), value.get_untracked());
        let t = topic.get_untracked();
        let r = ctx.update(|s| {
            s.produce_keyed(&t, (!null_key.get_untracked()).then_some(k.as_str()), (!null_value.get_untracked()).then_some(v.as_str()), a)
        });
        error.set(r.err().unwrap_or_default());
    };
    view! {
        <section class="panel" aria-label="Produce">
            <h2>"Produce"</h2>
            <form on:submit=submit class="form">
                <label>"Topic "
                    {topic.select(ctx, "produce-topic")}
                </label>
                <Field label="Key " testid="produce-key" value=key disabled=Signal::derive(move || null_key.get()) />
                <label class="inline"><input type="checkbox" data-testid="produce-null-key"
                    on:change=move |ev| null_key.set(event_target_checked(&ev)) />" null key"</label>
                <Field label="Value " testid="produce-value" value=value disabled=Signal::derive(move || null_value.get()) />
                <label class="inline" title="A null value is a tombstone: on a compacted topic it deletes its key once delete.retention.ms has passed">
                    <input type="checkbox" data-testid="produce-null-value"
                        on:change=move |ev| null_value.set(event_target_checked(&ev)) />" null value (tombstone)"</label>
                <AcksSelect acks testid="produce-acks" />
                <button type="submit" data-testid="produce-submit">"Produce"</button>
            </form>
            <p class="explain" data-testid="key-partition">{explain}</p>
            <p class="result" data-testid="produce-result" aria-live="polite">{move || result.get()}</p>
            <p class="error" role="alert" data-testid="produce-error">{move || error.get()}</p>
            <LoadControls topic />
        </section>
    }
}

/// acks 0, 1 or all (Kafka 4.x's default), for a form's `acks` value.
#[component]
fn AcksSelect(acks: RwSignal<String>, testid: &'static str) -> impl IntoView {
    view! {
        <label>"acks "
            <select data-testid=testid on:change=move |ev| acks.set(event_target_value(&ev))>
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
    let ctx = expect_context::<Ctx>();
    let rate = RwSignal::new("50".to_string());
    let keys = RwSignal::new("5".to_string());
    let acks = RwSignal::new("all".to_string());
    let error = RwSignal::new(String::new());
    let state = Memo::new(move |_| {
        ctx.version.track();
        ctx.session.with_value(|s| (s.cluster.load().map(crate::view_model::load_settings_text), s.load_summary()))
    });
    let running = move || state.with(|s| s.0.is_some());
    let toggle = move |_| {
        if state.with_untracked(|s| s.0.is_some()) {
            ctx.update(|s| s.stop_load());
            return;
        }
        let parsed = (|| {
            let r: u32 = rate.get_untracked().trim().parse().map_err(|_| "The rate must be a whole number of records/s.".to_string())?;
            let k: u32 = keys.get_untracked().trim().parse().map_err(|_| "Keys must be a whole number (0 for null keys).".to_string())?;
            let a = Acks::parse(&acks.get_untracked()).ok_or("acks must be 0, 1 or all")?;
            Ok::<_, String>((r, k, a))
        })();
        let t = topic.get_untracked();
        let r = parsed.and_then(|(r, k, a)| ctx.update(|s| s.start_load(&t, r, k, a)));
        match r {
            Ok(()) => {
                error.set(String::new());
                ctx.playing.set(true);
            }
            Err(e) => error.set(e),
        }
    };
    // What Start will do, with the values it will use (or what the running load is doing).
    let plan = move || match state.with(|s| s.0.clone()) {
        Some(running) => format!("Running: {running}. Stop load stops it; the clock keeps running."),
        None => format!(
            "Start load produces {} records/s to {} with acks={} and {} distinct key(s), and starts the clock (Play).",
            rate.get().trim(),
            topic.current.get(),
            acks.get(),
            keys.get().trim()
        ),
    };
    view! {
        <div class="load" role="group" aria-label="Continuous load">
            <h3>"Continuous load"</h3>
            <div class="form">
                <Field label="Records/s " testid="load-rate" value=rate numeric=true />
                <Field label="Distinct keys " testid="load-keys" value=keys numeric=true />
                <AcksSelect acks testid="load-acks" />
                <p class="legend" id="load-plan" data-testid="load-plan">{plan}</p>
                <button data-testid="load-toggle" aria-describedby="load-plan" on:click=toggle>
                    {move || if running() { "Stop load" } else { "Start load and play" }}
                </button>
            </div>
            <p data-testid="load-stats" aria-live="polite">{move || if running() { state.with(|s| s.1.clone()) } else { String::new() }}</p>
            <p class="error" role="alert">{move || error.get()}</p>
        </div>
    }
}

#[component]
fn CreateTopicForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
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
    let message = RwSignal::new(String::new());
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parse = |s: String, what: &str| s.trim().parse::<u32>().map_err(|_| format!("{what} must be a whole number"));
        let parse_i64 =
            |s: String, what: &str| s.trim().parse::<i64>().map_err(|_| format!("{what} must be a whole number (-1 = unlimited)"));
        let parse_u64 = |s: String, what: &str| s.trim().parse::<u64>().map_err(|_| format!("{what} must be a whole number of ms"));
        let cmd = (|| {
            Ok::<_, String>(Command::CreateTopic {
                name: name.get_untracked(),
                partitions: parse(partitions.get_untracked(), "Partitions")?,
                replication_factor: parse(rf.get_untracked(), "Replication factor")?,
                config: TopicConfig {
                    min_insync_replicas: parse(min_isr.get_untracked(), "min.insync.replicas")?,
                    unclean_leader_election_enable: unclean.get_untracked(),
                    retention_ms: parse_i64(retention_ms.get_untracked(), "retention.ms")?,
                    retention_bytes: parse_i64(retention_bytes.get_untracked(), "retention.bytes")?,
                    segment_bytes: parse(segment_bytes.get_untracked(), "segment.bytes")?.into(),
                    cleanup_policy: if compact.get_untracked() { CleanupPolicy::Compact } else { CleanupPolicy::Delete },
                    delete_retention_ms: parse_u64(delete_retention_ms.get_untracked(), "delete.retention.ms")?,
                    min_compaction_lag_ms: parse_u64(min_compaction_lag_ms.get_untracked(), "min.compaction.lag.ms")?,
                },
            })
        })();
        let r = cmd.and_then(|cmd| ctx.update(|s| s.apply(cmd)));
        let n = name.get_untracked();
        // `TopicCommand.createTopic` prints its warning before it sends the request.
        let warning =
            if engine::topic_name::has_collision_chars(&n) { format!("{} ", engine::topic_name::COLLISION_WARNING) } else { String::new() };
        message.set(match r {
            Ok(_) => format!("{warning}Created topic {n}."),
            Err(e) => format!("{warning}{e}"),
        });
    };
    view! {
        <section class="panel" aria-label="Create topic">
            <h2>"Create topic"</h2>
            <form on:submit=submit class="form">
                <Field label="Name " testid="topic-name" value=name />
                <Field label="Partitions " testid="topic-partitions" value=partitions numeric=true />
                <Field label="Replication factor " testid="topic-rf" value=rf numeric=true />
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
                <button type="submit" data-testid="topic-create">"Create"</button>
            </form>
            <p class="message" role="alert" data-testid="topic-message">{move || message.get()}</p>
        </section>
    }
}

#[component]
fn Timeline() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The id of the newest entry changes only when something is narrated, so the list is
    // copied and diffed only then, not on every tick.
    let head = Memo::new(move |_| {
        ctx.version.track();
        ctx.session.with_value(|s| s.timeline_head())
    });
    let entries = Memo::new(move |_| {
        let _newest = head.get();
        ctx.session.with_value(|s| s.timeline.iter().cloned().collect::<Vec<_>>())
    });
    view! {
        <section class="panel" aria-label="Event timeline">
            <h2>"Timeline"</h2>
            <ol class="timeline" id="timeline" data-testid="timeline" tabindex="0" aria-label="Timeline entries, newest first">
                // Rows by position, not a keyed `<For>`: under load every tick replaces most of
                // the 200 entries, and each row `<For>` creates gets an owner whose handle stays
                // in the list's owner until the list itself goes (reactive_graph 0.2
                // `Owner::new` pushes it onto the parent's `children`): measured, the page's
                // memory grew ~5 MiB a minute in scenario R. Rebuilt by position, the `<li>`s
                // are reused and only their text and class change.
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .map(|e| view! { <li class=e.category><span class="t">{format_time(e.time_ms)}</span>" "{e.text}</li> })
                        .collect::<Vec<_>>()
                }}
            </ol>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frame after a tick (0 = the tick's own) in which a partition's card, then its strips,
    /// change: stage `i` runs `i + 1` frames after the tick (`Ctx::schedule_stages`), and a
    /// strip draws `strip_delay_frames` frames after the one its card changed in.
    fn frames_of(partition: u32) -> (usize, usize) {
        let card = card_stage(partition) + 1;
        (card, card + 1 + strip_delay_frames(partition))
    }

    #[test]
    fn a_ticks_cards_and_strips_are_spread_over_its_six_frames() {
        let mut cards = [0; 6];
        let mut strips = [0; 6];
        for p in 0..12 {
            let (card, strip) = frames_of(p);
            cards[card] += 1;
            strips[strip] += 1;
        }
        assert_eq!(cards, [0, 6, 0, 6, 0, 0], "half the cards in frame 1, half in frame 3 (the table is frame 2)");
        assert_eq!(strips, [0, 0, 0, 0, 6, 6], "strips after the last cards, half in each frame");
        assert_eq!(frames_of(4), (1, 4));
        assert_eq!(frames_of(5), (3, 4), "odd cards' strips draw as soon as their cards change");
    }
}
