//! The lesson panel while a lesson is open (issue 22): its steps, the goals as a live checklist
//! (role="checkbox", aria-readonly, aria-checked as the engine evaluates them), the
//! prediction, tiered hints, "Show solution", "Reset lesson", "Next lesson", and a
//! role="status" message when every goal holds. Part of the lessons' code (`lesson::CODE`): in
//! the hosted site it comes with the first lesson opened, and `ui::lesson` (the course list)
//! draws it through the open lesson's `LessonCode::view`.

use crate::ctx::{Commands, I18n, Playing, Views};
use crate::lesson_vm::lesson_vm;
use crate::ui::real_command::RealCommands;
use engine::lesson::Answer;
use leptos::prelude::*;

/// What the open lesson asks of the course around it.
#[derive(Clone, Copy)]
pub struct LessonLinks {
    /// The course's lessons in order ("Next lesson" is the one after this).
    pub course_ids: Signal<Vec<String>>,
    /// Opens the course's lesson with this id.
    pub open: Callback<String>,
    /// Closes the lesson and shows the course list.
    pub to_course: Callback<()>,
    /// Every goal of the lesson with this id held.
    pub completed: Callback<String>,
}

/// The open lesson's panel (`LessonCode::view`).
pub fn lesson_view(links: LessonLinks) -> AnyView {
    let (views, commands, i18n) = (expect_context::<Views>(), expect_context::<Commands>(), expect_context::<I18n>());
    let Playing(playing) = expect_context::<Playing>();
    // Re-read after every change to the session while the lesson is open.
    let vm = Memo::new(move |_| {
        let tr = i18n.tr();
        views.with_session(|s| lesson_vm(s, tr))
    });
    // A lesson completed: the course remembers it as done.
    Effect::new(move |_| {
        if let Some(v) = vm.get().filter(|v| v.complete.is_some()) {
            links.completed.run(v.id);
        }
    });
    let next_id = move || {
        let id = vm.with(|v| v.as_ref().map(|v| v.id.clone()))?;
        links.course_ids.with(|ids| ids.iter().position(|x| *x == id).and_then(|i| ids.get(i + 1).cloned()))
    };
    let choose = move |a: Answer| {
        commands.update(|s| {
            if let Some(l) = s.lesson.as_mut() {
                l.choose(a);
            }
        })
    };
    let hint = move |_| {
        commands.update(|s| {
            if let Some(l) = s.lesson.as_mut() {
                l.show_next_hint();
            }
        })
    };
    let show_solution = move |_| {
        if commands.update(|s| s.show_solution()).is_ok() {
            playing.set(true);
        }
    };
    let reset = move |_| {
        playing.set(false);
        let _ = commands.update(|s| s.reset_lesson());
    };
    (move || {
        vm.get().map(|v| {
            let goals = v.goals.clone();
            view! {
                <div>
                    <h2 data-testid="lesson-title">{v.title.clone()}</h2>
                    <p class="lesson-intro">{v.intro.clone()}</p>
                    <h3>{move || i18n.t("lesson-steps-heading")}</h3>
                    <ol class="lesson-steps" data-testid="lesson-steps">{v.steps.iter().enumerate().map(|(i, s)| {
                        let current = i == v.current_step;
                        let commands = view! { <RealCommands lines=s.commands.clone() /> };
                        view! { <li class:current=current aria-current=current.then_some("step")>{s.text.clone()}{commands}</li> }
                    }).collect_view()}</ol>
                    {v.prediction.clone().map(|p| view! {
                        <div class="lesson-prediction" role="group" aria-label=move || i18n.t("lesson-prediction-heading") data-testid="lesson-prediction">
                            <h3>{move || i18n.t("lesson-prediction-heading")}</h3>
                            <p>{p.question.clone()}</p>
                            {p.error.clone().map(|e| view! { <p class="lesson-message">{e}</p> })}
                            <div class="lesson-choices">
                                {p.choices.iter().map(|(label, answer)| {
                                    let a = *answer;
                                    let pressed = p.chosen == Some(a);
                                    view! {
                                        <button aria-pressed=pressed.to_string() disabled=p.chosen.is_some() on:click=move |_| choose(a)>{label.clone()}</button>
                                    }
                                }).collect_view()}
                            </div>
                            {p.status.clone().map(|s| view! { <p class=if p.held == Some(false) { "lesson-verdict missed" } else { "lesson-verdict" } aria-live="polite" data-testid="prediction-status">{s}</p> })}
                            {p.explain.clone().map(|e| view! { <p class="lesson-explain">{e}</p> })}
                        </div>
                    })}
                    <h3 id="lesson-goals-heading">{move || i18n.t("lesson-goals-heading")}</h3>
                    <ul class="lesson-goals" aria-labelledby="lesson-goals-heading" data-testid="lesson-goals">
                        // A list of read-only checkboxes: each item holds one (a list item may not
                        // itself take another role).
                        {goals.into_iter().map(|g| view! {
                            <li class=if g.holds { "goal holds" } else { "goal" }>
                                <span role="checkbox" aria-readonly="true" aria-checked=g.holds.to_string() data-goal=g.id.clone()>
                                    <span class="goal-mark" aria-hidden="true">{if g.holds { "✓" } else { "○" }}</span>
                                    " " {g.text.clone()}
                                </span>
                            </li>
                        }).collect_view()}
                    </ul>
                    {v.complete.clone().map(|c| view! { <p class="lesson-complete" role="status" data-testid="lesson-complete">{c}</p> })}
                    {(!v.hints.is_empty()).then(|| view! {
                        <ol class="lesson-hints" data-testid="lesson-hints">{v.hints.iter().map(|h| view! { <li>{h.clone()}</li> }).collect_view()}</ol>
                    })}
                    <div class="lesson-actions">
                        <button data-testid="lesson-hint" disabled=!v.more_hints on:click=hint>{move || i18n.t("lesson-hint")}</button>
                        <button data-testid="lesson-solution" disabled=v.solution_playing || !v.has_solution on:click=show_solution>{move || i18n.t("lesson-show-solution")}</button>
                        <button data-testid="lesson-reset" on:click=reset>{move || i18n.t("lesson-reset")}</button>
                        {move || next_id().map(|id| view! {
                            <button data-testid="lesson-next" on:click=move |_| links.open.run(id.clone())>{move || i18n.t("lesson-next")}</button>
                        })}
                        <button data-testid="lesson-course" on:click=move |_| links.to_course.run(())>{move || i18n.t("lesson-course-list")}</button>
                    </div>
                </div>
            }.into_any()
        })
    })
    .into_any()
}
