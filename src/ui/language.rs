//! The language switch in the header, and the browser's side of the language: where the page
//! starts (`?lang=`, then the browser's languages, then English: `Lang::choose`), and what a
//! switch changes besides the words (`<html lang>`, and `?lang=` in the address, so that an
//! instructor can hand out a Korean link). Switching re-renders text only: the simulation
//! keeps running.

use crate::ctx::I18n;
use crate::i18n::Lang;
use leptos::prelude::*;

/// The language the page starts in.
pub fn initial_lang() -> Lang {
    let Some(window) = web_sys::window() else { return Lang::default() };
    let query = crate::ui::url::param("lang");
    let browser: Vec<String> = window.navigator().languages().iter().filter_map(|v| v.as_string()).collect();
    Lang::choose(query.as_deref(), browser.iter().map(String::as_str))
}

/// `<html lang>` follows the page's language (screen readers pick their voice by it).
pub fn apply_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // Whoever sets the language (this switch, a share link), `<html lang>` follows.
    Effect::new(move |_| apply_document_lang(i18n.0.get()));
    let change = move |ev: leptos::ev::Event| {
        // An unknown value cannot come from the options; if it did, English.
        let lang = Lang::parse(&event_target_value(&ev)).unwrap_or_default();
        i18n.0.set(lang);
        apply_document_lang(lang);
        crate::ui::url::set_param("lang", Some(lang.tag()));
    };
    view! {
        <label class="language" title=move || i18n.t("language-switch-title")>
            // The word is for screen readers; the eye sees a globe and the language's own name
            // (the header then fits one line at 1280 px in either language).
            <svg class="icon globe" viewBox="0 0 10 10" aria-hidden="true">
                <circle cx="5" cy="5" r="4.2" fill="none" stroke="currentColor" stroke-width=".8" />
                <ellipse cx="5" cy="5" rx="1.8" ry="4.2" fill="none" stroke="currentColor" stroke-width=".7" />
                <path d="M.8 5h8.4M1.6 2.8h6.8M1.6 7.2h6.8" stroke="currentColor" stroke-width=".6" />
            </svg>
            <span class="sr-only">{move || i18n.t("language-label")}</span>
            " "
            <select data-testid="language" prop:value=move || i18n.lang().tag() on:change=change>
                {Lang::ALL.iter().map(|l| view! { <option value=l.tag() lang=l.tag()>{l.native_name()}</option> }).collect_view()}
            </select>
        </label>
    }
}
