//! What the lesson panel shows, computed from the session: the lesson's texts in the learner's
//! language (English where a text has none), the goals as the engine evaluates them, the
//! prediction with its choices and, once the learner acted, whether it held and why, with the
//! engine's facts. Pure, so it is tested natively.

use crate::i18n::{key, Arg, Tr};
use crate::session::Session;
use engine::lesson::{Answer, Fact, LessonFile, Text};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonVm {
    pub id: String,
    pub title: String,
    pub intro: String,
    pub steps: Vec<StepVm>,
    /// The step presenter mode is on.
    pub current_step: usize,
    pub goals: Vec<GoalVm>,
    pub prediction: Option<PredictionVm>,
    /// The hints shown so far (nudges and answers in order) and whether more are left.
    pub hints: Vec<String>,
    pub more_hints: bool,
    /// Set once every goal held: the completion message.
    pub complete: Option<String>,
    /// "Show solution" is playing.
    pub solution_playing: bool,
    /// The lesson has a solution to show (an instructor's saved lesson has none).
    pub has_solution: bool,
}

/// A step: its text, and the commands that do it on a real cluster (to copy or type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepVm {
    pub text: String,
    pub commands: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoalVm {
    pub id: String,
    pub text: String,
    pub holds: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictionVm {
    pub question: String,
    /// Each choice's label and its answer (what a click gives back).
    pub choices: Vec<(String, Answer)>,
    pub chosen: Option<Answer>,
    /// After the learner chose: what to do now, or, once the cluster answered, the verdict.
    pub status: Option<String>,
    /// Whether it held (None until the cluster answered).
    pub held: Option<bool>,
    /// The rule, and the engine's facts behind this answer (shown with the verdict).
    pub explain: Option<String>,
    /// The engine could not ask it (the lesson's cluster lacks what it names).
    pub error: Option<String>,
}

fn text(t: &Text, tr: Tr) -> String {
    LessonFile::text(t, tr.lang().tag()).to_string()
}

/// The words of one answer.
pub fn answer_label(a: Answer, tr: Tr) -> String {
    match a {
        Answer::Broker(b) => tr.f(key("lesson-answer-broker"), &[("id", Arg::from(b.0))]),
        Answer::NoLeader => tr.t(key("lesson-answer-no-leader")),
        Answer::Partition(p) => tr.f(key("lesson-answer-partition"), &[("partition", Arg::from(p))]),
        Answer::Acknowledged => tr.t(key("lesson-answer-acknowledged")),
        Answer::Error(e) => tr.f(key("lesson-answer-error"), &[("error", Arg::from(e.name()))]),
        Answer::Count(n) => tr.f(key("lesson-answer-count"), &[("count", Arg::from(n))]),
    }
}

/// One fact behind a prediction, in words ("ISR: 2, 3, 1").
fn fact_line(name: &str, fact: &Fact, tr: Tr) -> String {
    let value = match fact {
        Fact::Number(n) => n.to_string(),
        Fact::Brokers(b) => b.iter().map(|b| b.0.to_string()).collect::<Vec<_>>().join(", "),
    };
    let label = match name {
        "replicas" => tr.t(key("lesson-fact-replicas")),
        "isr" => tr.t(key("lesson-fact-isr")),
        "partitions" => tr.t(key("lesson-fact-partitions")),
        "murmur2" => tr.t(key("lesson-fact-murmur2")),
        "min_insync_replicas" => tr.t(key("lesson-fact-min-isr")),
        "members" => tr.t(key("lesson-fact-members")),
        other => other.to_string(),
    };
    tr.f(key("lesson-fact"), &[("name", Arg::from(label)), ("value", Arg::from(value))])
}

/// The panel's view of the session's lesson (None: free play).
pub fn lesson_vm(session: &Session, tr: Tr) -> Option<LessonVm> {
    let l = session.lesson.as_ref()?;
    let f = &l.file;
    let goals = f
        .goals
        .iter()
        .zip(l.progress.holds.iter().chain(std::iter::repeat(&false)))
        .map(|(g, holds)| GoalVm { id: g.id.clone(), text: text(&g.text, tr), holds: *holds })
        .collect();
    let prediction = f.prediction.as_ref().zip(l.prediction.as_ref()).map(|(p, state)| {
        let question = text(&p.question, tr);
        match &state.predicted {
            Err(e) => PredictionVm {
                question,
                choices: Vec::new(),
                chosen: None,
                status: None,
                held: None,
                explain: None,
                error: Some(tr.f(key("lesson-prediction-error"), &[("error", Arg::from(e))])),
            },
            Ok(predicted) => {
                let observed = l.observed();
                let held = state.chosen.zip(observed).map(|(c, o)| c == o);
                let status = match (state.chosen, observed) {
                    (None, _) => None,
                    (Some(c), None) => Some(tr.f(key("lesson-prediction-waiting"), &[("answer", Arg::from(answer_label(c, tr)))])),
                    (Some(c), Some(o)) if c == o => {
                        Some(tr.f(key("lesson-prediction-held"), &[("answer", Arg::from(answer_label(c, tr)))]))
                    }
                    (Some(c), Some(o)) => Some(tr.f(
                        key("lesson-prediction-missed"),
                        &[("answer", Arg::from(answer_label(c, tr))), ("observed", Arg::from(answer_label(o, tr)))],
                    )),
                };
                let explain = held.map(|_| {
                    let facts: Vec<String> = predicted.facts.iter().map(|(n, v)| fact_line(n, v, tr)).collect();
                    format!("{} {}", text(&p.explain, tr), facts.join(" · "))
                });
                PredictionVm {
                    question,
                    choices: predicted.choices.iter().map(|a| (answer_label(*a, tr), *a)).collect(),
                    chosen: state.chosen,
                    status,
                    held,
                    explain,
                    error: None,
                }
            }
        }
    });
    let hints: Vec<String> =
        f.hints.iter().flat_map(|h| [text(&h.nudge, tr), text(&h.answer, tr)]).take(l.hints_shown.min(l.hint_steps())).collect();
    Some(LessonVm {
        id: l.id.clone(),
        title: text(&f.title, tr),
        intro: text(&f.intro, tr),
        steps: f.steps.iter().map(|s| StepVm { text: text(&s.text, tr), commands: s.commands.clone() }).collect(),
        current_step: l.step,
        goals,
        prediction,
        more_hints: l.hints_shown < l.hint_steps(),
        hints,
        complete: l.progress.complete.then(|| tr.f(key("lesson-complete"), &[("learned", Arg::from(text(&f.learned, tr)))])),
        solution_playing: !l.solution_queue.is_empty(),
        has_solution: !f.solution.commands.is_empty(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::lesson_file::decode_lesson;
    use engine::{BrokerId, Command};

    fn session() -> Session {
        Session::from_lesson(
            "leader-election",
            decode_lesson(include_str!("../lessons/leader-election.json")).unwrap(),
            &crate::lesson::CODE,
        )
        .unwrap()
    }

    #[test]
    fn the_panel_shows_goals_turning_and_the_prediction_revealed_in_both_languages() {
        let mut s = session();
        let en = Tr::new(Lang::En);
        let vm = lesson_vm(&s, en).unwrap();
        assert_eq!(vm.title, "Leader election and leader epochs");
        assert!(vm.goals.iter().all(|g| !g.holds) && vm.complete.is_none());
        let p = vm.prediction.unwrap();
        let labels: Vec<&str> = p.choices.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(labels, ["Broker 3", "Broker 1", "No leader (offline)"]);
        assert!(p.status.is_none() && p.held.is_none());

        s.lesson.as_mut().unwrap().choose(Answer::Broker(BrokerId(1)));
        let p = lesson_vm(&s, en).unwrap().prediction.unwrap();
        assert_eq!(p.status.as_deref(), Some("You answered Broker 1. Now act, and watch what the cluster does."));
        s.apply(Command::StopBroker { broker: BrokerId(2) }).unwrap();
        s.step(150);
        let vm = lesson_vm(&s, en).unwrap();
        assert!(vm.goals.iter().all(|g| g.holds));
        let p = vm.prediction.unwrap();
        assert_eq!(p.held, Some(false));
        assert_eq!(p.status.as_deref(), Some("Not this time: you said Broker 1, and the cluster chose Broker 3."));
        assert!(p.explain.unwrap().contains("Replicas: 2, 3, 1 · ISR: 2, 3, 1"));
        assert!(vm.complete.unwrap().starts_with("Lesson complete."));

        let ko = lesson_vm(&s, Tr::new(Lang::Ko)).unwrap();
        assert_eq!(ko.title, "리더 선출과 리더 에포크");
        let hangul = |t: &str| t.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
        assert!(hangul(&ko.complete.unwrap()) && hangul(ko.prediction.unwrap().status.as_deref().unwrap()));
    }

    #[test]
    fn hints_come_one_tier_at_a_time() {
        let mut s = session();
        let en = Tr::new(Lang::En);
        assert!(lesson_vm(&s, en).unwrap().hints.is_empty());
        s.lesson.as_mut().unwrap().hints_shown = 1;
        let vm = lesson_vm(&s, en).unwrap();
        assert_eq!(vm.hints.len(), 1);
        assert!(vm.more_hints);
        s.lesson.as_mut().unwrap().hints_shown = 2;
        let vm = lesson_vm(&s, en).unwrap();
        assert!(vm.hints[1].contains("Crash broker 2 (kill -9)"));
        assert!(!vm.more_hints);
    }
}
