//! Lessons of one's own (issue 22), for instructors: "Open lesson file" loads a lesson from
//! disk (bounded, checked whole: a bad file is a message and the session stays), and "Save as
//! lesson" writes the cluster as it is now as a lesson's start, with the texts and the goals
//! the instructor picks from the engine's vocabulary (`lesson_draft.rs` builds and checks it).

use crate::chunks::{decode_lesson, lesson_session, lesson_text};
use crate::ctx::{Commands, I18n, LessonOpened, Playing, Views};
use crate::i18n::key;
use crate::lesson_draft::{goal_kind, GoalDraft, LessonDraft, GOAL_KINDS};
use crate::lesson_file::valid_lesson_id;
use crate::ui::field::{said, Field, Say};
use crate::ui::files::{download, read_chosen_file};
use engine::lesson::LESSON_BYTES_MAX;
use leptos::prelude::*;

/// Goals one saved lesson may have in the form (the lesson file allows 12).
const GOALS_MAX: usize = 12;
/// Fields the widest goal kind has.
const GOAL_FIELDS_MAX: usize = 4;

/// A goal row of the form: one signal per input, so typing re-renders nothing.
#[derive(Clone, Copy)]
struct GoalRow {
    key: u32,
    kind: RwSignal<String>,
    values: [RwSignal<String>; GOAL_FIELDS_MAX],
    text_en: RwSignal<String>,
    text_ko: RwSignal<String>,
}

impl GoalRow {
    fn new(key: u32) -> Self {
        GoalRow {
            key,
            kind: RwSignal::new("leader_is_not".into()),
            values: std::array::from_fn(|_| RwSignal::new(String::new())),
            text_en: RwSignal::new(String::new()),
            text_ko: RwSignal::new(String::new()),
        }
    }

    fn draft(&self) -> GoalDraft {
        GoalDraft {
            kind: self.kind.get_untracked(),
            values: self.values.iter().map(|v| v.get_untracked()).collect(),
            text_en: self.text_en.get_untracked(),
            text_ko: self.text_ko.get_untracked(),
        }
    }
}

#[component]
pub fn LessonMaker() -> impl IntoView {
    let (views, commands, i18n) = (expect_context::<Views>(), expect_context::<Commands>(), expect_context::<I18n>());
    let Playing(playing) = expect_context::<Playing>();
    let LessonOpened(opened) = expect_context::<LessonOpened>();
    let message = RwSignal::<Option<Say>>::new(None);
    let t = move |k: &'static str| move || i18n.t(k);

    // Open lesson file.
    let on_file = move |ev: leptos::ev::Event| {
        let Some((name, size, text)) = read_chosen_file(&ev) else { return };
        // Bounded before anything is read.
        if size > LESSON_BYTES_MAX as u64 {
            message.set(Some(Say::new(move |tr| {
                tr.f("maker-file-too-big", &[("bytes", size.into()), ("max", (LESSON_BYTES_MAX as u64).into())])
            })));
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            let text = text.await;
            let stem = name.strip_suffix(".json").unwrap_or(&name).to_string();
            let id = if valid_lesson_id(&stem) { stem } else { "my-lesson".to_string() };
            let session = match text {
                Some(t) => match decode_lesson(&t).await {
                    Ok(file) => lesson_session(&id, file).await,
                    Err(e) => Err(e.0),
                },
                None => Err("the file could not be read as text".to_string()),
            };
            match session {
                Ok(s) => {
                    commands.replace(s, Playing(playing), LessonOpened(opened));
                    message.set(Some(Say::new(move |tr| tr.f("maker-opened", &[("name", name.as_str().into())]))));
                }
                // Kafka Sandbox's checker's own words (the file's fields and bounds).
                Err(e) => message.set(Some(Say::new(move |tr| {
                    tr.f("maker-open-failed", &[("name", name.as_str().into()), ("error", e.as_str().into())])
                }))),
            }
        });
    };

    // Save as lesson.
    let id = RwSignal::new("my-lesson".to_string());
    let title_en = RwSignal::new(String::new());
    let title_ko = RwSignal::new(String::new());
    let intro_en = RwSignal::new(String::new());
    let intro_ko = RwSignal::new(String::new());
    let steps_en = RwSignal::new(String::new());
    let steps_ko = RwSignal::new(String::new());
    let learned_en = RwSignal::new(String::new());
    let learned_ko = RwSignal::new(String::new());
    let goals = RwSignal::new(vec![GoalRow::new(0)]);
    let next_key = StoredValue::new(1u32);
    let add_goal = move |_| {
        if goals.with_untracked(Vec::len) < GOALS_MAX {
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            goals.update(|g| g.push(GoalRow::new(key)));
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let draft = LessonDraft {
            id: id.get_untracked().trim().to_string(),
            title_en: title_en.get_untracked(),
            title_ko: title_ko.get_untracked(),
            intro_en: intro_en.get_untracked(),
            intro_ko: intro_ko.get_untracked(),
            steps_en: steps_en.get_untracked(),
            steps_ko: steps_ko.get_untracked(),
            learned_en: learned_en.get_untracked(),
            learned_ko: learned_ko.get_untracked(),
            goals: goals.with_untracked(|g| g.iter().map(GoalRow::draft).collect()),
        };
        let start = views.with_session_untracked(|s| s.cluster.session_file());
        wasm_bindgen_futures::spawn_local(async move {
            let r = lesson_text(&draft, start).await.map_err(String::from).and_then(|json| {
                let name = format!("{}.json", draft.id);
                download(&name, &json).map(|()| (name, json.len()))
            });
            message.set(Some(match r {
                Ok((name, bytes)) => {
                    Say::new(move |tr| tr.f("maker-saved", &[("name", name.as_str().into()), ("bytes", (bytes as u64).into())]))
                }
                Err(e) => Say::new(move |tr| tr.f("maker-save-failed", &[("error", e.as_str().into())])),
            }));
        });
    };
    let area = move |label: &'static str, testid: &'static str, value: RwSignal<String>| {
        view! {
            <label class="stack">{move || i18n.t(label)}
                <textarea data-testid=testid rows="3" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))></textarea>
            </label>
        }
    };

    let full = move || goals.with(Vec::len) >= GOALS_MAX;
    let rows = move || goals.get().into_iter().enumerate().collect::<Vec<_>>();
    let remove = move |key: u32| goals.update(|g| g.retain(|r| r.key != key));
    view! {
        // Opened: its Save needs the files' code (`chunks::prefetch_files`).
        <details class="panel lesson-maker" data-testid="lesson-maker" on:toggle=move |_| crate::chunks::prefetch_files()>
            <summary><h2>{t(key("maker-title"))}</h2></summary>
            <p class="legend">{t(key("maker-legend"))}</p>
            <label class="stack">{t(key("maker-open"))}
                <input type="file" accept=".json,application/json" data-testid="open-lesson-file" on:change=on_file />
            </label>
            <form class="form" on:submit=save>
                <h3>{t(key("maker-save-heading"))}</h3>
                <Field label=Signal::derive(t(key("maker-id"))) testid="maker-id" value=id />
                <Field label=Signal::derive(t(key("maker-title-en"))) testid="maker-title-en" value=title_en />
                <Field label=Signal::derive(t(key("maker-title-ko"))) testid="maker-title-ko" value=title_ko />
                {area(key("maker-intro-en"), "maker-intro-en", intro_en)}
                {area(key("maker-intro-ko"), "maker-intro-ko", intro_ko)}
                {area(key("maker-steps-en"), "maker-steps-en", steps_en)}
                {area(key("maker-steps-ko"), "maker-steps-ko", steps_ko)}
                {area(key("maker-learned-en"), "maker-learned-en", learned_en)}
                {area(key("maker-learned-ko"), "maker-learned-ko", learned_ko)}
                <For each=rows key=|(i, g)| (*i, g.key) let:item>
                    <GoalFields n=item.0 + 1 row=item.1 on_remove=move || remove(item.1.key) />
                </For>
                <button type="button" data-testid="maker-add-goal" on:click=add_goal disabled=full>{t(key("maker-add-goal"))}</button>
                <button type="submit" data-testid="maker-save">{t(key("maker-save"))}</button>
            </form>
            <p class="message" role="alert" data-testid="maker-message">{said(message)}</p>
        </details>
    }
}

/// One goal of the form: its kind from the vocabulary, its fields (labelled by their names in
/// the lesson file), and its checklist line in English and Korean.
#[component]
fn GoalFields(n: usize, row: GoalRow, on_remove: impl Fn() + 'static) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let fields = move || goal_kind(&row.kind.get()).map(|k| k.fields).unwrap_or(&[]);
    view! {
        <fieldset class="maker-goal" data-testid=format!("maker-goal-{n}")>
            <legend>{move || i18n.f("maker-goal", &[("n", (n as u64).into())])}</legend>
            <label>{move || i18n.t("maker-goal-kind")} " "
                <select data-testid=format!("maker-goal-kind-{n}") on:change=move |ev| row.kind.set(event_target_value(&ev))>
                    {GOAL_KINDS.iter().map(|k| view! { <option value=k.name selected=move || row.kind.get() == k.name>{k.name}</option> }).collect_view()}
                </select>
            </label>
            {move || fields().iter().enumerate().map(|(i, (name, _))| {
                let value = row.values[i];
                view! { <Field label=format!("{name} ") testid=format!("maker-goal-{n}-{name}") value /> }
            }).collect_view()}
            <Field label=Signal::derive(move || i18n.t("maker-goal-text-en")) testid=format!("maker-goal-{n}-en") value=row.text_en />
            <Field label=Signal::derive(move || i18n.t("maker-goal-text-ko")) testid=format!("maker-goal-{n}-ko") value=row.text_ko />
            <button type="button" aria-label=move || i18n.f("maker-remove-goal-label", &[("n", (n as u64).into())]) on:click=move |_| on_remove()>
                {move || i18n.t("maker-remove-goal")}
            </button>
        </fieldset>
    }
}
