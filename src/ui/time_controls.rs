//! The header's time controls: the clock, Play/Pause, steps, speed, and Reset with a broker
//! count, a seed and ELR.

use crate::ctx::{Commands, Playing, Views};
use crate::session::Session;
use crate::view_model::format_time;

use leptos::prelude::*;

#[component]
pub(crate) fn TimeControls(speed: RwSignal<u32>, running_steps: RwSignal<u32>) -> impl IntoView {
    let (views, commands) = (expect_context::<Views>(), expect_context::<Commands>());
    let Playing(playing) = expect_context::<Playing>();
    let seed_text = RwSignal::new("1".to_string());
    let seed_error = RwSignal::new(String::new());
    let brokers = RwSignal::new(3u32);
    let elr = RwSignal::new(false);
    let reset = move |_| match seed_text.get_untracked().trim().parse::<u64>() {
        Ok(seed) => {
            seed_error.set(String::new());
            playing.set(false);
            commands.update(|s| *s = Session::with_cluster(seed, brokers.get_untracked(), elr.get_untracked()));
        }
        Err(_) => seed_error.set("The seed must be a whole number from 0 to 18446744073709551615.".into()),
    };
    view! {
        <div class="time-controls" role="group" aria-label="Simulation time">
            <span class="clock" data-testid="clock">{move || format_time(views.vm.get().time_ms)}</span>
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
            <button data-testid="step" on:click=move |_| commands.update(|s| s.step(1))>"Step 0.1 s"</button>
            <button data-testid="step-10s" on:click=move |_| commands.update(|s| s.step(100))>"+10 s"</button>
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
