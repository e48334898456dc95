//! Presenter mode for a projector (issue 22): larger type, the lesson's current step marked,
//! and keys — Space Play/Pause, → one step, N the lesson's next step, ? the list of keys.
//! The keys act only in presenter mode (elsewhere Space scrolls the page, as people expect),
//! and never while someone types in a field (`shortcuts.rs` decides). `?present=1` opens the
//! page in it, for an instructor's bookmark.

use crate::ctx::{Commands, I18n, Playing};
use crate::shortcuts::{shortcut, Focus, Shortcut, KEYS};
use crate::ui::url;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The class on `<html>` that the style sheet enlarges the type under.
const CLASS: &str = "presenter";

fn mark_document(on: bool) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = if on { root.class_list().add_1(CLASS) } else { root.class_list().remove_1(CLASS) };
    }
}

/// Where a key event was pressed, from its target.
fn focus_of(ev: &web_sys::KeyboardEvent) -> Focus {
    let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else { return Focus::Page };
    let input_type = el.get_attribute("type").unwrap_or_default();
    Focus::of(&el.tag_name(), &input_type, el.is_content_editable())
}

#[component]
pub fn PresenterToggle() -> impl IntoView {
    let (commands, i18n) = (expect_context::<Commands>(), expect_context::<I18n>());
    let Playing(playing) = expect_context::<Playing>();
    let on = RwSignal::new(url::param("present").is_some_and(|v| v == "1"));
    let keys_open = RwSignal::new(false);
    let close_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| mark_document(on.get()));
    let toggle = move |_| {
        let now = !on.get_untracked();
        on.set(now);
        url::set_param("present", now.then_some("1"));
        if !now {
            keys_open.set(false);
        }
    };
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if !on.get_untracked() {
            return;
        }
        let modified = ev.ctrl_key() || ev.alt_key() || ev.meta_key();
        let Some(action) = shortcut(&ev.key(), focus_of(&ev), modified) else { return };
        // The key is ours: no page scroll for Space, no browser find for ?.
        ev.prevent_default();
        match action {
            Shortcut::PlayPause => playing.update(|p| *p = !*p),
            Shortcut::Step => commands.update(|s| s.step(1)),
            Shortcut::NextLessonStep => commands.update(|s| {
                if let Some(l) = s.lesson.as_mut() {
                    l.next_step();
                }
            }),
            Shortcut::ShowKeys => {
                keys_open.set(true);
                // Focus moves into the list, so a screen reader reads it and Escape closes it.
                request_animation_frame(move || {
                    if let Some(b) = close_ref.get_untracked() {
                        let _ = b.focus();
                    }
                });
            }
            Shortcut::CloseKeys => keys_open.set(false),
        }
    });
    on_cleanup(move || {
        handle.remove();
        mark_document(false);
    });
    view! {
        <button class="presenter-toggle" data-testid="presenter" aria-pressed=move || on.get().to_string()
            title=move || i18n.t("presenter-help") on:click=toggle>
            // A projector screen: the header stays on one line at 1280 px.
            <svg class="icon" viewBox="0 0 10 10" aria-hidden="true"><path d="M1 1h8v5.5H1zM2 2v3.5h6V2zM4.5 6.5h1v1.5h1.5v1h-4v-1h1.5z" /></svg>
            <span class="sr-only">{move || i18n.t("presenter")}</span>
        </button>
        <Show when=move || keys_open.get()>
            <div class="keys-dialog" role="dialog" aria-labelledby="keys-heading" data-testid="keys-dialog">
                <h2 id="keys-heading">{move || i18n.t("shortcut-heading")}</h2>
                <table>
                    <thead><tr>
                        <th scope="col">{move || i18n.t("shortcut-key")}</th>
                        <th scope="col">{move || i18n.t("shortcut-action")}</th>
                    </tr></thead>
                    <tbody>
                        {KEYS.iter().map(|(k, what)| view! { <tr><td><kbd>{*k}</kbd></td><td>{move || i18n.t(what)}</td></tr> }).collect_view()}
                    </tbody>
                </table>
                <p class="legend">{move || i18n.t("shortcut-typing")}</p>
                <button node_ref=close_ref on:click=move |_| keys_open.set(false)>{move || i18n.t("shortcut-close")}</button>
            </div>
        </Show>
    }
}
