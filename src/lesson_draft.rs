//! "Save as lesson" (issue 22): an instructor's lesson from the session as it is now. The
//! cluster at this moment becomes the lesson's start (the session's command log, replayed to
//! now); the instructor writes the texts and picks goals from the engine's vocabulary
//! (`engine::lesson::Goal`, built here from the form's fields and checked by serde and by
//! `LessonFile::check`, so what is saved is what the course's own loader accepts). Pure, with
//! native tests; `ui/lesson_maker.rs` is the form.

use engine::lesson::{Goal, LessonFile, LessonGoal, Solution, Text, LESSON_FORMAT, LESSON_VERSION};
use engine::session::SessionFile;
use serde_json::{Map, Value};

/// How a goal's field is typed in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
    /// May be left empty (the goal then does not look at it).
    OptText,
    OptNumber,
    /// `true` or `false`.
    Bool,
}

/// One kind of goal: its name in lesson files and its fields, in the form's order.
#[derive(Debug, Clone, Copy)]
pub struct GoalKind {
    pub name: &'static str,
    pub fields: &'static [(&'static str, FieldKind)],
}

use FieldKind::{Bool, Number, OptNumber, OptText, Text as Txt};

/// The goals' vocabulary as `docs/lessons.md` lists it (tag `goal`, snake_case fields).
pub const GOAL_KINDS: &[GoalKind] = &[
    GoalKind { name: "topic_exists", fields: &[("topic", Txt), ("partitions", OptNumber)] },
    GoalKind { name: "leader_is", fields: &[("topic", Txt), ("partition", Number), ("broker", Number)] },
    GoalKind { name: "leader_is_not", fields: &[("topic", Txt), ("partition", Number), ("broker", Number)] },
    GoalKind { name: "no_leader", fields: &[("topic", Txt), ("partition", Number)] },
    GoalKind { name: "in_isr", fields: &[("topic", Txt), ("partition", Number), ("broker", Number)] },
    GoalKind { name: "out_of_isr", fields: &[("topic", Txt), ("partition", Number), ("broker", Number)] },
    GoalKind { name: "broker_stopped", fields: &[("broker", Number)] },
    GoalKind { name: "broker_running", fields: &[("broker", Number)] },
    GoalKind { name: "controller_is_not", fields: &[("broker", Number)] },
    GoalKind { name: "leader_epoch_at_least", fields: &[("topic", Txt), ("partition", Number), ("epoch", Number)] },
    GoalKind { name: "log_start_at_least", fields: &[("topic", Txt), ("partition", Number), ("offset", Number)] },
    GoalKind { name: "segments_at_least", fields: &[("topic", Txt), ("partition", Number), ("count", Number)] },
    GoalKind { name: "index_entries_at_least", fields: &[("topic", Txt), ("partition", Number), ("count", Number)] },
    GoalKind { name: "batch_compressed", fields: &[("topic", Txt), ("compression", Txt), ("records", Number)] },
    GoalKind { name: "records_at_least", fields: &[("topic", Txt), ("partition", OptNumber), ("count", Number)] },
    GoalKind { name: "key_in_partitions", fields: &[("topic", Txt), ("key", Txt), ("records", Number), ("partitions", Number)] },
    GoalKind { name: "group_state", fields: &[("group", Txt), ("state", Txt), ("members", OptNumber)] },
    GoalKind { name: "idle_members_at_least", fields: &[("group", Txt), ("count", Number)] },
    GoalKind { name: "partition_unowned", fields: &[("group", Txt), ("topic", Txt), ("partition", Number)] },
    GoalKind { name: "lag_at_most", fields: &[("group", Txt), ("lag", Number)] },
    GoalKind { name: "lag_at_least", fields: &[("group", Txt), ("lag", Number)] },
    GoalKind { name: "committed_at_least", fields: &[("group", Txt), ("topic", Txt), ("partition", Number), ("offset", Number)] },
    GoalKind { name: "produce_error", fields: &[("error", Txt)] },
    GoalKind { name: "acked_record_lost", fields: &[("topic", OptText)] },
    GoalKind { name: "records_truncated", fields: &[("topic", OptText)] },
    GoalKind { name: "leader_elected", fields: &[("kind", Txt), ("topic", OptText)] },
    GoalKind { name: "controller_changed", fields: &[] },
    GoalKind { name: "segments_deleted", fields: &[("topic", OptText)] },
    GoalKind { name: "log_compacted", fields: &[("topic", OptText)] },
    GoalKind { name: "rebalances_at_least", fields: &[("group", Txt), ("count", Number)] },
    GoalKind { name: "member_left", fields: &[("group", Txt), ("reason", Txt)] },
    GoalKind { name: "redelivered", fields: &[("group", Txt)] },
    GoalKind { name: "records_skipped", fields: &[("group", Txt)] },
    GoalKind { name: "delivered_twice", fields: &[("group", Txt)] },
    GoalKind { name: "out_of_order", fields: &[("group", Txt)] },
    GoalKind { name: "offset_reset", fields: &[("group", Txt)] },
    GoalKind { name: "duplicate_answered", fields: &[] },
    GoalKind { name: "transaction_ended", fields: &[("committed", Bool)] },
    GoalKind { name: "command_refused", fields: &[("error", Txt)] },
];

pub fn goal_kind(name: &str) -> Option<&'static GoalKind> {
    GOAL_KINDS.iter().find(|k| k.name == name)
}

/// Bounds on what the form takes (the lesson file's own bounds apply after).
const FIELD_BYTES_MAX: usize = 200;

/// A goal as the form holds it: its kind, one value per field, and its checklist line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoalDraft {
    pub kind: String,
    pub values: Vec<String>,
    pub text_en: String,
    pub text_ko: String,
}

/// The goal `kind` with the form's `values` (one per field, in `GoalKind::fields` order).
pub fn build_goal(kind: &str, values: &[String]) -> Result<Goal, String> {
    let k = goal_kind(kind).ok_or_else(|| format!("{kind:?} is not a goal"))?;
    let mut object = Map::new();
    object.insert("goal".into(), Value::String(k.name.into()));
    for (i, (field, fk)) in k.fields.iter().enumerate() {
        let raw = values.get(i).map(|v| v.trim()).unwrap_or("");
        if raw.len() > FIELD_BYTES_MAX {
            return Err(format!("{kind}: {field} is longer than {FIELD_BYTES_MAX} bytes"));
        }
        let value = match fk {
            OptText | OptNumber if raw.is_empty() => continue,
            Txt | Number | Bool if raw.is_empty() => return Err(format!("{kind}: {field} is needed")),
            Txt | OptText => Value::String(raw.into()),
            Number | OptNumber => Value::Number(raw.parse::<i64>().map_err(|_| format!("{kind}: {field} must be a whole number"))?.into()),
            Bool => match raw {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => return Err(format!("{kind}: {field} must be true or false")),
            },
        };
        object.insert((*field).into(), value);
    }
    // serde checks the rest: numbers in range, Kafka's error names, election kinds.
    serde_json::from_value(Value::Object(object)).map_err(|e| format!("{kind}: {e}"))
}

/// The whole form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LessonDraft {
    /// The file's name without `.json`: the lesson's id.
    pub id: String,
    pub title_en: String,
    pub title_ko: String,
    pub intro_en: String,
    pub intro_ko: String,
    /// One step per line.
    pub steps_en: String,
    pub steps_ko: String,
    pub learned_en: String,
    pub learned_ko: String,
    pub goals: Vec<GoalDraft>,
}

/// English, and Korean when written.
fn text(en: &str, ko: &str) -> Text {
    let mut t = Text::new();
    t.insert("en".into(), en.trim().to_string());
    if !ko.trim().is_empty() {
        t.insert("ko".into(), ko.trim().to_string());
    }
    t
}

fn lines(s: &str) -> Vec<&str> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// The lesson file: starting from `start` (the session now), with the draft's texts and
/// goals and no solution (an instructor's own lesson has none to show). Checked whole.
pub fn build_lesson(draft: &LessonDraft, start: SessionFile) -> Result<LessonFile, String> {
    if !crate::lesson_file::valid_lesson_id(&draft.id) {
        return Err(format!("{:?} is not a lesson id: 1-64 characters of a-z, 0-9 and -", draft.id));
    }
    let (en, ko) = (lines(&draft.steps_en), lines(&draft.steps_ko));
    if !ko.is_empty() && ko.len() != en.len() {
        return Err(format!("{} Korean steps for {} English steps: one line each, in the same order", ko.len(), en.len()));
    }
    let steps = en.iter().enumerate().map(|(i, s)| text(s, ko.get(i).copied().unwrap_or("")).into()).collect();
    let mut goals = Vec::new();
    for (i, g) in draft.goals.iter().enumerate() {
        let check = build_goal(&g.kind, &g.values).map_err(|e| format!("goal {}: {e}", i + 1))?;
        goals.push(LessonGoal { id: format!("goal-{}", i + 1), text: text(&g.text_en, &g.text_ko), check });
    }
    let lesson = LessonFile {
        format: LESSON_FORMAT.into(),
        version: LESSON_VERSION,
        title: text(&draft.title_en, &draft.title_ko),
        // The course list's line: the intro's first sentence will do for a lesson of one's own.
        summary: text(first_sentence(&draft.intro_en), first_sentence(&draft.intro_ko)),
        intro: text(&draft.intro_en, &draft.intro_ko),
        steps,
        goals,
        prediction: None,
        hints: Vec::new(),
        learned: text(&draft.learned_en, &draft.learned_ko),
        start,
        solution: Solution { end_ms: 0, commands: Vec::new() },
    };
    lesson.check().map_err(|e| e.0)?;
    Ok(lesson)
}

fn first_sentence(s: &str) -> &str {
    let s = s.trim();
    // A sentence ends at ". " (English) or at the first line break.
    let end = [s.find(". ").map(|i| i + 1), s.find('\n')].into_iter().flatten().min().unwrap_or(s.len());
    &s[..end]
}

/// The file's text, as the course's files are written (pretty JSON, one trailing newline).
pub fn lesson_json(lesson: &LessonFile) -> Result<String, String> {
    serde_json::to_string_pretty(lesson).map(|s| s + "\n").map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson_file::decode_lesson;
    use engine::{Cluster, ClusterConfig, Command, TopicConfig};

    fn session() -> SessionFile {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 7, ..ClusterConfig::default() }).unwrap();
        c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config: TopicConfig::default() })
            .unwrap();
        for _ in 0..20 {
            c.step();
        }
        c.session_file()
    }

    fn draft() -> LessonDraft {
        LessonDraft {
            id: "my-election".into(),
            title_en: "My election".into(),
            title_ko: "나의 선출".into(),
            intro_en: "Broker 1 leads orders-0. Stop it.".into(),
            steps_en: "Stop broker 1.\nWatch the election.".into(),
            steps_ko: "브로커 1을 중지하십시오.\n선출을 보십시오.".into(),
            learned_en: "A follower in the ISR takes over.".into(),
            goals: vec![GoalDraft {
                kind: "leader_is_not".into(),
                values: vec!["orders".into(), "0".into(), "1".into()],
                text_en: "Broker 1 no longer leads orders-0".into(),
                ..GoalDraft::default()
            }],
            ..LessonDraft::default()
        }
    }

    #[test]
    fn every_goal_kind_is_in_the_engines_vocabulary() {
        for k in GOAL_KINDS {
            let values: Vec<String> = k
                .fields
                .iter()
                .map(|(f, kind)| match (*f, kind) {
                    ("error", _) => "NOT_ENOUGH_REPLICAS".into(),
                    ("kind", _) => "unclean".into(),
                    ("compression", _) => "lz4".into(),
                    (_, Bool) => "true".into(),
                    (_, Number | OptNumber) => "1".into(),
                    _ => "x".into(),
                })
                .collect();
            let goal = build_goal(k.name, &values).unwrap_or_else(|e| panic!("{e}"));
            let back = serde_json::to_value(&goal).unwrap();
            assert_eq!(back["goal"], k.name);
        }
    }

    /// The form offers exactly the goals `docs/lessons.md` documents (and the first test
    /// shows the engine takes each of them).
    #[test]
    fn the_form_offers_every_documented_goal() {
        let doc = include_str!("../docs/lessons.md");
        let goals = &doc[doc.find("## Goals").unwrap()..doc.find("## Predictions").unwrap()];
        let mut documented: Vec<&str> = goals
            .lines()
            .filter_map(|l| l.strip_prefix("| `"))
            .flat_map(|l| l.split(" |").next().unwrap_or("").split(" / "))
            .map(|n| n.trim_matches('`'))
            .filter(|n| *n != "goal") // the tables' header rows
            .collect();
        documented.sort_unstable();
        let mut offered: Vec<&str> = GOAL_KINDS.iter().map(|k| k.name).collect();
        offered.sort_unstable();
        assert_eq!(offered, documented);
    }

    #[test]
    fn a_saved_lesson_opens_where_the_session_was() {
        let start = session();
        let lesson = build_lesson(&draft(), start.clone()).unwrap();
        let json = lesson_json(&lesson).unwrap();
        let back = decode_lesson(&json).expect("the course's own loader reads it");
        assert_eq!(back.start.end_ms, start.end_ms);
        assert_eq!(back.steps.len(), 2);
        assert_eq!(LessonFile::text(&back.steps[1].text, "ko"), "선출을 보십시오.");
        assert_eq!(LessonFile::text(&back.title, "ko"), "나의 선출");
        assert_eq!(LessonFile::text(&back.intro, "ko"), "Broker 1 leads orders-0. Stop it.", "no Korean: English shows");
        assert_eq!(LessonFile::text(&back.summary, "en"), "Broker 1 leads orders-0.");
        let cluster = back.start_cluster().unwrap();
        assert_eq!(cluster.now().0, start.end_ms);
    }

    #[test]
    fn bad_drafts_say_what_is_wrong() {
        let start = session();
        let bad = |f: &dyn Fn(&mut LessonDraft)| {
            let mut d = draft();
            f(&mut d);
            build_lesson(&d, start.clone()).unwrap_err()
        };
        assert!(bad(&|d| d.id = "My Lesson".into()).contains("not a lesson id"));
        assert!(bad(&|d| d.title_en.clear()).contains("title"));
        assert!(bad(&|d| d.steps_ko = "하나".into()).contains("1 Korean steps for 2 English steps"));
        assert!(bad(&|d| d.goals.clear()).contains("goals"));
        assert!(bad(&|d| d.goals[0].values[1] = "zero".into()).contains("partition must be a whole number"));
        assert!(bad(&|d| d.goals[0].values[0].clear()).contains("topic is needed"));
        assert!(bad(&|d| d.goals[0].values[2] = "99999999999".into()).contains("leader_is_not"), "out of range for a broker id");
        assert!(bad(&|d| d.goals[0].kind = "eval".into()).contains("not a goal"));
        assert!(bad(&|d| d.goals[0].text_en.clear()).contains("English"));
        let produce = build_goal("produce_error", &["NOT_A_KAFKA_ERROR".into()]).unwrap_err();
        assert!(produce.starts_with("produce_error:"), "{produce}");
    }
}
