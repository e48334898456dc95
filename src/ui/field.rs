//! A labelled text field bound to a signal: the form plumbing every form repeated. And a form's
//! message line, written in the learner's language when it is shown.

use crate::i18n::Tr;
use leptos::prelude::*;
use std::sync::Arc;

/// `<label>{label} <input></label>`: the input shows `value` and writes every edit back to it.
/// `label` is a literal (a config name, the same in every language) or a signal of the
/// catalogue's word (`Signal::derive(move || i18n.t(KEY))`); a space follows it.
/// `numeric` brings up a number keyboard on phones (the value stays text: forms parse it and
/// say what is wrong).
#[component]
pub fn Field(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    #[prop(optional)] numeric: bool,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <label>{move || label.with(|l| format!("{} ", l.trim_end()))}
            <input data-testid=testid class=class inputmode=numeric.then_some("numeric")
                disabled=move || disabled.is_some_and(|d| d.get())
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}

/// A form's message (a result, or what is wrong with the input), kept as a way to write it
/// rather than as text: the line is written in the language shown, and a language switch
/// rewrites it. Kafka's own messages (an engine error) are kept as they are: `Say::kafka`.
#[derive(Clone)]
pub struct Say(Arc<dyn Fn(Tr) -> String + Send + Sync>);

impl Say {
    pub fn new(f: impl Fn(Tr) -> String + Send + Sync + 'static) -> Say {
        Say(Arc::new(f))
    }

    /// Text shown as it is in every language (Kafka's messages, which the engine returns).
    pub fn kafka(text: String) -> Say {
        Say::new(move |_| text.clone())
    }

    pub fn text(&self, tr: Tr) -> String {
        (self.0)(tr)
    }
}

/// The text of a form's message signal, in the current language ("" when there is none).
pub fn said(message: RwSignal<Option<Say>>) -> impl Fn() -> String + Copy {
    let i18n = expect_context::<crate::ctx::I18n>();
    move || {
        let tr = i18n.tr();
        message.with(|m| m.as_ref().map(|m| m.text(tr)).unwrap_or_default())
    }
}
