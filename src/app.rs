//! The page: its state (the session and the small contexts of `ctx` over it), the timer that
//! drives simulated time, and the layout. Each panel is one file under `ui/`; adding one is a
//! file and a line in the layout below.

use crate::ctx::{Commands, I18n, Inspector, LessonOpened, PageChoice, Playing, TickReady, Views};
use crate::session::Session;
use crate::ui::brokers::Brokers;
use crate::ui::language::LanguageSwitch;
use crate::ui::later::{Column, Later, LaterPanels};
use crate::ui::lesson::LessonPanel;
use crate::ui::partitions::Partitions;
use crate::ui::presenter::PresenterToggle;
use crate::ui::scrubber::Scrubber;
use crate::ui::time_controls::TimeControls;
use crate::view_model::PageSpec;
use leptos::prelude::*;
use std::time::Duration;

/// Simulated milliseconds per real second at speed 1×.
const TIMER_MS: u64 = 100;
/// Upper bound on engine steps per timer tick, whatever the speed.
const STEPS_PER_TICK_MAX: u32 = 50;
/// Upper bound on the steps a long rewind replays per tick (the step budget may allow fewer).
const SEEK_STEPS_PER_TICK_MAX: u32 = 200;

#[component]
pub fn App() -> impl IntoView {
    // `?bench=R` / `?bench=R9` start a benchmark scenario live (issue 26), playing. The scenario
    // runs a consumer group: where the groups' code is a chunk, main.rs fetches it first.
    let bench = crate::ui::url::param("bench").and_then(|spec| crate::bench_mode::session(&spec));
    let benching = bench.is_some();
    let session = StoredValue::new(bench.unwrap_or_else(|| Session::new(1)));
    // Counts the session's changes (commands and ticks): the session itself is not reactive.
    let version = RwSignal::new(0u64);
    let page = RwSignal::new(PageSpec::default());
    let lang = crate::ui::language::starting_lang();
    crate::ui::language::apply_document_lang(lang);
    let i18n = I18n(RwSignal::new(lang));
    provide_context(i18n);
    let views = Views::new(session, version, page, i18n);
    let playing = RwSignal::new(benching);
    provide_context(Commands::new(&views));
    provide_context(views);
    provide_context(Inspector(RwSignal::new(String::new())));
    provide_context(PageChoice(page));
    provide_context(Playing(playing));
    provide_context(LessonOpened(RwSignal::new(0)));
    // The panels below the first screen: their chunk's download starts now (`ui::later`).
    let later = Later::start();
    provide_context(TickReady(later.ticks()));
    provide_context(crate::ctx::PanelsDrawn(later));

    let speed = RwSignal::new(1u32);
    let perf = StoredValue::new(crate::debug::TickTimes::default());
    // The footer's readout re-reads its figures once per measuring window (a second), not every
    // tick: its text changing each tick cost a layout, paint and commit in every tick's frame,
    // drawn or not (at 4x CPU ~6 ms of the ~12 in a skipped tick's frame, issue 26).
    let readout_window = RwSignal::new(0u64);
    // Steps per tick actually run (below the speed when the engine's steps cost too much).
    let budget = StoredValue::new(crate::step_budget::StepBudget::default());
    provide_context(crate::ctx::StepCost(budget));
    let running_steps = RwSignal::new(1u32);
    let frames = StoredValue::new(crate::debug::FrameTimes::default());
    // Which ticks re-render (issue 26): all while the views' work fits, fewer when it does not.
    let render = StoredValue::new(crate::render_budget::RenderBudget::default());
    let render_every = RwSignal::new(1u32);
    let window_start = StoredValue::new(crate::debug::now_ms());
    crate::render_budget::idle_meter::start();
    // The rewind history's checkpoints and frees wait for idle moments (`Session::step_deferring`).
    crate::render_budget::idle_meter::set_work(Box::new(move || {
        if session.try_with_value(|s| s.history.has_idle_work()).unwrap_or(false) {
            session.try_update_value(|s| s.idle_work());
        }
    }));
    // Drives simulated time while playing; yields to the browser between ticks. Besides
    // `Commands`, the one writer of the session: its ticks re-render in stages.
    let handle = set_interval_with_handle(
        move || {
            // A page not being drawn runs its frames' work here, once its frame is overdue.
            crate::frame_queue::run_if_stalled();
            if playing.get_untracked() {
                let wanted = speed.get_untracked().clamp(1, STEPS_PER_TICK_MAX);
                let steps = budget.with_value(|b| b.steps(wanted));
                if running_steps.get_untracked() != steps {
                    running_steps.set(steps);
                }
                let t0 = crate::debug::now_ms();
                session.update_value(|s| s.step_deferring(steps));
                let t1 = crate::debug::now_ms();
                budget.update_value(|b| b.record(steps, t1 - t0));
                // Once a second (sooner while saturated): how busy the main thread was decides
                // how many ticks render.
                let elapsed = t1 - window_start.get_value();
                let (idle_so_far, idle_slots_so_far) = crate::render_budget::idle_meter::peek();
                let length = render.with_value(|r| r.window_length_ms(TIMER_MS as f64));
                if crate::render_budget::RenderBudget::window_done(idle_so_far, idle_slots_so_far, elapsed, length) {
                    let (idle, idle_slots) = crate::render_budget::idle_meter::take();
                    // A page the browser did not draw (no frames came) says nothing of its cost.
                    if crate::render_budget::RenderBudget::window_drawn(crate::frame_queue::take_longest_wait_ms()) {
                        render.update_value(|r| r.record(idle, elapsed, idle_slots));
                    }
                    window_start.set_value(t1);
                    let every = render.with_value(|r| r.every());
                    if render_every.get_untracked() != every {
                        render_every.set(every);
                    }
                    readout_window.update(|n| *n += 1);
                }
                if render.try_update_value(|r| r.tick()).unwrap_or(true) {
                    version.update(|v| *v += 1);
                    views.schedule_stages(crate::tick_plan::spread_for(render.with_value(|r| r.every())));
                    frames.update_value(|f| f.start_chain());
                    sample_frames(frames, FRAMES_SAMPLED_PER_TICK);
                } else {
                    views.skip_tick();
                }
                let t2 = crate::debug::now_ms();
                perf.update_value(|p| p.record(steps, t1 - t0, t2 - t1));
            } else if session.with_value(|s| s.history.target_ms().is_some()) {
                // A long rewind replays on, tick by tick, within the same budget (issue 23).
                let steps = budget.with_value(|b| b.steps(SEEK_STEPS_PER_TICK_MAX));
                let t0 = crate::debug::now_ms();
                session.update_value(|s| {
                    s.continue_seek(steps);
                });
                budget.update_value(|b| b.record(steps, crate::debug::now_ms() - t0));
                version.update(|v| *v += 1);
                // Every tick of a replay renders: its work stays within the tick's six frames.
                views.schedule_stages(1);
            } else {
                views.settle();
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
        <a class="skip-link" href="#cluster">{move || i18n.t("skip-to-cluster")}</a>
        // The timeline is one of the later panels: its link comes with it (a link to nowhere
        // would move focus nowhere).
        <Show when=move || later.ready()>
            <a class="skip-link" href="#timeline">{move || i18n.t("skip-to-timeline")}</a>
        </Show>
        <header class="top">
            <h1>{move || i18n.t("page-title")}</h1>
            <TimeControls speed running_steps />
            <PresenterToggle />
            <LanguageSwitch />
            <Scrubber />
        </header>
        <main class="layout" id="cluster" tabindex="-1" data-testid="cluster-view">
            <section class="col-main">
                <Brokers />
                <Partitions />
                // The rest is below the first screen: a chunk of its own (`ui::later`).
                <LaterPanels column=Column::Main later />
            </section>
            // The lesson, then the narration: beside the brokers and partitions on an
            // instructor's screen.
            <section class="col-side">
                <LessonPanel />
                <LaterPanels column=Column::Side later />
            </section>
        </main>
        // Below everything, so that its text appearing (when Play starts) moves nothing.
        <footer class="bottom">
            <span class="debug" data-testid="debug-readout" title=move || i18n.t("debug-readout-title")>
                {move || {
                    readout_window.track();
                    let Some((engine, view, rate)) = perf.with_value(|p| p.averages()) else { return String::new() };
                    let one = |x: f64| format!("{x:.1}");
                    let mut parts = Vec::new();
                    if let Some((mean, max)) = frames.with_value(|f| f.mean_max()) {
                        parts.push(i18n.f("debug-frame", &[("mean", one(mean).into()), ("max", one(max).into())]));
                    }
                    parts.push(i18n.f("debug-ticks", &[("engine", one(engine).into()), ("view", one(view).into()), ("rate", format!("{rate:.0}").into())]));
                    let busy = render.with_value(|r| r.busy()) * 100.0;
                    parts.push(i18n.f("debug-busy", &[("busy", format!("{busy:.0}").into())]));
                    let full = render.with_value(|r| r.full()) * 100.0;
                    parts.push(i18n.f("debug-full", &[("full", format!("{full:.0}").into())]));
                    let every = render_every.get();
                    if every > 1 {
                        parts.push(i18n.f("debug-render-every", &[("n", every.into())]));
                    }
                    parts.join(" · ")
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
