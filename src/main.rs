//! Mounts the app; everything else lives in the library so the browser tests can mount it too.

use kafka_sandbox::ui::language::{initial_lang, load_catalogue};

fn main() {
    console_error_panic_hook::set_once();
    // Where a language's words are data (the hosted site's Korean), the page waits for them,
    // behind the static first view, so that it starts in the learner's language; if they
    // cannot be fetched it starts in English (`starting_lang`).
    let lang = initial_lang();
    if kafka_sandbox::i18n::loaded(lang) {
        mount();
    } else {
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = load_catalogue(lang).await {
                leptos::logging::warn!("the page's words in {}: {e}", lang.tag());
            }
            mount();
        });
    }
}

fn mount() {
    leptos::mount::mount_to_body(kafka_sandbox::App);
    // The app is on the page: the static first view (index.html) goes.
    if let Some(first) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("first-view")) {
        first.remove();
    }
}
