//! The terminal (issue 25): Kafka's shell tools typed as on a real machine. Each line goes
//! through the session's command log (`Session::terminal_line`), so it replays, rewinds and
//! shares; the transcript is the session's. Keys: Enter runs, ↑/↓ walk the history, Tab
//! completes (`terminal_vm`), Ctrl-D ends a console producer's input, Ctrl-C stops the running
//! tool, Ctrl-L clears.

use crate::chunks::load_terminal;
use crate::ctx::{Commands, I18n, Views};
use crate::i18n::{key, Tr};
use crate::terminal_vm::{complete, InputHistory, Names};
use engine::tools::sandbox::SandboxVerb;
use engine::tools::transcript::{Piece, PROMPT};
use engine::tools::{ToolSignal, ToolStream, TOOL_NAMES};
use leptos::prelude::*;

/// Pieces drawn (the newest); the transcript itself keeps up to 256 KB.
const PIECES_SHOWN_MAX: usize = 400;

/// A sandbox verb's note in the learner's language.
pub(crate) fn note_text(verb: &SandboxVerb, tr: Tr) -> String {
    let b = |broker: &engine::BrokerId| crate::i18n::Arg::Num(i64::from(broker.0));
    match verb {
        SandboxVerb::KillBroker { broker } => tr.f("terminal-note-kill-broker", &[("broker", b(broker))]),
        SandboxVerb::StopBroker { broker } => tr.f("terminal-note-stop-broker", &[("broker", b(broker))]),
        SandboxVerb::StartBroker { broker } => tr.f("terminal-note-start-broker", &[("broker", b(broker))]),
        SandboxVerb::IsolateBroker { broker } => tr.f("terminal-note-isolate-broker", &[("broker", b(broker))]),
        SandboxVerb::HealBroker { broker } => tr.f("terminal-note-heal-broker", &[("broker", b(broker))]),
        SandboxVerb::SlowBroker { broker, delay_ms: 0 } => tr.f("terminal-note-fast-broker", &[("broker", b(broker))]),
        SandboxVerb::SlowBroker { broker, delay_ms } => tr.f(
            key("terminal-note-slow-broker"),
            &[("broker", b(broker)), ("ms", crate::i18n::Arg::Num(i64::try_from(*delay_ms).unwrap_or(i64::MAX)))],
        ),
        SandboxVerb::Sleep { seconds } => {
            tr.f("terminal-note-sleep", &[("seconds", crate::i18n::Arg::Num(i64::try_from(*seconds).unwrap_or(i64::MAX)))])
        }
    }
}

/// `help`: the tools and what each is for.
fn help_text(tr: Tr) -> String {
    let mut s = tr.t("terminal-help-intro");
    s.push('\n');
    for &name in TOOL_NAMES {
        let what = match name {
            "kafka-topics.sh" => tr.t(key("terminal-help-kafka-topics")),
            "kafka-console-producer.sh" => tr.t(key("terminal-help-kafka-console-producer")),
            "kafka-console-consumer.sh" => tr.t(key("terminal-help-kafka-console-consumer")),
            "kafka-consumer-groups.sh" => tr.t(key("terminal-help-kafka-consumer-groups")),
            "kafka-leader-election.sh" => tr.t(key("terminal-help-kafka-leader-election")),
            "kafka-configs.sh" => tr.t(key("terminal-help-kafka-configs")),
            "kafka-get-offsets.sh" => tr.t(key("terminal-help-kafka-get-offsets")),
            "kafka-metadata-quorum.sh" => tr.t(key("terminal-help-kafka-metadata-quorum")),
            "sleep" => tr.t(key("terminal-help-sleep")),
            _ => tr.t(key("terminal-help-sandbox")),
        };
        s.push_str(&format!("  {name:<28} {what}\n"));
    }
    s.push_str(&tr.t("terminal-help-keys"));
    s.push('\n');
    s
}

/// One piece as drawn: its class and text.
fn piece_view(p: &Piece, tr: Tr) -> (&'static str, String) {
    match p {
        Piece::Command(line) => ("cmd", format!("{PROMPT}{line}\n")),
        Piece::Input(line) => ("input", format!("{line}\n")),
        Piece::Interrupt => ("input", "^C\n".into()),
        Piece::Output(ToolStream::Stdout, text) => ("out", text.clone()),
        Piece::Output(ToolStream::Stderr, text) => ("err", text.clone()),
        Piece::Note(verb) => ("note", format!("# {}\n", note_text(verb, tr))),
        Piece::Refused(message) => ("err", format!("{message}\n")),
        Piece::Help => ("note", help_text(tr)),
    }
}

#[component]
pub(crate) fn TerminalPanel() -> impl IntoView {
    let views = expect_context::<Views>();
    let commands = expect_context::<Commands>();
    let i18n = expect_context::<I18n>();
    let line = RwSignal::new(String::new());
    let hint = RwSignal::new(String::new());
    let history = StoredValue::new(InputHistory::default());
    let out_ref = NodeRef::<leptos::html::Pre>::new();
    let input_ref = NodeRef::<leptos::html::Input>::new();

    // Changes only when the transcript does (its length, what was dropped, the last piece's size).
    let stamp = Memo::new(move |_| {
        views.with_session(|s| {
            let t = &s.terminal;
            let last = t.pieces.back().map_or(0, |p| match p {
                Piece::Output(_, text) => text.len(),
                _ => 1,
            });
            (t.pieces.len(), t.dropped, last)
        })
    });
    // Which tool holds the terminal, if any (its name, and whether it reads lines).
    let foreground = Memo::new(move |_| views.with_session(|s| s.cluster.foreground().map(|f| (f.tool(), f.reads_input()))));

    // Keeps the newest line in sight. Reading `scroll_height` forces a layout of the whole page,
    // so an empty transcript (the page's start, in the middle of mounting) is left alone: there
    // is nothing to scroll to. (Measured at 4x CPU: the page's first layout, ~250 ms, then
    // happens once in the first frame instead of here; the start is no faster by it.)
    Effect::new(move |_| {
        let (pieces, _, _) = stamp.get();
        if pieces == 0 {
            return;
        }
        if let Some(pre) = out_ref.get() {
            pre.set_scroll_top(pre.scroll_height());
        }
    });

    let names = move || {
        views.with_session_untracked(|s| Names {
            topics: s.cluster.topics().map(|t| t.name.clone()).collect(),
            groups: s.cluster.groups().map(|g| g.group_id.clone()).collect(),
            brokers: s.cluster.brokers().map(|b| b.id.0).collect(),
        })
    };

    // The hosted page loads the tools' code when the terminal is first used (`chunks`): focusing
    // the line starts it, and a line typed before it has arrived runs when it has.
    // (Calls while a load is under way wait for that one: `wasm_split_helpers` makes one attempt.)
    let load = move || {
        if crate::chunks::terminal_loaded() {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = load_terminal().await {
                hint.set(i18n.f(key("terminal-load-failed"), &[("error", e.0.into())]));
            }
        });
    };
    let apply = move |text: String| {
        let r = commands.update(|s| s.terminal_line(&text));
        if let Err(e) = r {
            hint.set(if e == "busy" { i18n.t("terminal-busy") } else { e });
        }
    };
    let run = move || {
        let text = line.get_untracked();
        history.update_value(|h| h.push(&text));
        line.set(String::new());
        hint.set(String::new());
        if crate::chunks::terminal_loaded() {
            return apply(text);
        }
        hint.set(i18n.t("terminal-loading"));
        wasm_bindgen_futures::spawn_local(async move {
            match load_terminal().await {
                Ok(()) => {
                    hint.set(String::new());
                    apply(text);
                }
                Err(e) => hint.set(i18n.f(key("terminal-load-failed"), &[("error", e.0.into())])),
            }
        });
    };
    let signal = move |sig: ToolSignal| {
        let _ = commands.update(|s| s.terminal_signal(sig));
        if let Some(input) = input_ref.get_untracked() {
            let _ = input.focus();
        }
    };

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let k = ev.key();
        let ctrl = ev.ctrl_key() && !ev.alt_key() && !ev.meta_key();
        match (k.as_str(), ctrl) {
            ("ArrowUp", false) => {
                ev.prevent_default();
                if let Some(l) = history.try_update_value(|h| h.up(&line.get_untracked())).flatten() {
                    line.set(l);
                }
            }
            ("ArrowDown", false) => {
                ev.prevent_default();
                if let Some(l) = history.try_update_value(|h| h.down()).flatten() {
                    line.set(l);
                }
            }
            ("Tab", false) if !ev.shift_key() && !line.get_untracked().trim().is_empty() => {
                ev.prevent_default();
                let c = complete(&line.get_untracked(), &names());
                line.set(c.line);
                hint.set(c.choices.join("  "));
            }
            ("d", true) | ("D", true) => {
                ev.prevent_default();
                if foreground.get_untracked().is_some_and(|(_, reads)| reads) && line.get_untracked().is_empty() {
                    signal(ToolSignal::Eof);
                }
            }
            ("c", true) | ("C", true) => {
                // With text selected, Ctrl-C copies it as usual.
                let selected =
                    input_ref.get_untracked().and_then(|i| Some(i.selection_start().ok()?? != i.selection_end().ok()??)).unwrap_or(false);
                if selected {
                    return;
                }
                ev.prevent_default();
                if foreground.get_untracked().is_some() {
                    signal(ToolSignal::Interrupt);
                } else {
                    // bash: ^C abandons the line.
                    line.set(String::new());
                }
            }
            ("l", true) | ("L", true) => {
                ev.prevent_default();
                let _ = commands.update(|s| s.terminal_line("clear"));
            }
            _ => {}
        }
    };

    view! {
        <section class="panel terminal" aria-labelledby="terminal-title" data-testid="terminal">
            <h2 id="terminal-title">{move || i18n.t("terminal-title")}</h2>
            <p class="hint">{move || i18n.t("terminal-intro")}</p>
            <pre class="terminal-out" node_ref=out_ref role="log" tabindex="0" aria-label=move || i18n.t("terminal-output-label")>
                {move || {
                    let _ = stamp.get();
                    let tr = i18n.tr();
                    views.with_session_untracked(|s| {
                        let t = &s.terminal;
                        let skip = t.pieces.len().saturating_sub(PIECES_SHOWN_MAX);
                        let earlier = (skip > 0 || t.dropped > 0).then(|| view! { <span class="note">{tr.t("terminal-earlier-hidden")}"\n"</span> });
                        let pieces = t
                            .pieces
                            .iter()
                            .skip(skip)
                            .map(|p| {
                                let (class, text) = piece_view(p, tr);
                                view! { <span class=class>{text}</span> }
                            })
                            .collect::<Vec<_>>();
                        (earlier, pieces)
                    })
                }}
            </pre>
            <form class="terminal-line" on:submit=move |ev| {
                ev.prevent_default();
                run();
            }>
                <span class="prompt" aria-hidden="true">
                    {move || if foreground.get().is_some_and(|(_, reads)| reads) { ">" } else { "$" }}
                </span>
                <input
                    id="terminal-input"
                    node_ref=input_ref
                    type="text"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    aria-label=move || i18n.t("terminal-input-label")
                    aria-describedby="terminal-status"
                    prop:value=move || line.get()
                    on:input=move |ev| line.set(event_target_value(&ev))
                    on:focus=move |_| load()
                    on:keydown=on_key
                />
                <button type="submit">{move || i18n.t("terminal-run")}</button>
            </form>
            <div class="terminal-keys">
                {move || {
                    foreground.get().map(|(tool, reads)| {
                        let eof = reads.then(|| view! {
                            <button type="button" on:click=move |_| signal(ToolSignal::Eof)
                                aria-label=move || i18n.f(key("terminal-eof-label"), &[("tool", tool.into())])>
                                "Ctrl-D"
                            </button>
                        });
                        view! {
                            {eof}
                            <button type="button" on:click=move |_| signal(ToolSignal::Interrupt)
                                aria-label=move || i18n.f(key("terminal-interrupt-label"), &[("tool", tool.into())])>
                                "Ctrl-C"
                            </button>
                        }
                    })
                }}
            </div>
            <p class="hint" id="terminal-status" aria-live="polite">
                {move || {
                    let h = hint.get();
                    if !h.is_empty() {
                        return h;
                    }
                    match foreground.get() {
                        Some((tool, true)) => i18n.f(key("terminal-reading"), &[("tool", tool.into())]),
                        Some((tool, false)) => i18n.f(key("terminal-running"), &[("tool", tool.into())]),
                        None => i18n.t("terminal-keys-hint"),
                    }
                }}
            </p>
        </section>
    }
}
