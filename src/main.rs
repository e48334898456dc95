//! Mounts the app; everything else lives in the library so the browser tests can mount it too.

use kafka_sandbox::i18n::Lang;
use kafka_sandbox::ui::language::{initial_lang, load_catalogue, take_early_catalogue};

fn main() {
    console_error_panic_hook::set_once();
    // Where the words are data (the hosted site: every language), the page waits for them,
    // behind the static first view, so that it starts in the learner's language; if they
    // cannot be fetched it starts in English (`starting_lang`), and with no words at all the
    // first view says so (a page of message keys would be no page).
    let lang = initial_lang();
    // `?bench=R` runs a consumer group from its first tick: where the groups' and the tick's code
    // are chunks (the hosted site), they are fetched before the page mounts, so the scenario
    // starts as built, playing.
    let bench = kafka_sandbox::ui::url::param("bench").is_some_and(|s| kafka_sandbox::bench_mode::is_scenario(&s))
        && engine::group_code::loaded().is_none();
    if !bench && take_early_catalogue(lang) {
        mount();
    } else {
        wasm_bindgen_futures::spawn_local(async move {
            if bench {
                if let Err(e) = kafka_sandbox::chunks::load_groups().await {
                    leptos::logging::warn!("the benchmark scenario's groups: {}", e.0);
                }
                if let Err(e) = kafka_sandbox::chunks::load_ticks().await {
                    leptos::logging::warn!("the benchmark scenario's ticks: {}", e.0);
                }
            }
            let mut tries = vec![lang];
            if lang != Lang::En {
                tries.push(Lang::En);
            }
            for l in tries {
                match load_catalogue(l).await {
                    Ok(()) => return mount(),
                    Err(e) => leptos::logging::warn!("the page's words in {}: {e}", l.tag()),
                }
            }
            no_words();
        });
    }
}

fn mount() {
    leptos::mount::mount_to_body(kafka_sandbox::App);
    if let Some(first) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("first-view")) {
        first.remove();
    }
}

/// The first view's own message (index.html, in its language) when no catalogue arrived: the
/// download's bar goes, the message and its Reload button show.
fn no_words() {
    let Some(d) = web_sys::window().and_then(|w| w.document()) else { return };
    for id in ["first-view-label", "first-view-progress", "first-view-bytes"] {
        if let Some(e) = d.get_element_by_id(id) {
            e.remove();
        }
    }
    if let Some(e) = d.get_element_by_id("first-view-failed") {
        let _ = e.remove_attribute("hidden");
    }
}
