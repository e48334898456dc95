//! A labelled text field bound to a signal: the form plumbing every form repeated.

use leptos::prelude::*;

/// `<label>{label}<input></label>`: the input shows `value` and writes every edit back to it.
/// `numeric` brings up a number keyboard on phones (the value stays text: forms parse it and
/// say what is wrong).
#[component]
pub fn Field(
    label: &'static str,
    #[prop(into)] testid: String,
    value: RwSignal<String>,
    #[prop(optional)] numeric: bool,
    #[prop(optional, into)] disabled: Option<Signal<bool>>,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    view! {
        <label>{label}
            <input data-testid=testid class=class inputmode=numeric.then_some("numeric")
                disabled=move || disabled.is_some_and(|d| d.get())
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
        </label>
    }
}
