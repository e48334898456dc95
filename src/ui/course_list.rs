//! The course list (issue 22): each lesson's title (a button that opens it), its status and
//! its one-line summary. In the hosted site this is the course's chunk (`chunks::course_code`),
//! with the course index's decoder: the list has nothing to show before the index anyway, so
//! its code need not be in the first download.

use crate::ctx::{I18n, PanelsDrawn};
use crate::lesson_file::LessonStatus;
use leptos::prelude::*;

/// One line of the list, in the page's language.
pub struct CourseItem {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub status: LessonStatus,
}

/// The list; `open` opens the lesson with this id.
pub fn course_list(items: Vec<CourseItem>, open: Callback<String>) -> AnyView {
    let i18n = expect_context::<I18n>();
    // Once the list is drawn and the page has settled (the panels below are drawn), the code a
    // lesson needs is fetched ahead of the click: the learner's next click is likely one (the
    // list itself no longer waits for that code). Loading is once; later calls return at once.
    let PanelsDrawn(later) = expect_context::<PanelsDrawn>();
    Effect::new(move |_| {
        if later.ready() {
            wasm_bindgen_futures::spawn_local(crate::chunks::prefetch_lesson_code());
        }
    });
    view! {
        <ol class="course-list" data-testid="course-list">
            {items.into_iter().map(|item| {
                let label = i18n.f("lesson-open-label", &[("title", item.title.as_str().into())]);
                let id = item.id;
                view! {
                    <li class=format!("course-item status-{:?}", item.status).to_lowercase()>
                        <button class="link" aria-label=label on:click=move |_| open.run(id.clone())>{item.title}</button>
                        " "
                        <span class="lesson-status">{i18n.t(item.status.key())}</span>
                        <p class="lesson-summary">{item.summary}</p>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
    .into_any()
}
