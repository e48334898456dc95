//! Under a form: the command that does the same on a real cluster, as the form stands (issue
//! 25), to read and to copy. Nothing shows while the form's fields do not make a command.

use crate::ctx::I18n;
use crate::i18n::key;
use leptos::prelude::*;

#[component]
pub(crate) fn RealCommand(#[prop(into)] line: Signal<Option<String>>, testid: &'static str) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    move || {
        line.get().map(|l| {
            let copy = l.clone();
            let label = i18n.f(key("timeline-copy-command"), &[("command", l.as_str().into())]);
            view! {
                <p class="real-command" data-testid=testid>
                    <span class="hint">{i18n.t("real-command-label")}</span>" "
                    <code>{format!("$ {l}")}</code>" "
                    <button type="button" class="copy" aria-label=label on:click=move |_| { crate::ui::share::copy_to_clipboard(&copy); }>
                        {i18n.t("timeline-copy")}
                    </button>
                </p>
            }
        })
    }
}

/// A lesson step's commands: the label once, then each line with its Copy button.
#[component]
pub(crate) fn RealCommands(lines: Vec<String>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    (!lines.is_empty()).then(|| {
        view! {
            <div class="real-command step-commands">
                <span class="hint">{move || i18n.t("real-command-label")}</span>
                <ul>
                    {lines.into_iter().map(|l| {
                        let copy = l.clone();
                        let label = i18n.f(key("timeline-copy-command"), &[("command", l.as_str().into())]);
                        view! {
                            <li data-testid="step-command">
                                <code>{format!("$ {l}")}</code>" "
                                <button type="button" class="copy" aria-label=label on:click=move |_| { crate::ui::share::copy_to_clipboard(&copy); }>
                                    {i18n.t("timeline-copy")}
                                </button>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        }
    })
}
