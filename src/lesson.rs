//! A lesson being taken: its file, the learner's progress on its goals (the engine's
//! `LessonProgress`, fed every event the session drains and every command it refused), the
//! prediction asked and answered, and, while "Show solution" plays, the solution's commands
//! still to come. Owned by the session, so a lesson sees what the cluster does, never which
//! button was pressed.
//!
//! A lesson's code (its goals' checks, its predictions, the panel that shows it) is needed only
//! once a learner opens a lesson, so it is reached through `LessonCode`, a table of function
//! pointers that only `chunks::lesson_code` names: in the hosted site it is a chunk loaded
//! with the first lesson (issue 26), and the first download holds only the course list. A
//! lesson is made with the table (`ActiveLesson::new`) and carries it, so whoever holds a
//! lesson can run it.

use crate::session::Session;
use crate::ui::lesson_view::{lesson_view, LessonLinks};
use engine::lesson::{predict, Answer, LessonFile, LessonProgress, Predicted};
use engine::session::TimedCommand;
use engine::{Cluster, CommandError, Event};
use leptos::prelude::AnyView;
use std::collections::VecDeque;

/// The lesson's code: what checks its goals and what draws it.
pub struct LessonCode {
    /// `Session::from_lesson`'s work: the lesson's start replayed, the lesson watching.
    pub(crate) session: fn(&str, LessonFile, &'static LessonCode) -> Result<Session, String>,
    observe: fn(&mut ActiveLesson, &Event),
    observe_refusal: fn(&mut ActiveLesson, &CommandError),
    evaluate: fn(&mut ActiveLesson, &Cluster),
    /// The lesson panel while a lesson is open (`ui::lesson_view`).
    pub view: fn(LessonLinks) -> AnyView,
}

/// The lessons' code. In the hosted site only the `lesson` chunk's entry point refers to it.
pub static CODE: LessonCode = LessonCode {
    session: Session::lesson_start,
    observe: |l, e| l.progress.observe(&l.file.goals, e),
    observe_refusal: |l, e| l.progress.observe_refusal(&l.file.goals, e),
    evaluate: ActiveLesson::evaluate_now,
    view: lesson_view,
};

#[derive(Clone)]
pub struct ActiveLesson {
    /// The code that runs it (`CODE`, from wherever it was loaded).
    pub code: &'static LessonCode,
    pub id: String,
    /// Shared by the copies a rewind keeps of the session (issue 23).
    pub file: std::sync::Arc<LessonFile>,
    pub progress: LessonProgress,
    /// The cluster's clock when the lesson started (the solution's times count from it).
    pub start_ms: u64,
    pub prediction: Option<PredictionState>,
    /// "Show solution": the solution's commands not yet applied.
    pub solution_queue: VecDeque<TimedCommand>,
    /// Hints shown so far: each hint's nudge, then its answer (0..=2 per hint, in order).
    pub hints_shown: usize,
    /// The step the presenter is on (presenter mode's N), marked in the list.
    pub step: usize,
}

/// A prediction: asked of the cluster as it was when the lesson started; the learner's choice.
#[derive(Clone)]
pub struct PredictionState {
    pub predicted: Result<Predicted, String>,
    pub chosen: Option<Answer>,
}

impl ActiveLesson {
    /// The lesson, started on `cluster` (its starting session, replayed), run by `code`.
    pub fn new(id: String, file: LessonFile, cluster: &Cluster, code: &'static LessonCode) -> Self {
        let mut progress = LessonProgress::new(&file);
        progress.evaluate(&file.goals, cluster);
        if let Some(p) = &file.prediction {
            progress.asked(&p.ask, cluster);
        }
        let prediction =
            file.prediction.as_ref().map(|p| PredictionState { predicted: predict(&p.ask, cluster).map_err(|e| e.0), chosen: None });
        ActiveLesson {
            code,
            id,
            file: std::sync::Arc::new(file),
            progress,
            start_ms: cluster.now().0,
            prediction,
            solution_queue: VecDeque::new(),
            hints_shown: 0,
            step: 0,
        }
    }

    /// Presenter mode's N: the next step, staying on the last.
    pub fn next_step(&mut self) {
        self.step = (self.step + 1).min(self.file.steps.len().saturating_sub(1));
    }

    pub fn observe(&mut self, event: &Event) {
        (self.code.observe)(self, event)
    }

    pub fn observe_refusal(&mut self, error: &CommandError) {
        (self.code.observe_refusal)(self, error)
    }

    /// Evaluates the goals against the cluster now (after the events were observed), and,
    /// once the learner answered, fixes the prediction's outcome when the cluster gives it.
    pub fn evaluate(&mut self, cluster: &Cluster) {
        (self.code.evaluate)(self, cluster)
    }

    fn evaluate_now(&mut self, cluster: &Cluster) {
        self.progress.evaluate(&self.file.goals, cluster);
        let answered = self.prediction.as_ref().is_some_and(|p| p.chosen.is_some());
        if let (Some(p), true) = (&self.file.prediction, answered) {
            self.progress.reveal(&p.ask, cluster);
        }
    }

    /// What happened, once the learner has acted and answered (None until both).
    pub fn observed(&self) -> Option<Answer> {
        self.prediction.as_ref()?.chosen?;
        self.progress.revealed
    }

    /// The learner's answer (once: a prediction is not changed after the fact).
    pub fn choose(&mut self, answer: Answer) {
        if let Some(p) = self.prediction.as_mut() {
            let offered = p.predicted.as_ref().is_ok_and(|pr| pr.choices.contains(&answer));
            if p.chosen.is_none() && offered {
                p.chosen = Some(answer);
                // Produce outcomes count from the moment of the answer.
                self.progress.produce_outcome = None;
            }
        }
    }

    /// Hint steps there are: a nudge and an answer per hint.
    pub fn hint_steps(&self) -> usize {
        self.file.hints.len() * 2
    }

    /// Shows the next hint step (a nudge, then its answer), if one is left.
    pub fn show_next_hint(&mut self) {
        self.hints_shown = (self.hints_shown + 1).min(self.hint_steps());
    }

    /// The solution's commands due by `now`, in order (taken from the queue).
    pub fn due_solution_commands(&mut self, now_ms: u64) -> Vec<TimedCommand> {
        let mut due = Vec::new();
        while self.solution_queue.front().is_some_and(|c| self.start_ms + c.time_ms <= now_ms) {
            if let Some(c) = self.solution_queue.pop_front() {
                due.push(c);
            }
        }
        due
    }
}

#[cfg(test)]
mod tests {
    use crate::lesson_file::decode_lesson;
    use crate::session::Session;
    use engine::lesson::Answer;
    use engine::{BrokerId, Command};

    fn session() -> Session {
        let file = decode_lesson(include_str!("../lessons/leader-election.json")).unwrap();
        Session::from_lesson("leader-election", file, &super::CODE).unwrap()
    }

    /// The learner's way: answer, crash the leader from the page, let the clock run. The
    /// checklist turns goal by goal, and the prediction is revealed as the engine said.
    #[test]
    fn a_learner_answers_acts_and_completes_the_lesson() {
        let mut s = session();
        let l = s.lesson.as_ref().unwrap();
        assert!(!l.progress.complete && l.progress.holds.iter().all(|h| !h));
        let predicted = l.prediction.as_ref().unwrap().predicted.clone().unwrap();
        s.lesson.as_mut().unwrap().choose(Answer::Broker(BrokerId(1)));
        assert!(s.lesson.as_ref().unwrap().observed().is_none(), "nothing happened yet");
        s.apply(Command::StopBroker { broker: BrokerId(2) }).unwrap();
        assert!(s.lesson.as_ref().unwrap().progress.holds[0], "the broker is down at once");
        s.step(150);
        let l = s.lesson.as_ref().unwrap();
        assert!(l.progress.complete, "goals: {:?}", l.progress.holds);
        assert_eq!(l.observed(), Some(predicted.answer));
        assert_ne!(Some(predicted.answer), l.prediction.as_ref().unwrap().chosen, "the learner guessed wrong: the page says so");
    }

    /// "Show solution" plays the solution's commands at their times; "Reset" starts over.
    #[test]
    fn the_solution_plays_itself_and_reset_starts_over() {
        let mut s = session();
        s.show_solution().unwrap();
        assert!(!s.lesson.as_ref().unwrap().solution_queue.is_empty());
        s.step(250);
        assert!(s.lesson.as_ref().unwrap().progress.complete);
        s.reset_lesson().unwrap();
        let l = s.lesson.as_ref().unwrap();
        assert!(!l.progress.complete && l.solution_queue.is_empty());
        assert!(s.cluster.broker(BrokerId(2)).unwrap().running());
    }

    /// An answer is not changed after the fact (the first stands; one not offered is ignored),
    /// and a command the cluster refuses during a lesson is an error, not a panic.
    #[test]
    fn the_first_answer_stands_and_a_refused_command_is_harmless() {
        let mut s = session();
        let l = s.lesson.as_mut().unwrap();
        l.choose(Answer::Broker(BrokerId(3)));
        l.choose(Answer::Broker(BrokerId(1)));
        assert_eq!(l.prediction.as_ref().unwrap().chosen, Some(Answer::Broker(BrokerId(3))));
        l.choose(Answer::Partition(7));
        let bad =
            s.apply(Command::CreateTopic { name: "bad name".into(), partitions: 1, replication_factor: 1, config: Default::default() });
        assert!(bad.is_err());
    }
}
