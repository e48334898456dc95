//! The timeline: what happened, newest first, in words.

use crate::ctx::Views;
use crate::i18n::key;
use crate::narration::Told;
use crate::view_model::format_time_in;

use leptos::prelude::*;

#[component]
pub(crate) fn Timeline() -> impl IntoView {
    let views = expect_context::<Views>();
    // The id of the newest entry changes only when something is narrated, so the list is
    // copied and diffed only then, not on every tick.
    let head = Memo::new(move |_| views.with_session(|s| s.timeline_head()));
    let entries = Memo::new(move |_| {
        let _newest = head.get();
        views.with_session_untracked(|s| s.timeline.iter().cloned().collect::<Vec<_>>())
    });
    let i18n = expect_context::<crate::ctx::I18n>();
    view! {
        <section class="panel" aria-label=move || i18n.t("timeline-region")>
            <h2>{move || i18n.t("timeline-title")}</h2>
            <ol class="timeline" id="timeline" data-testid="timeline" tabindex="0" aria-label=move || i18n.t("timeline-label")>
                // Rows by position, not a keyed `<For>`: under load every tick replaces most of
                // the 200 entries, and each row `<For>` creates gets an owner whose handle stays
                // in the list's owner until the list itself goes (reactive_graph 0.2
                // `Owner::new` pushes it onto the parent's `children`): measured, the page's
                // memory grew ~5 MiB a minute in scenario R. Rebuilt by position, the `<li>`s
                // are reused and only their text and class change.
                {move || {
                    let tr = i18n.tr();
                    entries
                        .get()
                        .into_iter()
                        .map(|e| match &e.kind {
                            // A learner's action as its real command, to read and to copy.
                            Told::Command { line } => {
                                let copy = line.clone();
                                let label = tr.f(key("timeline-copy-command"), &[("command", line.as_str().into())]);
                                view! {
                                    <li class="command">
                                        <span class="t">{format_time_in(e.time_ms, tr)}</span>" "
                                        <code>{format!("$ {line}")}</code>" "
                                        <button type="button" class="copy" aria-label=label title=tr.t("timeline-copy")
                                            on:click=move |_| { crate::ui::share::copy_to_clipboard(&copy); }>
                                            {tr.t("timeline-copy")}
                                        </button>
                                    </li>
                                }
                                .into_any()
                            }
                            _ => view! { <li class=e.category><span class="t">{format_time_in(e.time_ms, tr)}</span>" "{e.text(tr)}</li> }.into_any(),
                        })
                        .collect::<Vec<_>>()
                }}
            </ol>
        </section>
    }
}
