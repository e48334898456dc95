//! Mounts the app; everything else lives in the library so the browser tests can mount it too.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kafka_sandbox::App);
    // The app is on the page: the static first view (index.html) goes.
    if let Some(first) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("first-view")) {
        first.remove();
    }
}
