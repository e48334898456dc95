//! Share and save (issue 23): "Share" puts a link holding the whole session (and the language,
//! and the lesson if one is open) in a read-only field and on the clipboard; "Save session
//! file" and "Open session file" write and read the documented session format. A link opened
//! (`#s=...`) is replayed at start. Whatever comes from outside is checked before it replaces
//! anything (`share.rs`): a bad link or file is a message, and the session stays.

use crate::chunks::{decode_file, decode_fragment, decode_lesson, encode_fragment, file_text, replayed};
use crate::ctx::{Commands, I18n, LessonOpened, Playing, Views};
use crate::i18n::{key, Lang};
use crate::session::Session;
use crate::share::{Shared, SESSION_JSON_BYTES_MAX, SHARED_VERSION};
use crate::ui::field::{said, Say};
use crate::ui::files::{download, fetch_text, read_chosen_file};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The address without its fragment.
fn page_address() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(href.split('#').next().unwrap_or_default().to_string())
}

/// Puts `text` on the clipboard where the browser allows it (a secure page, a user's click);
/// the link stays in its field either way.
pub(crate) fn copy_to_clipboard(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let clipboard = js_sys::Reflect::get(&window.navigator(), &"clipboard".into()).ok().filter(|c| !c.is_undefined());
    let Some(clipboard) = clipboard else { return false };
    let write = js_sys::Reflect::get(&clipboard, &"writeText".into()).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    write.is_some_and(|f| f.call1(&clipboard, &text.into()).is_ok())
}

/// Replays what a link or a file holds, fetching its lesson first if it names one.
async fn rebuild(shared: Shared) -> Result<Session, String> {
    let lesson = match &shared.lesson {
        Some(id) => Some((id.clone(), decode_lesson(&fetch_text(&format!("lessons/{id}.json")).await?).await?)),
        None => None,
    };
    replayed(&shared.session, lesson.as_ref().map(|(id, l)| (id.as_str(), l.clone()))).await
}

/// How long a Share or Save click waits for its answer before saying it is being prepared.
const PREPARING_SHOWN_MS: u64 = 150;

#[component]
pub fn SharePanel() -> impl IntoView {
    let (views, commands, i18n) = (expect_context::<Views>(), expect_context::<Commands>(), expect_context::<I18n>());
    let Playing(playing) = expect_context::<Playing>();
    let LessonOpened(opened) = expect_context::<LessonOpened>();
    let link = RwSignal::new(String::new());
    let message = RwSignal::<Option<Say>>::new(None);

    // Replaces the session with one from outside (already checked and replayed).
    let install = move |s: Session, lang: Option<String>| {
        commands.replace(s, Playing(playing), LessonOpened(opened));
        if let Some(l) = lang.as_deref().and_then(Lang::parse) {
            // Its words may have to be fetched first; if they cannot be, the page keeps its
            // language (the session is opened either way).
            crate::ui::language::switch_to(i18n, l, |_| ());
        }
    };
    // `what`: the file's name, or None for a link.
    let open = move |shared: Result<Shared, String>, what: Option<String>| {
        wasm_bindgen_futures::spawn_local(async move {
            let lang = shared.as_ref().ok().and_then(|s| s.lang.clone());
            let at = shared.as_ref().map(|s| s.session.end_ms).unwrap_or(0);
            match async { rebuild(shared?).await }.await {
                Ok(s) => {
                    // The words of the link's language come first, so the session opens in it
                    // rather than in the page's language for as long as they take to download.
                    // If they cannot come, `install` leaves the page's language as it is.
                    if let Some(l) = lang.as_deref().and_then(Lang::parse) {
                        let _ = crate::ui::language::load_catalogue(l).await;
                    }
                    install(s, lang);
                    message.set(Some(Say::new(move |tr| match &what {
                        None => tr.f("share-opened-link", &[("seconds", (at / 1000).into())]),
                        Some(name) => tr.f("share-opened-file", &[("name", name.as_str().into()), ("seconds", (at / 1000).into())]),
                    })));
                }
                // Our checker's words: what is wrong with the link or file.
                Err(e) => message.set(Some(Say::new(move |tr| match &what {
                    None => tr.f("share-link-failed", &[("error", e.as_str().into())]),
                    Some(name) => tr.f("share-file-failed", &[("name", name.as_str().into()), ("error", e.as_str().into())]),
                }))),
            }
        });
    };
    // A link opened: `#s=...` in the address.
    if let Some(hash) = web_sys::window().and_then(|w| w.location().hash().ok()).filter(|h| h.starts_with("#s=")) {
        wasm_bindgen_futures::spawn_local(async move { open(decode_fragment(&hash[1..]).await.map_err(String::from), None) });
    }

    // A click whose answer has not come within PREPARING_SHOWN_MS (the files' chunk is still
    // downloading: slow 4G) says what it waits for; a quick one never shows it. `asked` counts
    // the clicks, `answered` is the last one answered.
    let (asked, answered) = (StoredValue::new(0u32), StoredValue::new(0u32));
    let begin = move |waiting: &'static str| -> u32 {
        let n = asked.get_value().wrapping_add(1);
        asked.set_value(n);
        set_timeout(
            move || {
                if answered.try_get_value().is_some_and(|a| a != n) && asked.try_get_value() == Some(n) {
                    message.set(Some(Say::new(move |tr| tr.t(waiting))));
                }
            },
            std::time::Duration::from_millis(PREPARING_SHOWN_MS),
        );
        n
    };
    let share = move |_| {
        let n = begin(key("share-preparing"));
        let shared = views.with_session_untracked(|s| Shared {
            v: SHARED_VERSION,
            session: s.cluster.session_file(),
            lang: Some(i18n.lang().tag().to_string()),
            lesson: s.lesson.as_ref().map(|l| l.id.clone()),
        });
        wasm_bindgen_futures::spawn_local(async move {
            let encoded = encode_fragment(&shared).await;
            answered.set_value(n);
            match encoded {
                Ok(fragment) => {
                    let url = format!("{}#{fragment}", page_address().unwrap_or_default());
                    let n = url.len() as u64;
                    let copied = copy_to_clipboard(&url);
                    link.set(url);
                    message.set(Some(Say::new(move |tr| {
                        tr.f(if copied { key("share-copied") } else { key("share-made") }, &[("chars", n.into())])
                    })));
                }
                Err(e) => {
                    link.set(String::new());
                    message.set(Some(Say::new(move |tr| tr.f("share-too-long", &[("error", e.0.as_str().into())]))));
                }
            }
        });
    };
    let save = move |_| {
        let n = begin(key("share-save-preparing"));
        let session = views.with_session_untracked(|s| s.cluster.session_file());
        wasm_bindgen_futures::spawn_local(async move {
            let text = file_text(&session).await.map_err(String::from);
            answered.set_value(n);
            let r = text.and_then(|t| download("kafka-sandbox-session.json", &t).map(|()| t.len() as u64));
            message.set(Some(match r {
                Ok(bytes) => Say::new(move |tr| tr.f("share-saved", &[("bytes", bytes.into())])),
                Err(e) => Say::new(move |tr| tr.f("share-save-failed", &[("error", e.as_str().into())])),
            }));
        });
    };
    let on_file = move |ev: leptos::ev::Event| {
        let Some((name, size, text)) = read_chosen_file(&ev) else { return };
        if size > SESSION_JSON_BYTES_MAX as u64 {
            let e = format!("the file is {size} bytes; at most {SESSION_JSON_BYTES_MAX} are read");
            message
                .set(Some(Say::new(move |tr| tr.f("share-file-failed", &[("name", name.as_str().into()), ("error", e.as_str().into())]))));
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let shared = match text.await {
                Some(t) => decode_file(&t).await.map_err(String::from),
                None => Err("the file could not be read as text".to_string()),
            };
            open(shared, Some(name));
        });
    };
    let t = move |k: &'static str| move || i18n.t(k);
    // Focusing the link selects it whole, ready to copy by hand.
    let select_all = move |ev: leptos::ev::FocusEvent| event_target::<web_sys::HtmlInputElement>(&ev).select();
    view! {
        // The pointer or the focus arriving here fetches the code the buttons need (`prefetch_files`).
        <section class="panel share" aria-label=t(key("share-title"))
            on:pointerenter=move |_| crate::chunks::prefetch_files() on:focusin=move |_| crate::chunks::prefetch_files()>
            <h2>{t(key("share-title"))}</h2>
            <div class="lesson-actions">
                <button data-testid="share" on:click=share>{t(key("share-button"))}</button>
                <button data-testid="save-session" on:click=save>{t(key("share-save"))}</button>
            </div>
            <label class="stack">{t(key("share-link"))}
                <input readonly data-testid="share-link" prop:value=move || link.get()
                    on:focus=select_all />
            </label>
            <label class="stack">{t(key("share-open"))}
                <input type="file" accept=".json,application/json" data-testid="open-session-file" on:change=on_file />
            </label>
            <p class="message" role="alert" data-testid="share-message">{said(message)}</p>
        </section>
    }
}
