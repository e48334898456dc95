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

/// The language to start in, among those whose words are there: where a language's catalogue
/// is data (the hosted site) and did not arrive, English.
pub fn starting_lang() -> Lang {
    let lang = initial_lang();
    if crate::i18n::loaded(lang) {
        lang
    } else {
        Lang::En
    }
}

/// Installs `lang`'s catalogue if index.html's request for it has already arrived
/// (`window.__ksWords[tag]`), so that the page mounts without waiting a turn; whether `lang`'s
/// words are here now. A text that does not install is left to `load_catalogue`.
pub fn take_early_catalogue(lang: Lang) -> bool {
    if crate::i18n::loaded(lang) {
        return true;
    }
    let Some(window) = web_sys::window() else { return false };
    let words = js_sys::Reflect::get(&window, &"__ksWords".into()).ok().filter(|v| v.is_object());
    let Some(text) = words.as_ref().and_then(|w| js_sys::Reflect::get(w, &lang.tag().into()).ok()).and_then(|v| v.as_string()) else {
        return false;
    };
    let installed = crate::i18n::install(lang, &text).is_ok();
    // The text is now the catalogue's: the page need not keep a second copy.
    if let Some(w) = words {
        let _ = js_sys::Reflect::delete_property(&w.into(), &lang.tag().into());
    }
    installed
}

/// Fetches `lang`'s catalogue if it is data not yet here (the hosted site: every language):
/// the text index.html's request already brought (`take_early_catalogue`), else that request
/// for a page that opens in that language (`window.__ksCatalogue[tag]`), else a new one for
/// the file index.html names (`<meta name="ks-catalogue" data-lang=… content=…>`, written by
/// scripts/catalogues.mjs).
pub async fn load_catalogue(lang: Lang) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    if take_early_catalogue(lang) {
        return Ok(());
    }
    let window = web_sys::window().ok_or("no window")?;
    let early = js_sys::Reflect::get(&window, &"__ksCatalogue".into())
        .ok()
        .filter(|v| v.is_object())
        .and_then(|o| js_sys::Reflect::get(&o, &lang.tag().into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok());
    let mut text = None;
    if let Some(p) = early {
        text = wasm_bindgen_futures::JsFuture::from(p).await.ok().and_then(|v| v.as_string());
    }
    let text = match text {
        Some(t) => t,
        None => {
            let selector = format!("meta[name='ks-catalogue'][data-lang='{}']", lang.tag());
            let meta = window.document().and_then(|d| d.query_selector(&selector).ok().flatten());
            let path = meta.and_then(|m| m.get_attribute("content")).ok_or("this build names no file for the language")?;
            crate::ui::files::fetch_text(&path).await?
        }
    };
    crate::i18n::install(lang, &text).map_err(|e| e.to_string())
}

/// Switches the page to `lang` once its words are there (at once if they are); `failed` gets
/// the reason when they cannot be fetched, and the page keeps its language.
pub(crate) fn switch_to(i18n: I18n, lang: Lang, failed: impl FnOnce(String) + 'static) {
    let set = move || {
        i18n.0.set(lang);
        apply_document_lang(lang);
    };
    if crate::i18n::loaded(lang) {
        set();
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match load_catalogue(lang).await {
            Ok(()) => set(),
            Err(e) => failed(e),
        }
    });
}

/// `<html lang>` follows the page's language (screen readers pick their voice by it).
pub fn apply_document_lang(lang: Lang) {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.tag());
    }
}

/// How long the switch says why a language's words did not come.
const FAILURE_SHOWN_S: u64 = 12;

#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    // Whoever sets the language (this switch, a share link), `<html lang>` follows.
    Effect::new(move |_| apply_document_lang(i18n.0.get()));
    // While a language's words are on their way (the hosted site fetches Korean when it is
    // first chosen), and why they did not come.
    let loading = RwSignal::new(false);
    let failure = RwSignal::new(None::<(Lang, String)>);
    let change = move |ev: leptos::ev::Event| {
        // An unknown value cannot come from the options; if it did, English.
        let lang = Lang::parse(&event_target_value(&ev)).unwrap_or_default();
        failure.set(None);
        loading.set(!crate::i18n::loaded(lang));
        crate::ui::url::set_param("lang", Some(lang.tag()));
        switch_to(i18n, lang, move |e| {
            loading.set(false);
            failure.set(Some((lang, e.clone())));
            // It covers a corner of the page: gone after a while (unless a newer one replaced it).
            set_timeout(
                move || {
                    if failure.try_get_untracked().flatten().is_some_and(|(l, m)| l == lang && m == e) {
                        failure.set(None);
                    }
                },
                std::time::Duration::from_secs(FAILURE_SHOWN_S),
            );
            // The select shows the language the page is in again.
            i18n.0.notify();
            crate::ui::url::set_param("lang", Some(i18n.0.get_untracked().tag()));
        });
    };
    Effect::new(move |_| {
        i18n.0.track();
        loading.set(false);
    });
    view! {
        <span class="language-switch">
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
        // Beside the label, not in it: the select's accessible name stays "Language".
        <span class="language-status" role="status" data-testid="language-status">
                {move || {
                    if loading.get() {
                        return i18n.t("language-loading");
                    }
                    failure
                        .get()
                        .map(|(lang, error)| i18n.f("language-load-failed", &[("lang", lang.native_name().into()), ("error", error.into())]))
                        .unwrap_or_default()
                }}
        </span>
        </span>
    }
}
