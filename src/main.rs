//! Mounts the app; everything else lives in the library so the browser tests can mount it too.

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(kafka_sandbox::App);
}
