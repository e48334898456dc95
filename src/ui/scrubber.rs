//! The time scrubber under the time controls (issue 23): a slider over the session from its
//! start to the live moment, with its elections, brokers going away, rebalances and forks
//! marked along it. Moving it shows the cluster as it was (every panel reads the shown
//! session); acting then forks, and "Undo fork" puts the dropped future back. The state and
//! its rules are `history.rs`'s; this is the thin part.

use crate::ctx::{Commands, I18n, Playing, StepCost, Views};
use crate::history::{scrub_key, scrubber_vm, seek_first_steps, MarkKind, TRACK_UNITS};
use crate::view_model::format_time_in;
use leptos::prelude::*;

#[component]
pub(crate) fn Scrubber() -> impl IntoView {
    let (views, commands, i18n) = (expect_context::<Views>(), expect_context::<Commands>(), expect_context::<I18n>());
    let Playing(playing) = expect_context::<Playing>();
    let StepCost(cost) = expect_context::<StepCost>();
    let vm = Memo::new(move |_| views.with_session_first(scrubber_vm));
    // How long the last move took to show, engine and render until the next frame (the
    // Performance table's rewind figure is read from it).
    let last_seek_ms = RwSignal::new(None::<f64>);
    let seeks = RwSignal::new(0u64);
    let seek = move |t: u64| {
        playing.set(false);
        let t0 = crate::debug::now_ms();
        let steps = cost.try_with_value(seek_first_steps).unwrap_or(crate::history::SEEK_STEPS_MAX);
        commands.update(|s| s.seek_within(t, steps));
        crate::frame_queue::after_frames(0, move || {
            let _ = last_seek_ms.try_set(Some(crate::debug::now_ms() - t0));
            let _ = seeks.try_update(|n| *n += 1);
        });
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        if let Some(t) = vm.with_untracked(|vm| scrub_key(&ev.key(), vm)) {
            ev.prevent_default();
            seek(t);
        }
    };
    let value_text = move || {
        let vm = vm.get();
        let tr = i18n.tr();
        i18n.f("scrubber-value", &[("shown", format_time_in(vm.now_ms, tr).into()), ("live", format_time_in(vm.end_ms, tr).into())])
    };
    view! {
        <div class="scrubber" role="group" aria-label=move || i18n.t("scrubber-region") data-testid="scrubber-group"
            data-last-seek-ms=move || last_seek_ms.get().map(|ms| format!("{ms:.1}"))
            data-seeks=move || seeks.get().to_string()
            data-checkpoints=move || vm.get().checkpoints.to_string()
            data-dense-from-ms=move || vm.get().dense_from_ms.to_string()>
            <div class="scrub-track">
                <input type="range" data-testid="scrubber" step="100"
                    aria-label=move || i18n.t("scrubber-label")
                    aria-keyshortcuts="ArrowLeft ArrowRight PageUp PageDown Home End"
                    title=move || i18n.t("scrubber-keys")
                    min=move || vm.get().start_ms.to_string()
                    max=move || vm.get().end_ms.to_string()
                    prop:value=move || vm.get().now_ms.to_string()
                    aria-valuetext=value_text
                    on:input=move |ev| {
                        if let Ok(t) = event_target_value(&ev).parse::<u64>() {
                            seek(t);
                        }
                    }
                    on:keydown=on_key />
                <svg class="scrub-marks" viewBox=format!("0 0 {TRACK_UNITS} 10") preserveAspectRatio="none" aria-hidden="true">
                    // One path per kind, made once: a drawn tick changes at most a path's `d`
                    // (built anew each time, the four paths' classes were set again every drawn tick).
                    {MarkKind::ALL
                        .iter()
                        .enumerate()
                        .map(|(i, kind)| {
                            let d = move || vm.with(|vm| vm.mark_paths.get(i).map(|(_, d)| d.clone()).unwrap_or_default());
                            view! { <path class=kind.class() d=d /> }
                        })
                        .collect_view()}
                </svg>
            </div>
            <span class="scrub-legend" aria-hidden="true">
                <span class="mark-election">{move || i18n.t("scrubber-legend-election")}</span>
                <span class="mark-broker">{move || i18n.t("scrubber-legend-broker")}</span>
                <span class="mark-rebalance">{move || i18n.t("scrubber-legend-rebalance")}</span>
                <span class="mark-fork">{move || i18n.t("scrubber-legend-fork")}</span>
            </span>
            <span class="scrub-status" role="status" data-testid="scrub-status">
                {move || {
                    let vm = vm.get();
                    match vm.replaying_at_ms {
                        Some(at) => {
                            let tr = i18n.tr();
                            Some(i18n.f("scrubber-replaying", &[("to", format_time_in(vm.now_ms, tr).into()), ("at", format_time_in(at, tr).into())]))
                        }
                        None => vm.past.then(|| i18n.t("scrubber-past")),
                    }
                }}
            </span>
            <Show when=move || vm.get().past>
                <button data-testid="play-from-here" on:click=move |_| playing.set(true)>
                    {move || i18n.t("time-play-from-here")}
                </button>
                <button data-testid="back-to-live" on:click=move |_| seek(vm.get_untracked().end_ms)>
                    {move || i18n.t("scrubber-back-to-live")}
                </button>
            </Show>
            <Show when=move || vm.get().can_undo_fork>
                <button data-testid="undo-fork" title=move || i18n.t("scrubber-undo-fork-title") on:click=move |_| {
                    playing.set(false);
                    commands.update(|s| s.undo_fork());
                }>
                    {move || i18n.t("scrubber-undo-fork")}
                </button>
            </Show>
        </div>
    }
}
