//! A lesson of the course (issue 22): data, not code. One JSON file per lesson in `lessons/`
//! holds its texts in each language, the session it starts from (the session format of
//! `session.rs`), its goals, a prediction question and a solution as a command log.
//!
//! Goals are a small typed vocabulary evaluated against the cluster's read-only views and the
//! events it emits: they look at the cluster, never at which button was clicked, so a learner
//! who reaches them another way than the solution passes. A goal about the present (who leads,
//! who is in the ISR, the group's state) holds while it is true; a goal about something that
//! happened (a produce failed with an error, records were truncated, a rebalance ran) holds
//! from the event on. The lesson is complete once every goal holds at the same moment.
//!
//! A prediction is a multiple-choice question whose right answer the engine computes from the
//! state at the moment it is asked: from a copy of the cluster that takes the action the
//! question names, so the answer is what this engine will do, never a hard-coded letter.
//!
//! The texts are the lesson author's, carried as data: the engine never writes a sentence.

use crate::cluster::Cluster;
use crate::command::{Command, CommandError, CommandErrorKind, ProduceRequest};
use crate::event::{Acks, ElectionKind, Event, EventKind, GroupLeaveReason};
use crate::ids::{BrokerId, TopicPartition};
use crate::kafka_error::KafkaError;
use crate::session::{SessionError, SessionFile, TimedCommand};
use crate::vec_map::VecMap;
use crate::DeliveryFinding;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::sync::Arc;

pub const LESSON_FORMAT: &str = "kafka-sandbox-lesson";
pub const LESSON_VERSION: u32 = 1;
/// Largest lesson file taken from outside, checked before decoding.
pub const LESSON_BYTES_MAX: usize = 256 << 10;
pub const LESSON_GOALS_MAX: usize = 12;
pub const LESSON_STEPS_MAX: usize = 16;
pub const LESSON_HINTS_MAX: usize = 8;
/// Longest text of one language in one field.
pub const LESSON_TEXT_BYTES_MAX: usize = 4_096;
/// Commands beside one step, and the longest of them.
pub const STEP_COMMANDS_MAX: usize = 4;
pub const STEP_COMMAND_BYTES_MAX: usize = 512;
pub const LESSON_SOLUTION_COMMANDS_MAX: usize = 500;
/// Longest starting session and longest solution: one hour of simulated time each.
pub const LESSON_DURATION_MS_MAX: u64 = 3_600_000;
/// Steps the start or the solution may take to replay (1 h at the default 100 ms tick).
pub const LESSON_REPLAY_STEPS_MAX: u64 = 36_000;
/// Every text needs English (what a missing translation falls back to).
pub const LESSON_FALLBACK_LANGUAGE: &str = "en";
/// Longest a prediction's copy of the cluster runs to find its answer: 60 simulated seconds.
pub const PREDICTION_STEPS_MAX: u32 = 600;
/// Acknowledged acks=1 offsets remembered per partition (for `AckedRecordLost`).
const ACKED_OFFSETS_MAX: usize = 1_024;

/// One text in each language: `{"en": "...", "ko": "..."}`.
pub type Text = VecMap<String, String>;

/// A lesson file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonFile {
    pub format: String,
    pub version: u32,
    pub title: Text,
    /// One line for the course list.
    pub summary: Text,
    /// What the learner is about to see and why it matters.
    pub intro: Text,
    /// What to do, in order.
    pub steps: Vec<Step>,
    pub goals: Vec<LessonGoal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prediction: Option<Prediction>,
    /// Tiered hints: a nudge first, then the answer.
    #[serde(default)]
    pub hints: Vec<Hint>,
    /// Said when every goal holds: what was learned.
    pub learned: Text,
    /// The cluster the lesson starts from: replayed to its `end_ms`.
    pub start: SessionFile,
    /// One way to reach the goals, timed from the lesson's start.
    pub solution: Solution,
}

/// One step: what to do, and the commands that do it on a real cluster (issue 25), shown
/// beside the step to copy or to type in the terminal. In the file a step without commands is
/// just its text; with commands it is `{"text": {...}, "commands": ["kafka-topics.sh ..."]}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "StepFile", into = "StepFile")]
pub struct Step {
    pub text: Text,
    pub commands: Vec<String>,
}

impl From<Text> for Step {
    fn from(text: Text) -> Self {
        Step { text, commands: Vec::new() }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum StepFile {
    WithCommands { text: Text, commands: Vec<String> },
    Text(Text),
}

impl From<StepFile> for Step {
    fn from(f: StepFile) -> Self {
        match f {
            StepFile::WithCommands { text, commands } => Step { text, commands },
            StepFile::Text(text) => Step { text, commands: Vec::new() },
        }
    }
}

impl From<Step> for StepFile {
    fn from(s: Step) -> Self {
        if s.commands.is_empty() {
            StepFile::Text(s.text)
        } else {
            StepFile::WithCommands { text: s.text, commands: s.commands }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonGoal {
    /// Stable within the lesson (`[a-z0-9-]`, at most 40 bytes).
    pub id: String,
    /// The checklist's line.
    pub text: Text,
    pub check: Goal,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Hint {
    pub nudge: Text,
    pub answer: Text,
}

/// A step's command is one line for the terminal: a Kafka tool or a sandbox verb.
fn check_step_command(line: &str) -> Result<(), String> {
    if line.len() > STEP_COMMAND_BYTES_MAX {
        return Err(format!("{} bytes; at most {STEP_COMMAND_BYTES_MAX}", line.len()));
    }
    if line.contains(['\n', '\r']) {
        return Err("one line, without line breaks".into());
    }
    let last = line.rsplit('|').next().unwrap_or(line);
    let word = last.split_whitespace().next().unwrap_or("");
    if crate::tools::tool_named(word).is_none() {
        return Err(format!("{word:?} is not a tool the terminal has"));
    }
    Ok(())
}

/// The solution: commands at times counted from the lesson's start, then the clock runs to
/// `end_ms` (also from the start), by which every goal must have held.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Solution {
    pub end_ms: u64,
    pub commands: Vec<TimedCommand>,
}

/// The goals' vocabulary. Topic and group names are the lesson's; `partition` is a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "goal", rename_all = "snake_case", deny_unknown_fields)]
pub enum Goal {
    // The present: holds while true.
    /// The topic exists (with exactly `partitions` partitions when given).
    TopicExists {
        topic: String,
        partitions: Option<u32>,
    },
    LeaderIs {
        topic: String,
        partition: u32,
        broker: BrokerId,
    },
    LeaderIsNot {
        topic: String,
        partition: u32,
        broker: BrokerId,
    },
    /// The partition is offline: no leader.
    NoLeader {
        topic: String,
        partition: u32,
    },
    InIsr {
        topic: String,
        partition: u32,
        broker: BrokerId,
    },
    OutOfIsr {
        topic: String,
        partition: u32,
        broker: BrokerId,
    },
    BrokerStopped {
        broker: BrokerId,
    },
    BrokerRunning {
        broker: BrokerId,
    },
    /// An active controller other than `broker` leads the quorum.
    ControllerIsNot {
        broker: BrokerId,
    },
    LeaderEpochAtLeast {
        topic: String,
        partition: u32,
        epoch: i32,
    },
    /// The partition's log start offset (on its leader) reached `offset`: retention deleted
    /// what was below.
    LogStartAtLeast {
        topic: String,
        partition: u32,
        offset: i64,
    },
    /// The partition's leader log has at least `count` segments.
    SegmentsAtLeast {
        topic: String,
        partition: u32,
        count: u32,
    },
    /// The partition's leader log has at least `count` `.index` entries over its segments.
    IndexEntriesAtLeast {
        topic: String,
        partition: u32,
        count: u32,
    },
    /// A leader of the topic holds a batch in this codec (`none`, `gzip`, `snappy`, `lz4`,
    /// `zstd`) with at least `records` records.
    BatchCompressed {
        topic: String,
        compression: crate::record_batch::Compression,
        #[serde(default = "one")]
        records: u32,
    },
    /// At least `count` records below the high watermark, in one partition or, without
    /// `partition`, over the topic.
    RecordsAtLeast {
        topic: String,
        partition: Option<u32>,
        count: i64,
    },
    /// At least `records` records with this key (UTF-8) below the high watermark, spread over
    /// exactly `partitions` partitions.
    KeyInPartitions {
        topic: String,
        key: String,
        records: u32,
        partitions: u32,
    },
    /// The group's state by Kafka's name (`Stable`, `Empty`, ...), with exactly `members`
    /// members when given.
    GroupState {
        group: String,
        state: String,
        members: Option<u32>,
    },
    /// At least `count` members own no partition.
    IdleMembersAtLeast {
        group: String,
        count: u32,
    },
    /// No member of the group owns the partition.
    PartitionUnowned {
        group: String,
        topic: String,
        partition: u32,
    },
    /// The group's total lag (`kafka-consumer-groups.sh --describe`'s LAG summed) is at most
    /// `lag`, with a committed offset on every partition it reads.
    LagAtMost {
        group: String,
        lag: i64,
    },
    LagAtLeast {
        group: String,
        lag: i64,
    },
    CommittedAtLeast {
        group: String,
        topic: String,
        partition: u32,
        offset: i64,
    },

    // Something happened (after the lesson started): holds from then on.
    /// A produce request or a producer's batch failed, or was retried, with this error.
    ProduceError {
        error: KafkaError,
    },
    /// A record acknowledged with acks=1 was truncated away later (it was never committed).
    AckedRecordLost {
        topic: Option<String>,
    },
    RecordsTruncated {
        topic: Option<String>,
    },
    /// A leader was elected this way (`clean`, `unclean`, `preferred`, `elr` ...).
    LeaderElected {
        kind: ElectionKind,
        topic: Option<String>,
    },
    ControllerChanged,
    SegmentsDeleted {
        topic: Option<String>,
    },
    LogCompacted {
        topic: Option<String>,
    },
    /// At least `count` rebalances of the group completed.
    RebalancesAtLeast {
        group: String,
        count: u32,
    },
    /// A member left the group this way (`closed`, `session_timeout`, `max_poll_interval`,
    /// `rebalance_timeout`).
    MemberLeft {
        group: String,
        reason: String,
    },
    /// The group's consumers received offsets they had been handed before (at-least-once).
    Redelivered {
        group: String,
    },
    /// A new owner of a partition started past records a crashed member had received and not
    /// processed: nobody will process them (at-most-once).
    RecordsSkipped {
        group: String,
    },
    /// The delivery check found a record the producer wrote twice.
    DeliveredTwice {
        group: String,
    },
    /// The delivery check found a key whose records arrived out of send order.
    OutOfOrder {
        group: String,
    },
    OffsetReset {
        group: String,
    },
    /// A producer's batch was answered as a duplicate of one the broker had (idempotence).
    DuplicateAnswered,
    TransactionEnded {
        committed: bool,
    },
    /// The cluster refused a command with this error (a topic name it does not take, say).
    CommandRefused {
        error: KafkaError,
    },
}

/// The default of `batch_compressed`'s `records`.
fn one() -> u32 {
    1
}

impl Goal {
    /// Whether the goal is about something that happened (latched) rather than the present.
    pub fn is_event(&self) -> bool {
        use Goal::*;
        matches!(
            self,
            ProduceError { .. }
                | AckedRecordLost { .. }
                | RecordsTruncated { .. }
                | LeaderElected { .. }
                | ControllerChanged
                | SegmentsDeleted { .. }
                | LogCompacted { .. }
                | RebalancesAtLeast { .. }
                | MemberLeft { .. }
                | Redelivered { .. }
                | RecordsSkipped { .. }
                | DeliveredTwice { .. }
                | OutOfOrder { .. }
                | OffsetReset { .. }
                | DuplicateAnswered
                | TransactionEnded { .. }
                | CommandRefused { .. }
        )
    }
}

/// A prediction question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prediction {
    pub question: Text,
    pub ask: Ask,
    /// Shown with the reveal, beside the engine's facts.
    pub explain: Text,
}

/// What a prediction asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "ask", rename_all = "snake_case", deny_unknown_fields)]
pub enum Ask {
    /// Who leads the partition after `broker` is stopped (kill -9)?
    NextLeader { topic: String, partition: u32, broker: BrokerId },
    /// Which partition does a record with this key (UTF-8) go to?
    KeyPartition { topic: String, key: String },
    /// What happens to a record produced now with these acks?
    ProduceResult { topic: String, acks: Acks },
    /// How many members of the group own no partition once `add` more consumers join?
    IdleMembers { group: String, add: u32 },
}

/// One answer of a prediction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "answer", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Broker(BrokerId),
    NoLeader,
    Partition(u32),
    Acknowledged,
    Error(KafkaError),
    Count(u32),
}

/// A prediction asked of the cluster as it is now: the choices, the right one, and the facts
/// it follows from (named numbers and ids for the page's explanation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Predicted {
    pub choices: Vec<Answer>,
    pub answer: Answer,
    pub facts: Vec<(&'static str, Fact)>,
}

/// A number, an id or a list of ids behind a prediction's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    Number(i64),
    Brokers(Vec<BrokerId>),
}

/// Why a lesson cannot be used: one line for a person (the app shows it as it is; the
/// lesson author reads it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LessonError(pub String);

impl fmt::Display for LessonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LessonError {}

impl From<SessionError> for LessonError {
    fn from(e: SessionError) -> Self {
        LessonError(format!("start: {e}"))
    }
}

fn err(message: impl Into<String>) -> LessonError {
    LessonError(message.into())
}

impl LessonFile {
    /// Reads a lesson file from outside: its size is checked before it is decoded, then all of
    /// it is checked (`check`). (The library itself reads no JSON: the app decodes lesson files
    /// the same way, in `src/lesson_file.rs`.)
    #[cfg(feature = "cli")]
    pub fn from_json(text: &str) -> Result<LessonFile, LessonError> {
        if text.len() > LESSON_BYTES_MAX {
            return Err(err(format!("the lesson file is {} bytes; at most {LESSON_BYTES_MAX} are read", text.len())));
        }
        let lesson: LessonFile = serde_json::from_str(text).map_err(|e| err(format!("not a lesson file: {e}")))?;
        lesson.check()?;
        Ok(lesson)
    }

    /// Checks everything that can be checked without running it.
    pub fn check(&self) -> Result<(), LessonError> {
        if self.format != LESSON_FORMAT {
            return Err(err(format!("not a Kafka Sandbox lesson (format {:?}, expected {LESSON_FORMAT:?})", self.format)));
        }
        if self.version == 0 || self.version > LESSON_VERSION {
            return Err(err(format!("lesson version {} is not one this Kafka Sandbox reads (1..={LESSON_VERSION})", self.version)));
        }
        check_text("title", &self.title)?;
        check_text("summary", &self.summary)?;
        check_text("intro", &self.intro)?;
        check_text("learned", &self.learned)?;
        if self.steps.is_empty() || self.steps.len() > LESSON_STEPS_MAX {
            return Err(err(format!("a lesson has 1..={LESSON_STEPS_MAX} steps, not {}", self.steps.len())));
        }
        for (i, s) in self.steps.iter().enumerate() {
            check_text(&format!("steps[{i}]"), &s.text)?;
            if s.commands.len() > STEP_COMMANDS_MAX {
                return Err(err(format!("steps[{i}]: {} commands; at most {STEP_COMMANDS_MAX}", s.commands.len())));
            }
            for (j, c) in s.commands.iter().enumerate() {
                check_step_command(c).map_err(|why| err(format!("steps[{i}].commands[{j}]: {why}")))?;
            }
        }
        if self.goals.is_empty() || self.goals.len() > LESSON_GOALS_MAX {
            return Err(err(format!("a lesson has 1..={LESSON_GOALS_MAX} goals, not {}", self.goals.len())));
        }
        for (i, g) in self.goals.iter().enumerate() {
            let id_ok =
                !g.id.is_empty() && g.id.len() <= 40 && g.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !id_ok {
                return Err(err(format!("goals[{i}]: id {:?} must be 1-40 characters of a-z, 0-9 and -", g.id)));
            }
            if self.goals[..i].iter().any(|o| o.id == g.id) {
                return Err(err(format!("goals[{i}]: id {:?} is used twice", g.id)));
            }
            check_text(&format!("goals[{i}].text"), &g.text)?;
        }
        if self.hints.len() > LESSON_HINTS_MAX {
            return Err(err(format!("a lesson has at most {LESSON_HINTS_MAX} hints, not {}", self.hints.len())));
        }
        for (i, h) in self.hints.iter().enumerate() {
            check_text(&format!("hints[{i}].nudge"), &h.nudge)?;
            check_text(&format!("hints[{i}].answer"), &h.answer)?;
        }
        if let Some(p) = &self.prediction {
            check_text("prediction.question", &p.question)?;
            check_text("prediction.explain", &p.explain)?;
        }
        self.start.check()?;
        if self.start.end_ms > LESSON_DURATION_MS_MAX {
            return Err(err(format!("start: runs {} ms; a lesson starts within {LESSON_DURATION_MS_MAX} ms", self.start.end_ms)));
        }
        // The page replays the start when the lesson opens: bound it in steps (a 1 ms tick
        // would make the hour 3.6 M steps), as 1 h at the default 100 ms tick.
        let tick = self.start.config.tick_ms.max(1);
        for (what, ms) in [("start", self.start.end_ms), ("solution", self.solution.end_ms)] {
            if ms / tick > LESSON_REPLAY_STEPS_MAX {
                return Err(err(format!("{what}: {} steps of {tick} ms; at most {LESSON_REPLAY_STEPS_MAX}", ms / tick)));
            }
        }
        let s = &self.solution;
        if s.commands.len() > LESSON_SOLUTION_COMMANDS_MAX {
            return Err(err(format!("solution: {} commands; at most {LESSON_SOLUTION_COMMANDS_MAX}", s.commands.len())));
        }
        if s.end_ms > LESSON_DURATION_MS_MAX {
            return Err(err(format!("solution: runs {} ms; at most {LESSON_DURATION_MS_MAX} ms", s.end_ms)));
        }
        // The solution is a session of its own from the start: the same rules for its times.
        let as_session = SessionFile { end_ms: s.end_ms, commands: s.commands.clone(), ..self.start.clone() };
        as_session.check().map_err(|e| err(format!("solution: {e}")))?;
        Ok(())
    }

    /// The text in `language`, else in English (every text has English: `check`).
    pub fn text<'a>(text: &'a Text, language: &str) -> &'a str {
        text.get(language).or_else(|| text.get(LESSON_FALLBACK_LANGUAGE)).map_or("", String::as_str)
    }

    /// The languages every text of the lesson has.
    pub fn complete_languages(&self) -> Vec<String> {
        let mut texts: Vec<&Text> = vec![&self.title, &self.summary, &self.intro, &self.learned];
        texts.extend(self.steps.iter().map(|s| &s.text));
        texts.extend(self.goals.iter().map(|g| &g.text));
        for h in &self.hints {
            texts.push(&h.nudge);
            texts.push(&h.answer);
        }
        if let Some(p) = &self.prediction {
            texts.push(&p.question);
            texts.push(&p.explain);
        }
        let mut languages: Vec<String> = self.title.keys().cloned().collect();
        languages.retain(|l| texts.iter().all(|t| t.get(l).is_some_and(|s| !s.trim().is_empty())));
        languages
    }

    /// The cluster the lesson starts from.
    pub fn start_cluster(&self) -> Result<Cluster, LessonError> {
        self.check()?;
        Ok(self.start.replay()?)
    }
}

pub(crate) fn check_text(field: &str, text: &Text) -> Result<(), LessonError> {
    if text.get(LESSON_FALLBACK_LANGUAGE).is_none_or(|s| s.trim().is_empty()) {
        return Err(err(format!("{field}: the English text (\"en\") is missing")));
    }
    if text.len() > 8 {
        return Err(err(format!("{field}: at most 8 languages")));
    }
    for (language, s) in text {
        let tag_ok = (2..=8).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase() || b == b'-');
        if !tag_ok {
            return Err(err(format!("{field}: {language:?} is not a language tag such as \"en\" or \"ko\"")));
        }
        if s.len() > LESSON_TEXT_BYTES_MAX {
            return Err(err(format!("{field}.{language}: {} bytes; at most {LESSON_TEXT_BYTES_MAX}", s.len())));
        }
    }
    Ok(())
}

/// Where a learner stands in a lesson: which goals hold, fed with the cluster's events and
/// the commands it refused, then evaluated against its state after each step.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonProgress {
    /// Per goal: an event goal that happened (stays true).
    happened: Vec<bool>,
    /// Per goal: rebalances counted so far (`RebalancesAtLeast`).
    counts: Vec<u32>,
    /// Per goal: whether it held at the last evaluation.
    pub holds: Vec<bool>,
    /// Every goal held at once (stays true).
    pub complete: bool,
    /// Offsets acknowledged with acks=1, per partition (for `AckedRecordLost`).
    acked_leader_only: VecMap<TopicPartition, Vec<i64>>,
    /// The first produce outcome seen since the prediction was asked (its reveal).
    pub produce_outcome: Option<Answer>,
    /// The group's members when an `IdleMembers` question was asked (`asked`).
    pub asked_members: Option<u32>,
    /// What the prediction's question turned out to be, fixed the first time the cluster
    /// answered it (`reveal`): a later change (another election) does not rewrite it.
    pub revealed: Option<Answer>,
}

impl LessonProgress {
    pub fn new(lesson: &LessonFile) -> Self {
        let n = lesson.goals.len();
        LessonProgress { happened: vec![false; n], counts: vec![0; n], holds: vec![false; n], ..Default::default() }
    }

    /// An event the cluster emitted.
    pub fn observe(&mut self, goals: &[LessonGoal], event: &Event) {
        let e = &event.kind;
        if let EventKind::ProduceAcknowledged { partition, offset, acks: Acks::Leader, .. } = e {
            let offsets = self.acked_leader_only.entry(partition.clone()).or_default();
            if offsets.len() == ACKED_OFFSETS_MAX {
                offsets.remove(0);
            }
            offsets.push(offset.0);
        }
        if self.produce_outcome.is_none() {
            self.produce_outcome = match e {
                EventKind::ProduceAcknowledged { .. } | EventKind::ProducerBatchAcked { .. } => Some(Answer::Acknowledged),
                EventKind::ProduceFailed { error, .. } | EventKind::ProducerBatchFailed { error, .. } => Some(Answer::Error(*error)),
                _ => None,
            };
        }
        for (i, g) in goals.iter().enumerate() {
            if self.happened.get(i).copied().unwrap_or(true) {
                continue;
            }
            let happened = self.event_meets(&g.check, e, i);
            if let Some(h) = self.happened.get_mut(i) {
                *h = happened;
            }
        }
    }

    /// A command the cluster refused.
    pub fn observe_refusal(&mut self, goals: &[LessonGoal], error: &CommandError) {
        for (i, g) in goals.iter().enumerate() {
            if let (Goal::CommandRefused { error: wanted }, CommandErrorKind::Kafka(got)) = (&g.check, &error.kind) {
                if wanted == got {
                    if let Some(h) = self.happened.get_mut(i) {
                        *h = true;
                    }
                }
            }
        }
    }

    fn event_meets(&mut self, goal: &Goal, e: &EventKind, i: usize) -> bool {
        let in_topic = |topic: &Option<String>, tp: &TopicPartition| topic.as_deref().is_none_or(|t| t == &*tp.topic);
        match (goal, e) {
            (Goal::ProduceError { error }, EventKind::ProduceFailed { error: got, .. })
            | (Goal::ProduceError { error }, EventKind::ProducerBatchFailed { error: got, .. })
            | (Goal::ProduceError { error }, EventKind::ProducerBatchRetrying { error: got, .. }) => error == got,
            (Goal::AckedRecordLost { topic }, EventKind::RecordsTruncated { partition, from, to, .. }) => {
                in_topic(topic, partition)
                    && self.acked_leader_only.get(partition).is_some_and(|o| o.iter().any(|&x| from.0 <= x && x < to.0))
            }
            (Goal::RecordsTruncated { topic }, EventKind::RecordsTruncated { partition, .. }) => in_topic(topic, partition),
            (Goal::LeaderElected { kind, topic }, EventKind::LeaderElected { kind: got, partition, .. }) => {
                kind == got && in_topic(topic, partition)
            }
            (Goal::ControllerChanged, EventKind::ControllerElected { .. }) => true,
            (Goal::SegmentsDeleted { topic }, EventKind::SegmentsDeleted { partition, .. }) => in_topic(topic, partition),
            (Goal::LogCompacted { topic }, EventKind::LogCompacted { partition, .. }) => in_topic(topic, partition),
            (Goal::RebalancesAtLeast { group, count }, EventKind::RebalanceCompleted { group: g, .. }) if group == g => {
                let n = self.counts.get(i).copied().unwrap_or(0) + 1;
                if let Some(c) = self.counts.get_mut(i) {
                    *c = n;
                }
                n >= *count
            }
            (Goal::MemberLeft { group, reason }, EventKind::MemberRemoved { group: g, reason: why, .. }) => {
                group == g && leave_reason_name(why) == reason
            }
            (Goal::Redelivered { group }, EventKind::Redelivered { group: g, .. }) => group == g,
            (Goal::RecordsSkipped { group }, EventKind::RecordsSkipped { group: g, .. }) => group == g,
            (Goal::DeliveredTwice { group }, EventKind::DeliveryCheckFinding { group: g, finding, .. }) => {
                group == g && matches!(finding, DeliveryFinding::Twice { .. })
            }
            (Goal::OutOfOrder { group }, EventKind::DeliveryCheckFinding { group: g, finding, .. }) => {
                group == g && matches!(finding, DeliveryFinding::OutOfOrder { .. })
            }
            (Goal::OffsetReset { group }, EventKind::OffsetReset { group: g, .. }) => group == g,
            (Goal::DuplicateAnswered, EventKind::ProducerBatchAcked { duplicate, .. }) => *duplicate,
            (Goal::TransactionEnded { committed }, EventKind::ProducerTransactionEnded { committed: c, .. }) => committed == c,
            _ => false,
        }
    }

    /// Notes what a question's reveal compares with, from the cluster when it is asked.
    pub fn asked(&mut self, ask: &Ask, cluster: &Cluster) {
        if let Ask::IdleMembers { group, .. } = ask {
            self.asked_members = cluster.group(group).map(|g| g.members().count() as u32);
        }
    }

    /// Fixes the prediction's outcome the first time the cluster answers it.
    pub fn reveal(&mut self, ask: &Ask, cluster: &Cluster) {
        if self.revealed.is_none() {
            self.revealed = observed(ask, cluster, self);
        }
    }

    /// Evaluates every goal against the cluster now; returns whether all hold (and latches
    /// `complete` the first time they do).
    pub fn evaluate(&mut self, goals: &[LessonGoal], cluster: &Cluster) -> bool {
        self.holds = goals
            .iter()
            .enumerate()
            .map(|(i, g)| if g.check.is_event() { self.happened.get(i).copied().unwrap_or(false) } else { holds_now(&g.check, cluster) })
            .collect();
        let all = self.holds.iter().all(|h| *h);
        self.complete |= all;
        all
    }
}

/// `GroupLeaveReason`'s serde name (what a `MemberLeft` goal names).
fn leave_reason_name(r: &GroupLeaveReason) -> &'static str {
    match r {
        GroupLeaveReason::Closed => "closed",
        GroupLeaveReason::SessionTimeout { .. } => "session_timeout",
        GroupLeaveReason::MaxPollInterval { .. } => "max_poll_interval",
        GroupLeaveReason::RebalanceTimeout { .. } => "rebalance_timeout",
    }
}

fn partition_of<'c>(cluster: &'c Cluster, topic: &str, partition: u32) -> Option<&'c crate::Partition> {
    cluster.topic(topic).and_then(|t| t.partitions.get(partition as usize))
}

/// Whether a goal about the present holds in `cluster`.
pub fn holds_now(goal: &Goal, cluster: &Cluster) -> bool {
    let p = |topic: &str, partition: u32| partition_of(cluster, topic, partition);
    match goal {
        Goal::TopicExists { topic, partitions } => {
            cluster.topic(topic).is_some_and(|t| partitions.is_none_or(|n| t.partitions.len() == n as usize))
        }
        Goal::LeaderIs { topic, partition, broker } => p(topic, *partition).is_some_and(|p| p.leader == Some(*broker)),
        Goal::LeaderIsNot { topic, partition, broker } => {
            p(topic, *partition).is_some_and(|p| p.leader.is_some() && p.leader != Some(*broker))
        }
        Goal::NoLeader { topic, partition } => p(topic, *partition).is_some_and(|p| p.leader.is_none()),
        Goal::InIsr { topic, partition, broker } => p(topic, *partition).is_some_and(|p| p.isr.contains(broker)),
        Goal::OutOfIsr { topic, partition, broker } => {
            p(topic, *partition).is_some_and(|p| p.replicas.contains(broker) && !p.isr.contains(broker))
        }
        Goal::BrokerStopped { broker } => cluster.broker(*broker).is_some_and(|b| !b.running()),
        Goal::BrokerRunning { broker } => cluster.broker(*broker).is_some_and(|b| b.running()),
        Goal::ControllerIsNot { broker } => cluster.controller().is_some_and(|c| c != *broker),
        Goal::LeaderEpochAtLeast { topic, partition, epoch } => p(topic, *partition).is_some_and(|p| p.leader_epoch.0 >= *epoch),
        Goal::LogStartAtLeast { topic, partition, offset } => {
            p(topic, *partition).and_then(|p| p.leader.and_then(|l| p.logs.get(&l))).is_some_and(|log| log.log_start_offset().0 >= *offset)
        }
        Goal::SegmentsAtLeast { topic, partition, count } => p(topic, *partition)
            .and_then(|p| p.leader.and_then(|l| p.logs.get(&l)))
            .is_some_and(|log| log.segments().len() as u32 >= *count),
        Goal::IndexEntriesAtLeast { topic, partition, count } => p(topic, *partition)
            .and_then(|p| p.leader.and_then(|l| p.logs.get(&l)))
            .is_some_and(|log| log.segments().iter().map(|s| s.offset_index.len() as u32).sum::<u32>() >= *count),
        Goal::BatchCompressed { topic, compression, records } => cluster.topic(topic).is_some_and(|t| {
            t.partitions.iter().filter_map(|p| p.leader.and_then(|l| p.logs.get(&l))).any(|log| {
                (0..log.segments().len())
                    .any(|i| log.segment_batches(i).iter().any(|b| b.compression == *compression && b.count >= *records))
            })
        }),
        Goal::RecordsAtLeast { topic, partition, count } => {
            let Some(t) = cluster.topic(topic) else { return false };
            let n: i64 = t
                .partitions
                .iter()
                .filter(|p| partition.is_none_or(|n| p.tp.partition == n))
                .map(|p| {
                    let start = p.leader.and_then(|l| p.logs.get(&l)).map_or(0, |log| log.log_start_offset().0);
                    (p.high_watermark().0 - start).max(0)
                })
                .sum();
            n >= *count
        }
        Goal::KeyInPartitions { topic, key, records, partitions } => {
            let (n, parts) = key_spread(cluster, topic, key.as_bytes());
            n >= *records && parts == *partitions
        }
        Goal::GroupState { group, state, members } => {
            cluster.group(group).is_some_and(|g| g.state_name() == state && members.is_none_or(|m| g.members().count() == m as usize))
        }
        Goal::IdleMembersAtLeast { group, count } => idle_members(cluster, group).is_some_and(|n| n >= *count),
        Goal::PartitionUnowned { group, topic, partition } => cluster
            .group(group)
            .is_some_and(|g| !g.members().any(|m| m.assignment.iter().any(|tp| &*tp.topic == topic && tp.partition == *partition))),
        Goal::LagAtMost { group, lag } => {
            let rows = cluster.describe_group(group);
            !rows.is_empty() && rows.iter().all(|r| r.lag.is_some()) && rows.iter().filter_map(|r| r.lag).sum::<i64>() <= *lag
        }
        Goal::LagAtLeast { group, lag } => cluster.describe_group(group).iter().filter_map(|r| r.lag).sum::<i64>() >= *lag,
        Goal::CommittedAtLeast { group, topic, partition, offset } => cluster
            .group(group)
            .is_some_and(|g| g.committed.get(&TopicPartition::new(topic.as_str(), *partition)).is_some_and(|o| o.0 >= *offset)),
        // Event goals are answered by `LessonProgress`.
        _ => false,
    }
}

/// Records with `key` below the high watermark on the topic's leaders, and over how many
/// partitions they are spread. Bounded by the logs the cluster keeps (retention).
fn key_spread(cluster: &Cluster, topic: &str, key: &[u8]) -> (u32, u32) {
    let Some(t) = cluster.topic(topic) else { return (0, 0) };
    let (mut records, mut partitions) = (0u32, 0u32);
    for p in &t.partitions {
        let Some(log) = p.leader.and_then(|l| p.logs.get(&l)) else { continue };
        let n = log.records_between(log.log_start_offset(), p.high_watermark()).filter(|r| r.key.as_deref() == Some(key)).count() as u32;
        records += n;
        partitions += u32::from(n > 0);
    }
    (records, partitions)
}

/// Members of the group that own no partition (None: no such group).
fn idle_members(cluster: &Cluster, group: &str) -> Option<u32> {
    let g = cluster.group(group)?;
    Some(g.members().filter(|m| m.assignment.is_empty()).count() as u32)
}

/// Asks a prediction of the cluster as it is now: the choices and the answer this engine will
/// give, found on a copy of the cluster that takes the action the question names.
pub fn predict(ask: &Ask, cluster: &Cluster) -> Result<Predicted, LessonError> {
    match ask {
        Ask::NextLeader { topic, partition, broker } => {
            let p = partition_of(cluster, topic, *partition).ok_or_else(|| err(format!("no partition {topic}-{partition}")))?;
            let (replicas, isr) = (p.replicas.clone(), p.isr.clone());
            let mut copy = cluster.clone();
            copy.apply(Command::StopBroker { broker: *broker }).map_err(|e| err(format!("the copy refused the stop: {}", e.message)))?;
            let mut answer = Answer::NoLeader;
            for _ in 0..PREDICTION_STEPS_MAX {
                copy.step();
                while copy.poll_event().is_some() {}
                let leader = partition_of(&copy, topic, *partition).and_then(|p| p.leader);
                if leader != Some(*broker) {
                    answer = leader.map_or(Answer::NoLeader, Answer::Broker);
                    break;
                }
            }
            let mut choices: Vec<Answer> = replicas.iter().filter(|b| **b != *broker).map(|b| Answer::Broker(*b)).collect();
            choices.push(Answer::NoLeader);
            let facts = vec![("replicas", Fact::Brokers(replicas)), ("isr", Fact::Brokers(isr))];
            Ok(Predicted { choices, answer, facts })
        }
        Ask::KeyPartition { topic, key } => {
            let count = cluster.topic(topic).map(|t| t.partitions.len() as u32).ok_or_else(|| err(format!("no topic {topic}")))?;
            let partition = cluster.partition_for_key(topic, key.as_bytes()).unwrap_or(0);
            let hash = crate::murmur2::murmur2(key.as_bytes());
            Ok(Predicted {
                choices: (0..count).map(Answer::Partition).collect(),
                answer: Answer::Partition(partition),
                facts: vec![("partitions", Fact::Number(i64::from(count))), ("murmur2", Fact::Number(i64::from(hash)))],
            })
        }
        Ask::ProduceResult { topic, acks } => {
            let t = cluster.topic(topic).ok_or_else(|| err(format!("no topic {topic}")))?;
            let p0 = t.partitions.first().ok_or_else(|| err(format!("{topic} has no partition")))?;
            let facts = vec![
                ("isr", Fact::Brokers(p0.isr.clone())),
                ("min_insync_replicas", Fact::Number(i64::from(t.config.min_insync_replicas))),
            ];
            let mut copy = cluster.clone();
            let request = ProduceRequest {
                topic: Arc::from(topic.as_str()),
                key: None,
                value: Some(b"prediction".to_vec().into()),
                partition: Some(0),
                headers: Vec::new(),
                acks: *acks,
            };
            let mut answer = match copy.apply(Command::Produce(request)) {
                Err(CommandError { kind: CommandErrorKind::Kafka(e), .. }) => Some(Answer::Error(e)),
                Err(e) => return Err(err(format!("the copy refused the produce: {}", e.message))),
                Ok(_) => None,
            };
            let mut steps = 0;
            while answer.is_none() && steps < PREDICTION_STEPS_MAX {
                while let Some(e) = copy.poll_event() {
                    match e.kind {
                        EventKind::ProduceAcknowledged { .. } => answer = answer.or(Some(Answer::Acknowledged)),
                        EventKind::ProduceFailed { error, .. } => answer = answer.or(Some(Answer::Error(error))),
                        _ => {}
                    }
                }
                if answer.is_none() {
                    copy.step();
                    steps += 1;
                }
            }
            let answer = answer.unwrap_or(Answer::Error(KafkaError::RequestTimedOut));
            let mut choices = vec![Answer::Acknowledged, Answer::Error(KafkaError::NotEnoughReplicas)];
            if !choices.contains(&answer) {
                choices.push(answer);
            }
            Ok(Predicted { choices, answer, facts })
        }
        Ask::IdleMembers { group, add } => {
            let g = cluster.group(group).ok_or_else(|| err(format!("no group {group}")))?;
            let members = g.members().count() as u32;
            // Every assignor gives a partition to one member at most: members beyond the
            // partitions they subscribe to own none.
            let topics: crate::vec_map::VecSet<&str> = g.members().flat_map(|m| m.topics.iter().map(String::as_str)).collect();
            let partitions: u32 = topics.iter().filter_map(|t| cluster.topic(t)).map(|t| t.partitions.len() as u32).sum();
            let idle = (members + add).saturating_sub(partitions);
            let most = members + add;
            Ok(Predicted {
                choices: (0..=most.min(8)).map(Answer::Count).collect(),
                answer: Answer::Count(idle),
                facts: vec![("members", Fact::Number(i64::from(most))), ("partitions", Fact::Number(i64::from(partitions)))],
            })
        }
    }
}

/// What happened, for the reveal of a prediction once the learner acted (None: not yet).
pub fn observed(ask: &Ask, cluster: &Cluster, progress: &LessonProgress) -> Option<Answer> {
    match ask {
        Ask::NextLeader { topic, partition, broker } => {
            let p = partition_of(cluster, topic, *partition)?;
            let gone = cluster.broker(*broker).is_some_and(|b| !b.running());
            match p.leader {
                Some(l) if l != *broker => Some(Answer::Broker(l)),
                None if gone => Some(Answer::NoLeader),
                _ => None,
            }
        }
        Ask::KeyPartition { topic, key } => {
            let t = cluster.topic(topic)?;
            t.partitions.iter().find_map(|p| {
                let log = p.leader.and_then(|l| p.logs.get(&l))?;
                log.records_between(log.log_start_offset(), log.log_end_offset())
                    .any(|r| r.key.as_deref() == Some(key.as_bytes()))
                    .then_some(Answer::Partition(p.tp.partition))
            })
        }
        Ask::ProduceResult { .. } => progress.produce_outcome,
        Ask::IdleMembers { group, add } => {
            // Answered once the group is stable with the members the question added.
            let g = cluster.group(group)?;
            let want = progress.asked_members? + add;
            (g.is_stable() && g.members().count() as u32 == want).then(|| idle_members(cluster, group)).flatten().map(Answer::Count)
        }
    }
}

/// What replaying a lesson's solution showed (`check_solution`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SolutionReport {
    /// Goals that held at the start (not all may).
    pub held_at_start: Vec<bool>,
    /// When every goal first held, in ms from the lesson's start.
    pub complete_at_ms: Option<u64>,
    /// The prediction asked at the start, and what the solution showed.
    pub predicted: Option<Answer>,
    pub observed: Option<Answer>,
}

/// Types every step's commands, in order, into the terminal of the lesson's starting cluster
/// (`tools::script::Shell`, as `ksim sh` does): each must end with exit code 0, or the step
/// would teach a command that fails. Returns the transcript for an author to read.
pub fn check_step_commands(lesson: &LessonFile) -> Result<String, LessonError> {
    let mut cluster = lesson.start_cluster()?;
    while cluster.poll_event().is_some() {}
    let mut shell = crate::tools::script::Shell::new();
    for (i, step) in lesson.steps.iter().enumerate() {
        for (j, line) in step.commands.iter().enumerate() {
            shell.last_exit = None;
            shell.line(&mut cluster, line);
            // A console producer reading the terminal: the learner types the records; here
            // its input ends at once.
            if cluster.foreground().is_some_and(crate::tools::Foreground::reads_input) {
                shell.line(&mut cluster, "^D");
            }
            if shell.last_exit != Some(0) {
                return Err(LessonError(format!("steps[{i}].commands[{j}] ended with {:?}, not 0:\n{}", shell.last_exit, shell.render())));
            }
        }
    }
    Ok(shell.render())
}

/// Replays the lesson's start, then its solution, evaluating the goals after every step.
pub fn check_solution(lesson: &LessonFile) -> Result<SolutionReport, LessonError> {
    let mut cluster = lesson.start_cluster()?;
    while cluster.poll_event().is_some() {}
    let goals = &lesson.goals;
    let mut progress = LessonProgress::new(lesson);
    progress.evaluate(goals, &cluster);
    let held_at_start = progress.holds.clone();
    let predicted = match &lesson.prediction {
        Some(p) => {
            progress.asked(&p.ask, &cluster);
            Some(predict(&p.ask, &cluster)?.answer)
        }
        None => None,
    };
    let start_ms = cluster.now().0;
    let mut complete_at_ms = None;
    let mut pump = |cluster: &mut Cluster, progress: &mut LessonProgress| {
        while let Some(e) = cluster.poll_event() {
            progress.observe(goals, &e);
        }
        if progress.evaluate(goals, cluster) && complete_at_ms.is_none() {
            complete_at_ms = Some(cluster.now().0 - start_ms);
        }
        if let Some(p) = &lesson.prediction {
            progress.reveal(&p.ask, cluster);
        }
    };
    for c in &lesson.solution.commands {
        while cluster.now().0 < start_ms + c.time_ms {
            cluster.step();
            pump(&mut cluster, &mut progress);
        }
        if let Err(e) = cluster.apply(c.command.clone()) {
            progress.observe_refusal(goals, &e);
        }
        pump(&mut cluster, &mut progress);
    }
    while cluster.now().0 < start_ms + lesson.solution.end_ms {
        cluster.step();
        pump(&mut cluster, &mut progress);
    }
    Ok(SolutionReport { held_at_start, complete_at_ms, predicted, observed: progress.revealed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{ClusterConfig, TopicConfig};
    use crate::ids::TimeMs;
    use crate::session::{SESSION_FORMAT, SESSION_VERSION};

    fn text(en: &str) -> Text {
        [("en".to_string(), en.to_string()), ("ko".to_string(), format!("{en} (ko)"))].into_iter().collect()
    }

    fn lesson(goals: Vec<LessonGoal>) -> LessonFile {
        LessonFile {
            format: LESSON_FORMAT.into(),
            version: LESSON_VERSION,
            title: text("t"),
            summary: text("s"),
            intro: text("i"),
            steps: vec![text("step").into()],
            goals,
            prediction: None,
            hints: vec![],
            learned: text("l"),
            start: SessionFile {
                format: SESSION_FORMAT.into(),
                version: SESSION_VERSION,
                config: ClusterConfig { brokers: 3, seed: 1, ..ClusterConfig::default() },
                end_ms: 1_000,
                commands: vec![TimedCommand {
                    time_ms: 0,
                    command: Command::CreateTopic {
                        name: "orders".into(),
                        partitions: 3,
                        replication_factor: 3,
                        config: TopicConfig { min_insync_replicas: 2, ..TopicConfig::default() },
                    },
                }],
            },
            solution: Solution { end_ms: 0, commands: vec![] },
        }
    }

    fn goal(id: &str, check: Goal) -> LessonGoal {
        LessonGoal { id: id.into(), text: text(id), check }
    }

    #[test]
    fn check_names_what_is_wrong() {
        let ok = lesson(vec![goal("a", Goal::ControllerChanged)]);
        assert_eq!(ok.check(), Ok(()));
        let mut l = ok.clone();
        l.goals.push(goal("a", Goal::ControllerChanged));
        assert!(l.check().unwrap_err().0.contains("used twice"));
        let mut l = ok.clone();
        l.goals[0].id = "Bad Id".into();
        assert!(l.check().unwrap_err().0.contains("a-z, 0-9"));
        let mut l = ok.clone();
        l.title.remove("en");
        assert!(l.check().unwrap_err().0.starts_with("title: the English text"));
        let mut l = ok.clone();
        l.intro.insert("ko".into(), "가".repeat(LESSON_TEXT_BYTES_MAX));
        assert!(l.check().unwrap_err().0.starts_with("intro.ko:"));
        let mut l = ok.clone();
        l.goals.clear();
        assert!(l.check().is_err());
        let mut l = ok.clone();
        l.solution.commands.push(TimedCommand { time_ms: 50, command: Command::StopLoad });
        assert!(l.check().unwrap_err().0.starts_with("solution: "), "a command after the solution's end");
        let mut l = ok;
        l.title.remove("ko");
        assert_eq!(l.complete_languages(), vec!["en".to_string()]);
        assert_eq!(LessonFile::text(&l.title, "ko"), "t", "a missing translation falls back to English");
    }

    #[test]
    fn a_step_is_its_text_or_its_text_and_commands() {
        let json = r#"[{"en": "Look."}, {"text": {"en": "Create it."}, "commands": ["kafka-topics.sh --bootstrap-server localhost:9092 --create --topic t"]}]"#;
        let steps: Vec<Step> = serde_json::from_str(json).unwrap();
        assert!(steps[0].commands.is_empty());
        assert_eq!(LessonFile::text(&steps[1].text, "ko"), "Create it.");
        assert_eq!(steps[1].commands.len(), 1);
        let back = serde_json::to_string(&steps).unwrap();
        assert_eq!(back, json.replace(", ", ",").replace(": ", ":"), "a step without commands is written as its text");
        assert!(serde_json::from_str::<Vec<Step>>(r#"[{"text": {"en": "x"}, "commands": "one"}]"#).is_err());
    }

    #[test]
    fn step_commands_are_checked_then_typed_into_the_terminal() {
        let mut l = lesson(vec![goal("a", Goal::ControllerChanged)]);
        l.steps[0].commands = vec!["kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic orders".into()];
        assert_eq!(l.check(), Ok(()));
        let transcript = check_step_commands(&l).unwrap();
        assert!(transcript.contains("Topic: orders\tTopicId:"), "{transcript}");
        let mut bad = l.clone();
        bad.steps[0].commands = vec!["rm -rf /".into()];
        assert!(bad.check().unwrap_err().0.starts_with("steps[0].commands[0]: \"rm\" is not a tool"));
        bad.steps[0].commands = vec!["kafka-topics.sh --list\nkafka-topics.sh --list".into()];
        assert!(bad.check().unwrap_err().0.contains("one line"));
        bad.steps[0].commands = vec!["sleep 1".into(); STEP_COMMANDS_MAX + 1];
        assert!(bad.check().unwrap_err().0.contains("at most"));
        // A command that fails on the lesson's cluster is caught by the course check.
        bad.steps[0].commands = vec!["kafka-topics.sh --bootstrap-server localhost:9092 --describe --topic nope".into()];
        let e = check_step_commands(&bad).unwrap_err().0;
        assert!(e.starts_with("steps[0].commands[0] ended with Some(1)"), "{e}");
        // A console producer waiting for records gets its end of input.
        bad.steps[0].commands = vec!["kafka-console-producer.sh --bootstrap-server localhost:9092 --topic orders".into()];
        assert!(check_step_commands(&bad).is_ok());
    }

    #[test]
    fn present_goals_follow_the_cluster_and_event_goals_stay() {
        let l = lesson(vec![
            goal("stopped", Goal::BrokerStopped { broker: BrokerId(2) }),
            goal("elected", Goal::LeaderElected { kind: ElectionKind::Clean, topic: Some("orders".into()) }),
        ]);
        let mut cluster = l.start_cluster().unwrap();
        while cluster.poll_event().is_some() {}
        let mut p = LessonProgress::new(&l);
        assert!(!p.evaluate(&l.goals, &cluster));
        cluster.apply(Command::StopBroker { broker: BrokerId(2) }).unwrap();
        for _ in 0..150 {
            cluster.step();
            while let Some(e) = cluster.poll_event() {
                p.observe(&l.goals, &e);
            }
            p.evaluate(&l.goals, &cluster);
        }
        assert_eq!(p.holds, vec![true, true]);
        assert!(p.complete);
        cluster.apply(Command::StartBroker { broker: BrokerId(2) }).unwrap();
        cluster.step();
        p.evaluate(&l.goals, &cluster);
        assert_eq!(p.holds, vec![false, true], "the present moved on; the election stays done");
        assert!(p.complete, "complete stays complete");
    }

    #[test]
    fn a_lesson_that_would_replay_millions_of_steps_is_refused() {
        let mut l = lesson(vec![goal("stopped", Goal::BrokerStopped { broker: BrokerId(2) })]);
        l.start.config.tick_ms = 1;
        l.start.end_ms = 3_600_000;
        l.start.commands.iter_mut().for_each(|c| c.time_ms = 0);
        let e = l.check().unwrap_err();
        assert!(e.0.contains("start: 3600000 steps of 1 ms"), "{}", e.0);
    }

    #[test]
    fn a_refused_command_meets_command_refused_with_its_error_only() {
        let l = lesson(vec![goal("refused", Goal::CommandRefused { error: KafkaError::InvalidTopicException })]);
        let mut cluster = l.start_cluster().unwrap();
        let mut p = LessonProgress::new(&l);
        let wrong = CommandError::new(CommandErrorKind::Kafka(KafkaError::NotEnoughReplicas), "x");
        p.observe_refusal(&l.goals, &wrong);
        assert!(!p.evaluate(&l.goals, &cluster));
        let e = cluster
            .apply(Command::CreateTopic { name: "bad name".into(), partitions: 1, replication_factor: 1, config: TopicConfig::default() })
            .unwrap_err();
        p.observe_refusal(&l.goals, &e);
        assert!(p.evaluate(&l.goals, &cluster));
    }

    #[test]
    fn predictions_are_answered_by_a_copy_and_leave_the_cluster_alone() {
        let l = lesson(vec![goal("a", Goal::ControllerChanged)]);
        let cluster = l.start_cluster().unwrap();
        let before = cluster.snapshot_hash();
        let p = predict(&Ask::KeyPartition { topic: "orders".into(), key: "user-2".into() }, &cluster).unwrap();
        assert_eq!(p.answer, Answer::Partition(crate::murmur2::partition_for_key(b"user-2", 3)));
        assert_eq!(p.choices.len(), 3);
        let leader = cluster.topic("orders").unwrap().partitions[0].leader.unwrap();
        let p = predict(&Ask::NextLeader { topic: "orders".into(), partition: 0, broker: leader }, &cluster).unwrap();
        assert!(matches!(p.answer, Answer::Broker(b) if b != leader));
        assert!(p.choices.contains(&p.answer) && p.choices.contains(&Answer::NoLeader));
        let p = predict(&Ask::ProduceResult { topic: "orders".into(), acks: Acks::All }, &cluster).unwrap();
        assert_eq!(p.answer, Answer::Acknowledged);
        assert!(predict(&Ask::KeyPartition { topic: "nope".into(), key: "k".into() }, &cluster).is_err());
        assert_eq!(cluster.snapshot_hash(), before, "asking changes nothing");
        assert_eq!(cluster.now(), TimeMs(1_000));
    }
}
