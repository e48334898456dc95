//! Presenter mode's keys (issue 22): what a key press does, decided from the key and from
//! where the focus is, so that nothing fires while someone types in a field or presses a
//! focused button. Pure, with native tests; `ui/presenter.rs` listens and acts.

use crate::i18n::key;

/// What the page does for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shortcut {
    /// Space: Play or Pause.
    PlayPause,
    /// →: one engine step.
    Step,
    /// N: the lesson's next step.
    NextLessonStep,
    /// ?: the list of keys (Escape closes it).
    ShowKeys,
    CloseKeys,
}

/// Where the key was pressed: the focused element's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The page, or an element that takes no keys of its own.
    Page,
    /// A text field, select or editable text: every key is typing.
    Field,
    /// A button, link or other control that Space or Enter activates.
    Control,
}

impl Focus {
    /// From the focused element's tag name (any case), its `type` (for inputs) and whether it
    /// is editable text.
    pub fn of(tag: &str, input_type: &str, editable: bool) -> Focus {
        match tag.to_ascii_lowercase().as_str() {
            _ if editable => Focus::Field,
            "textarea" | "select" => Focus::Field,
            // Checkboxes, radios and buttons take Space; every other input takes text.
            "input" => match input_type.to_ascii_lowercase().as_str() {
                "checkbox" | "radio" | "button" | "submit" | "reset" | "range" => Focus::Control,
                _ => Focus::Field,
            },
            "button" | "a" | "summary" => Focus::Control,
            _ => Focus::Page,
        }
    }
}

/// The keys, in the order the key list shows them: the key as printed, and its catalogue key.
pub const KEYS: [(&str, &str); 4] =
    [("Space", key("shortcut-play")), ("→", key("shortcut-step")), ("N", key("shortcut-next-step")), ("?", key("shortcut-keys"))];

/// The shortcut for `key` (`KeyboardEvent.key`), if any. `modified`: Ctrl, Alt or Meta held
/// (those belong to the browser and the screen reader).
pub fn shortcut(key: &str, focus: Focus, modified: bool) -> Option<Shortcut> {
    if modified || focus == Focus::Field {
        return None;
    }
    match key {
        // A focused control's own Space (pressing it) wins.
        " " | "Spacebar" if focus == Focus::Page => Some(Shortcut::PlayPause),
        "ArrowRight" if focus == Focus::Page || focus == Focus::Control => Some(Shortcut::Step),
        "n" | "N" => Some(Shortcut::NextLessonStep),
        "?" => Some(Shortcut::ShowKeys),
        "Escape" => Some(Shortcut::CloseKeys),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_on_the_page_act() {
        assert_eq!(shortcut(" ", Focus::Page, false), Some(Shortcut::PlayPause));
        assert_eq!(shortcut("ArrowRight", Focus::Page, false), Some(Shortcut::Step));
        assert_eq!(shortcut("n", Focus::Page, false), Some(Shortcut::NextLessonStep));
        assert_eq!(shortcut("N", Focus::Page, false), Some(Shortcut::NextLessonStep));
        assert_eq!(shortcut("?", Focus::Page, false), Some(Shortcut::ShowKeys));
        assert_eq!(shortcut("Escape", Focus::Page, false), Some(Shortcut::CloseKeys));
        assert_eq!(shortcut("x", Focus::Page, false), None);
    }

    #[test]
    fn nothing_fires_while_typing() {
        for tag in [("input", "text"), ("input", ""), ("input", "number"), ("textarea", ""), ("select", ""), ("INPUT", "TEXT")] {
            let focus = Focus::of(tag.0, tag.1, false);
            assert_eq!(focus, Focus::Field, "{tag:?}");
            for key in [" ", "ArrowRight", "n", "N", "?", "Escape"] {
                assert_eq!(shortcut(key, focus, false), None, "{key} in {tag:?}");
            }
        }
        assert_eq!(shortcut("n", Focus::of("div", "", true), false), None, "contenteditable");
    }

    #[test]
    fn a_focused_control_keeps_its_own_space() {
        for tag in [("button", ""), ("a", ""), ("input", "checkbox"), ("summary", "")] {
            let focus = Focus::of(tag.0, tag.1, false);
            assert_eq!(focus, Focus::Control, "{tag:?}");
            assert_eq!(shortcut(" ", focus, false), None, "Space presses the {tag:?}");
            assert_eq!(shortcut("n", focus, false), Some(Shortcut::NextLessonStep));
        }
    }

    #[test]
    fn modifiers_belong_to_the_browser() {
        assert_eq!(shortcut("n", Focus::Page, true), None);
        assert_eq!(shortcut("ArrowRight", Focus::Page, true), None);
    }
}
