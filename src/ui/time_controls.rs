//! The header's time controls: the clock, Play/Pause, steps, speed, and Reset with a broker
//! count, a seed and ELR.

use crate::ctx::{Commands, I18n, Playing, TickReady, Views};
use crate::session::Session;
use crate::view_model::format_time_in;

use leptos::prelude::*;

#[component]
pub(crate) fn TimeControls(speed: RwSignal<u32>, running_steps: RwSignal<u32>) -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let Playing(playing) = expect_context::<Playing>();
    // Where the tick is a chunk, Play and the steps wait for it (a moment after the first screen).
    let TickReady(ready) = expect_context::<TickReady>();
    let waiting = move || !ready.get();
    let i18n = expect_context::<I18n>();
    let seed_text = RwSignal::new("1".to_string());
    let seed_error = RwSignal::new(false);
    let brokers = RwSignal::new(3u32);
    let elr = RwSignal::new(false);
    // The new-cluster fields start as the shown cluster was made (a lesson's five brokers, a
    // link's seed, ELR on), and follow when another session takes its place: "Brokers 3" beside
    // a cluster of five read as the cluster's size. A learner's edits stay until then.
    let made = Memo::new(move |_| {
        views.with_session(|s| {
            let c = s.cluster.config();
            (c.brokers, c.seed, c.eligible_leader_replicas_enable)
        })
    });
    Effect::new(move |_| {
        let (n, seed, on) = made.get();
        brokers.set(n);
        seed_text.set(seed.to_string());
        seed_error.set(false);
        elr.set(on);
    });
    let reset = move |_| match seed_text.get_untracked().trim().parse::<u64>() {
        Ok(seed) => {
            seed_error.set(false);
            playing.set(false);
            commands.update(|s| *s = Session::with_cluster(seed, brokers.get_untracked(), elr.get_untracked()));
        }
        Err(_) => seed_error.set(true),
    };
    view! {
        <div class="time-controls" role="group" aria-label=move || i18n.t("time-region")>
            <span class="clock" data-testid="clock">{move || format_time_in(views.with_session_first(|s| s.cluster.now().0), i18n.tr())}</span>
            // Drawn icons: a glyph such as U+23F8 is missing from many fonts (an empty box).
            <button data-testid="play" class="play" disabled=waiting on:click=move |_| playing.update(|p| *p = !*p)>
                <svg class="icon" viewBox="0 0 10 10" aria-hidden="true">
                    {move || if playing.get() {
                        view! { <path d="M2 1h2.2v8H2zM5.8 1H8v8H5.8z" /> }.into_any()
                    } else {
                        view! { <path d="M2 1l7 4-7 4z" /> }.into_any()
                    }}
                </svg>
                {move || if playing.get() { i18n.t("time-pause") } else { i18n.t("time-play") }}
            </button>
            <button data-testid="step" disabled=waiting on:click=move |_| commands.update(|s| s.step(1))>{move || i18n.t("time-step")}</button>
            <button data-testid="step-10s" disabled=waiting on:click=move |_| commands.update(|s| s.step(100))>{move || i18n.t("time-step-10s")}</button>
            <label>
                {move || i18n.t("time-speed")} " "
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
                (playing.get() && ran < asked).then(|| i18n.f("time-behind", &[("speed", ran.into())]))
            }}</span>
            <label>
                {move || i18n.t("time-brokers")} " "
                <select data-testid="brokers" on:change=move |ev| brokers.set(event_target_value(&ev).parse().unwrap_or(3))>
                    {(1..=9u32).map(|n| view! { <option value=n.to_string() prop:selected=move || brokers.get() == n>{n}</option> }).collect_view()}
                </select>
            </label>
            <label>
                {move || i18n.t("time-seed")} " "
                <input class="seed" data-testid="seed" inputmode="numeric" prop:value=move || seed_text.get()
                    on:input=move |ev| seed_text.set(event_target_value(&ev)) />
            </label>
            <label class="inline" title=move || i18n.t("time-elr-title")>
                <input type="checkbox" data-testid="elr" aria-label=move || i18n.t("time-elr-label")
                    prop:checked=move || elr.get() on:change=move |ev| elr.set(event_target_checked(&ev)) />
                " ELR"
            </label>
            <button data-testid="reset" on:click=reset>{move || i18n.t("time-reset")}</button>
            <span class="error" role="alert">{move || seed_error.get().then(|| i18n.t("time-seed-error"))}</span>
        </div>
    }
}
