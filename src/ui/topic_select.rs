//! A topic chosen in a form's select. What the select shows is what the form acts on: when the
//! chosen topic disappears (a Reset), the choice falls back to a topic that exists, and both the
//! select and the form's action follow it. (Before, the select showed `orders` after a Reset
//! while Produce still sent to the vanished `payments`.)

use crate::session::DEFAULT_TOPIC;
use crate::view_model::{is_internal, TopicVm};
use leptos::prelude::*;

/// The topic a form acts on: `chosen` if it still exists, else the default topic, else the
/// first topic, else none. `topics` are the topics the select lists.
pub fn effective_topic<'a>(chosen: &str, topics: impl Iterator<Item = &'a str> + Clone) -> Option<String> {
    let mut all = topics.clone();
    if all.any(|t| t == chosen) {
        return Some(chosen.to_string());
    }
    let mut again = topics.clone();
    if again.any(|t| t == DEFAULT_TOPIC) {
        return Some(DEFAULT_TOPIC.to_string());
    }
    topics.into_iter().next().map(str::to_string)
}

/// A form's topic: the learner's choice and the topic actually in effect.
#[derive(Clone, Copy)]
pub(crate) struct TopicChoice {
    chosen: RwSignal<String>,
    /// The topics there are (the select lists those clients may use).
    topics: Memo<Vec<TopicVm>>,
    /// The topic the select shows and the form uses ("" when there is none).
    pub(crate) current: Memo<String>,
}

impl TopicChoice {
    /// A choice among the topics clients may use (internal ones are not offered).
    /// `topics` is the view models' topic list (`ctx::Views::topics`).
    pub(crate) fn new(topics: Memo<Vec<TopicVm>>) -> Self {
        let chosen = RwSignal::new(DEFAULT_TOPIC.to_string());
        let current = Memo::new(move |_| {
            let c = chosen.get();
            topics.with(|ts| {
                let names = ts.iter().map(|t| t.name.as_str()).filter(|n| !is_internal(n));
                effective_topic(&c, names).unwrap_or_default()
            })
        });
        // Forget a vanished choice, so that a topic created later with the same name does not
        // silently become the form's topic again.
        Effect::new(move |_| {
            let now = current.get();
            if !now.is_empty() && chosen.get_untracked() != now {
                chosen.set(now);
            }
        });
        TopicChoice { chosen, topics, current }
    }

    pub(crate) fn get_untracked(&self) -> String {
        self.current.get_untracked()
    }

    /// The `<select>`: each option's `selected` property follows `current`, so the select shows
    /// the form's topic whatever order the option list and the choice update in.
    pub(crate) fn select(self, testid: &'static str) -> impl IntoView {
        let TopicChoice { chosen, topics, current } = self;
        view! {
            <select data-testid=testid on:change=move |ev| chosen.set(event_target_value(&ev))>
                {move || {
                    topics
                        .get()
                        .into_iter()
                        .filter(|t| !is_internal(&t.name))
                        .map(|t| {
                            let name = t.name.clone();
                            let is_current = move || current.get() == name;
                            view! { <option value=t.name.clone() title=t.name.clone() prop:selected=is_current>{t.name.clone()}</option> }
                        })
                        .collect_view()
                }}
            </select>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_vanished_choice_falls_back_to_the_default_then_the_first_topic() {
        let ts = ["orders", "payments"];
        assert_eq!(effective_topic("payments", ts.iter().copied()).as_deref(), Some("payments"));
        assert_eq!(effective_topic("payments", ["orders"].iter().copied()).as_deref(), Some("orders"));
        assert_eq!(effective_topic("x", ["a", "b"].iter().copied()).as_deref(), Some("a"), "no default topic: the first");
        assert_eq!(effective_topic("x", [].iter().copied()), None);
    }
}
