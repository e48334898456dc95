//! The course and the lesson panel (issue 22), beside the live cluster.
//!
//! First visit: what the sandbox is, "Start the course" and "Free play", and the course list
//! with each lesson's status (kept in `localStorage`). An open lesson is drawn by its own code
//! (`ui::lesson_view`, a chunk of the hosted site loaded with the first lesson). `?lesson=<id>`
//! opens a lesson directly.
//! Lesson files are fetched from `lessons/` beside the app when first needed, so the first
//! render never waits for them.

use crate::chunks::{course_code, decode_lesson, lesson_session, CourseCode};
use crate::ctx::{Commands, I18n, LessonOpened, Playing, Views};
use crate::lesson_file::{valid_lesson_id, CourseProgress, LessonStatus};
use crate::session::Session;
use crate::ui::course_list::CourseItem;
use crate::ui::files::{fetch_text, fetch_texts};
use crate::ui::lesson_view::LessonLinks;
use crate::ui::url;
use engine::course::CourseLesson;
use engine::lesson::LessonFile;
use engine::vec_map::VecMap;
use leptos::prelude::*;

const PROGRESS_KEY: &str = "kafka-sandbox-course";
const WELCOME_KEY: &str = "kafka-sandbox-free-play";

/// What the course panel knows: the index and the lessons fetched so far.
#[derive(Clone, Default)]
struct Course {
    /// The course's code, once loaded (the list's view).
    code: Option<CourseCode>,
    lessons: Vec<CourseLesson>,
    /// Every lesson file, for an index without listings (version 1); else none.
    files: VecMap<String, LessonFile>,
    /// Why the course or a lesson could not be loaded (shown, never a blank panel).
    error: Option<String>,
}

impl Course {
    fn ids(&self) -> Vec<String> {
        self.lessons.iter().map(|l| l.id.clone()).collect()
    }

    /// What the list shows of a lesson: the index's listing, else its file's, else its id.
    fn listing(&self, lesson: &CourseLesson, language: &str) -> (String, String) {
        let from_file = || self.files.get(&lesson.id).map(|f| (&f.title, &f.summary));
        match lesson.listing.as_ref().map(|l| (&l.title, &l.summary)).or_else(from_file) {
            Some((title, summary)) => (LessonFile::text(title, language).to_string(), LessonFile::text(summary, language).to_string()),
            None => (lesson.id.clone(), String::new()),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load_progress() -> CourseProgress {
    CourseProgress::decode(&storage().and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten()).unwrap_or_default())
}

fn save_progress(p: &CourseProgress) {
    if let Some(s) = storage() {
        let _ = s.set_item(PROGRESS_KEY, &p.encode());
    }
}

fn lesson_path(id: &str) -> String {
    format!("lessons/{id}.json")
}

/// One lesson's file, fetched and checked.
async fn fetch_lesson(id: &str) -> Result<LessonFile, String> {
    Ok(decode_lesson(&fetch_text(&lesson_path(id)).await?).await?)
}

/// The course index. The list needs nothing more from a version-2 index (each lesson's title
/// and summary are in it); a version-1 index lists ids alone, so then every lesson file is
/// fetched for the list, all at once (`decode_course` bounds how many: COURSE_LESSONS_MAX).
async fn fetch_course() -> Course {
    let course = async {
        let (text, code) = (fetch_text("lessons/index.json").await?, course_code().await?);
        Ok::<_, String>(((code.decode)(&text)?, code))
    };
    let (lessons, code) = match course.await {
        Ok(course) => course,
        Err(e) => return Course { error: Some(e), ..Course::default() },
    };
    let mut files = VecMap::new();
    let mut error = None;
    let unlisted: Vec<String> = lessons.iter().filter(|l| l.listing.is_none()).map(|l| l.id.clone()).collect();
    let paths: Vec<String> = unlisted.iter().map(|id| lesson_path(id)).collect();
    for (id, text) in unlisted.iter().zip(fetch_texts(&paths).await) {
        match async { Ok::<_, String>(decode_lesson(&text?).await?) }.await {
            Ok(l) => {
                files.insert(id.clone(), l);
            }
            Err(e) => error = Some(format!("{id}: {e}")),
        }
    }
    Course { code: Some(code), lessons, files, error }
}

#[component]
pub fn LessonPanel() -> impl IntoView {
    let (views, commands, i18n) = (expect_context::<Views>(), expect_context::<Commands>(), expect_context::<I18n>());
    let Playing(playing) = expect_context::<Playing>();
    let course = RwSignal::new(Course::default());
    let progress = RwSignal::new(load_progress());
    let free_play = storage().and_then(|s| s.get_item(WELCOME_KEY).ok().flatten()).is_some();
    // Shown: the course list (first visit, or asked for), or nothing in free play.
    let list_open = RwSignal::new(!free_play);
    let message = RwSignal::new(None::<String>);
    let loaded = StoredValue::new(false);
    // Bumped when a lesson opens here or from a file (the lesson view below then re-reads).
    let LessonOpened(opened) = expect_context::<LessonOpened>();

    let open_lesson = move |id: String| {
        if course.with_untracked(|c| !c.lessons.iter().any(|l| l.id == id)) {
            message.set(Some(i18n.f("lesson-unknown", &[("id", id.as_str().into())])));
            list_open.set(true);
            return;
        }
        // Async: the lesson's file is fetched when first opened, and a lesson that runs tools
        // loads their code first (a chunk of the hosted page).
        wasm_bindgen_futures::spawn_local(async move {
            let file = match course.with_untracked(|c| c.files.get(&id).cloned()) {
                Some(f) => Ok(f),
                // Not kept: opening it again is the browser's cached file, and the list shows the
                // index's listing.
                None => fetch_lesson(&id).await,
            };
            match async { lesson_session(&id, file?).await }.await {
                Ok(s) => {
                    commands.replace(s, Playing(playing), LessonOpened(opened));
                    progress.update(|p| p.advance(&id, LessonStatus::InProgress));
                    progress.with_untracked(save_progress);
                    url::set_param("lesson", Some(&id));
                    message.set(None);
                    list_open.set(false);
                }
                Err(e) => message.set(Some(i18n.f("lesson-load-failed", &[("error", e.into())]))),
            }
        });
    };
    // The course is fetched once, when first needed: at once for `?lesson=` or the list.
    let wanted = url::param("lesson");
    let ensure_course = move |then_open: Option<String>| {
        if loaded.get_value() {
            if let Some(id) = then_open {
                open_lesson(id);
            }
            return;
        }
        loaded.set_value(true);
        wasm_bindgen_futures::spawn_local(async move {
            let c = fetch_course().await;
            course.set(c);
            if let Some(id) = then_open {
                open_lesson(id);
            }
        });
    };
    match wanted {
        Some(id) if valid_lesson_id(&id) => ensure_course(Some(id)),
        Some(id) => {
            message.set(Some(i18n.f("lesson-unknown", &[("id", id.as_str().into())])));
            list_open.set(true);
            ensure_course(None);
        }
        None if !free_play => ensure_course(None),
        None => {}
    }

    // The open lesson (its id and title), re-read after every change to the session while a
    // lesson is open. In free play it waits for this panel to open one (`opened`) instead of
    // re-running every tick. What the lesson shows is its own code's (`LessonCode::view`).
    let open = Memo::new(move |_| {
        let lang = i18n.lang();
        opened.track();
        if views.with_session_untracked(|s| s.lesson.is_none()) {
            return None;
        }
        views.with_session(|s| s.lesson.as_ref().map(|l| (l.id.clone(), LessonFile::text(&l.file.title, lang.tag()).to_string())))
    });
    // Out of the lesson, into a fresh free-play cluster; `list` shows the course list.
    let close_lesson = move |list: bool| {
        playing.set(false);
        commands.update(|s| *s = Session::new(1));
        url::set_param("lesson", None);
        list_open.set(list);
    };
    // What an open lesson's panel (its own code's) asks of the course.
    let links = LessonLinks {
        course_ids: Signal::derive(move || course.with(Course::ids)),
        open: Callback::new(move |id: String| ensure_course(Some(id))),
        to_course: Callback::new(move |()| {
            close_lesson(true);
            ensure_course(None);
        }),
        completed: Callback::new(move |id: String| {
            progress.update(|p| p.advance(&id, LessonStatus::Done));
            progress.with_untracked(save_progress);
        }),
    };
    let leave = move |_| {
        close_lesson(false);
        if let Some(s) = storage() {
            let _ = s.set_item(WELCOME_KEY, "1");
        }
    };

    let course_list = move || {
        let lang = i18n.lang();
        let items = course.with(|c| {
            c.lessons
                .iter()
                .map(|l| {
                    let (title, summary) = c.listing(l, lang.tag());
                    CourseItem { id: l.id.clone(), title, summary, status: progress.with(|p| p.status(&l.id)) }
                })
                .collect::<Vec<_>>()
        });
        course.with(|c| c.code).map(|code| (code.list)(items, Callback::new(open_lesson)))
    };

    view! {
        <section class=move || if open.with(Option::is_some) { "panel lesson open" } else { "panel lesson" } data-testid="lesson-panel" aria-label=move || {
            open.with(|o| o.as_ref().map(|(_, title)| i18n.f("lesson-panel-label", &[("title", title.as_str().into())]))).unwrap_or_else(|| i18n.t("lesson-course-heading"))
        }>
            {move || message.get().map(|m| view! { <p class="lesson-message" role="alert" data-testid="lesson-message">{m}</p> })}
            {move || match open.get() {
                None => view! {
                    <div>
                        <h2>{move || i18n.t("lesson-course-heading")}</h2>
                        <Show when=move || list_open.get() fallback=move || view! {
                            <button data-testid="open-course" on:click=move |_| { list_open.set(true); ensure_course(None); }>{move || i18n.t("lesson-open-course")}</button>
                        }>
                            <p class="lesson-welcome">{move || i18n.t("lesson-welcome")}</p>
                            <div class="lesson-actions">
                                <button data-testid="start-course" on:click=move |_| {
                                    let first = course.with_untracked(|c| c.lessons.first().map(|l| l.id.clone()));
                                    match first { Some(id) => open_lesson(id), None => ensure_course(None) }
                                }>{move || i18n.t("lesson-start-course")}</button>
                                <button data-testid="free-play" on:click=leave>{move || i18n.t("lesson-free-play")}</button>
                            </div>
                            {move || course.with(|c| c.error.clone()).map(|e| view! { <p class="lesson-message" role="alert">{i18n.f("lesson-load-failed", &[("error", e.into())])}</p> })}
                            {course_list}
                        </Show>
                    </div>
                }.into_any(),
                Some(_) => match views.with_session_untracked(|s| s.lesson.as_ref().map(|l| l.code.view)) {
                    Some(view) => view(links),
                    None => ().into_any(),
                },
            }}
        </section>
    }
}
