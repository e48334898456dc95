//! One learner's session: the engine, its seed, and the timeline built from its events. Plain
//! data (no signals), so it can be tested without a DOM; the app wraps it at the edge.

use crate::event_log::{Cursor, EventLog};
use crate::history::{History, Moment, SEEK_STEPS_MAX};
use crate::i18n::{count, key, Tr};
use crate::lesson::{ActiveLesson, LessonCode};
use crate::narration::{entry, TimelineEntry, Told, TIMELINE_MAX};
use crate::producer_fates::{FormSend, ProducerFates, SendState};
use engine::lesson::LessonFile;
use engine::session::{SessionFile, TimedCommand};
use engine::tools::transcript::{Piece, Transcript};
use engine::tools::ToolSignal;
use engine::vec_map::VecMap;
use engine::{Acks, Cluster, ClusterConfig, Command, EventKind, Outcome, ProduceRecord, ProducerHandle, TopicConfig};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};

/// Timeline entry ids are unique across sessions on the page, so a reset never reuses an id
/// (keyed lists and "has the timeline changed" checks rely on that).
static ENTRY_IDS: AtomicU64 = AtomicU64::new(0);

/// What the continuous load's requests came to since it started (the engine counts those sent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// The load's records that failed for good, by Kafka error name (from its producer's events).
    pub failed: VecMap<&'static str, u64>,
}

impl LoadStats {
    /// "N sent, N acknowledged, N retried, N failed (ERROR ×n)": the counts are the load's
    /// producer client's own.
    pub fn summary(&self, load: &engine::LoadGenerator, retries: u64, tr: Tr) -> String {
        let by_error = if load.failed > 0 && !self.failed.is_empty() {
            let parts: Vec<String> = self.failed.iter().map(|(k, v)| format!("{k} ×{v}")).collect();
            format!(" ({})", parts.join(", "))
        } else {
            String::new()
        };
        let mut s = tr.f(
            key("load-stats-line"),
            &[
                ("sent", count(load.sent)),
                ("acked", count(load.acked)),
                ("retried", count(retries)),
                ("failed", count(load.failed)),
                ("errors", by_error.into()),
            ],
        );
        if load.refused > 0 {
            s.push_str(&tr.f("load-stats-refused", &[("refused", count(load.refused))]));
        }
        s
    }
}

/// The session's own readers of its event log.
#[derive(Debug, Clone, Default)]
struct Readers {
    produce: Cursor,
    timeline: Cursor,
    producers: Cursor,
    lesson: Cursor,
    terminal: Cursor,
}

pub struct Session {
    pub cluster: Cluster,
    pub timeline: VecDeque<TimelineEntry>,
    next_entry: u64,
    /// Every event drained from the engine, read by the session's readers (and lessons) through
    /// their own cursors.
    pub events: EventLog,
    cursors: Readers,
    /// The producer clients' recent fates, and the Produce form's last record.
    pub fates: ProducerFates,
    /// The producer the Produce form creates on its first send ("console-producer"), with the
    /// acks it was created with.
    console: Option<(ProducerHandle, Acks)>,
    pub load_stats: LoadStats,
    /// Total lag per group, sampled every `LAG_SAMPLE_MS` of simulated time (bounded).
    pub lag_history: VecMap<String, VecDeque<(u64, i64)>>,
    /// Bumped on every sample: the lag charts redraw only when it moves.
    pub lag_samples: u64,
    next_lag_sample_ms: u64,
    /// The lesson being taken, if any (issue 22).
    pub lesson: Option<ActiveLesson>,
    /// While an earlier moment is shown (issue 23): the recorded commands still ahead of it,
    /// re-applied at their times as its clock runs ("Play from here").
    replay: VecDeque<TimedCommand>,
    /// Checkpoints, the parked live session while the past is shown, a fork's dropped future.
    pub history: History,
    /// The terminal's transcript (issue 25): rebuilt from the command log like the timeline, so
    /// a shared or rewound session shows what its terminal showed.
    pub terminal: Transcript,
}

impl Session {
    /// A copy for the history: everything but the history itself, and no old events (every
    /// reader has read them). In the hosted page this code is in the tick's chunk
    /// (`history::install_copy`).
    pub(crate) fn copy_for_history(&self) -> Session {
        Session {
            cluster: self.cluster.clone(),
            timeline: self.timeline.clone(),
            next_entry: self.next_entry,
            events: self.events.emptied(),
            cursors: self.cursors.clone(),
            fates: self.fates.clone(),
            console: self.console,
            load_stats: self.load_stats.clone(),
            lag_history: self.lag_history.clone(),
            lag_samples: self.lag_samples,
            next_lag_sample_ms: self.next_lag_sample_ms,
            lesson: self.lesson.clone(),
            replay: self.replay.clone(),
            history: History::default(),
            terminal: self.terminal.clone(),
        }
    }
}

/// Steps per call when a session is replayed from its file (`Session::step_in_calls`): a
/// simulated second at the default tick.
pub const REPLAY_STEPS_PER_CALL: u32 = 10;

/// Lag is sampled once per simulated second and kept for `LAG_POINTS_MAX` samples (5 minutes).
pub const LAG_SAMPLE_MS: u64 = 1_000;
pub const LAG_POINTS_MAX: usize = 300;

/// The cluster a learner starts with: 3 brokers and `orders` (3 partitions, RF 3, min ISR 2).
pub const DEFAULT_TOPIC: &str = "orders";

/// The client.id of the producer the Produce form sends with (as `kafka-console-producer.sh`'s).
pub const CONSOLE_CLIENT_ID: &str = "console-producer";

/// The Produce form's own client: Kafka's defaults, with the form's `acks`.
pub fn form_producer_pairs(acks: Acks) -> Vec<(String, String)> {
    vec![("client.id".to_string(), CONSOLE_CLIENT_ID.to_string()), ("acks".to_string(), acks.label().to_string())]
}

impl Session {
    pub fn new(seed: u64) -> Self {
        Self::with_cluster(seed, 3, false)
    }

    /// A fresh session; `brokers` outside 1..=9 falls back to 3, and `elr` turns eligible leader
    /// replicas (KIP-966) on. The default topic gets the largest replication factor up to 3 the
    /// cluster allows.
    pub fn with_cluster(seed: u64, brokers: u32, elr: bool) -> Self {
        let brokers = if (1..=9).contains(&brokers) { brokers } else { 3 };
        let config = ClusterConfig { brokers, seed, eligible_leader_replicas_enable: elr, ..ClusterConfig::default() };
        let cluster = match Cluster::new(config) {
            Ok(c) => c,
            // The default config is valid; fall back to the engine's defaults if that ever changes.
            Err(_) => Cluster::new(ClusterConfig::default()).unwrap_or_else(|_| unreachable!()),
        };
        let rf = brokers.min(3);
        let mut s = Self::from_cluster(cluster);
        // The first command of every session (so a saved session replays it too), told as a
        // replay tells it.
        let _ = s.apply_logged(Command::CreateTopic {
            name: DEFAULT_TOPIC.into(),
            partitions: 3,
            replication_factor: rf,
            config: TopicConfig { min_insync_replicas: rf.min(2), ..TopicConfig::default() },
        });
        s.history = History::starting_at(&s);
        s
    }

    /// A session over a cluster built elsewhere (a lesson's start, replayed).
    pub fn from_cluster(cluster: Cluster) -> Self {
        let mut s = Session {
            cluster,
            timeline: VecDeque::new(),
            next_entry: 0,
            events: EventLog::default(),
            cursors: Readers::default(),
            fates: ProducerFates::default(),
            console: None,
            load_stats: LoadStats::default(),
            lag_history: VecMap::new(),
            lag_samples: 0,
            next_lag_sample_ms: 0,
            lesson: None,
            replay: VecDeque::new(),
            history: History::default(),
            terminal: Transcript::default(),
        };
        s.drain_events();
        s.history = History::starting_at(&s);
        s
    }

    /// A session at the start of a lesson: its starting session replayed, the lesson watching
    /// from there (what happened before the start is not the learner's doing).
    /// `code` runs the lesson (`chunks::lesson_code` loads it), and this too.
    pub fn from_lesson(id: &str, file: LessonFile, code: &'static LessonCode) -> Result<Self, String> {
        (code.session)(id, file, code)
    }

    /// `from_lesson`, in the lessons' code (`LessonCode::session`).
    pub(crate) fn lesson_start(id: &str, file: LessonFile, code: &'static LessonCode) -> Result<Self, String> {
        let cluster = file.start_cluster().map_err(|e| e.0)?;
        let mut s = Self::from_cluster(cluster);
        s.lesson = Some(ActiveLesson::new(id.to_string(), file, &s.cluster, code));
        s.cursors.lesson = s.events.end();
        // The history starts where the lesson does.
        s.history = History::starting_at(&s);
        Ok(s)
    }

    /// The session `file` describes, rebuilt through a session (so the timeline, the lag
    /// charts and the producers' fates come back as they were): each command at its time, then
    /// the clock to `end_ms`. With `lesson`, the file must begin with the lesson's start (a
    /// link taken during a lesson): the lesson opens there and sees the learner's commands.
    pub fn replay(file: &SessionFile, lesson: Option<(&str, LessonFile, &'static LessonCode)>) -> Result<Self, String> {
        file.check().map_err(|e| e.0)?;
        let (mut s, skip) = match lesson {
            Some((id, l, code)) => {
                let n = l.start.commands.len();
                if l.start.config != file.config || file.commands.get(..n) != Some(&l.start.commands[..]) {
                    return Err(format!("the session does not begin where lesson {id} begins"));
                }
                (Self::from_lesson(id, l, code)?, n)
            }
            None => {
                let cluster = Cluster::new(file.config.clone()).map_err(|e| format!("the session's cluster config is invalid: {e}"))?;
                (Self::from_cluster(cluster), 0)
            }
        };
        for (i, c) in file.commands.iter().enumerate().skip(skip) {
            let now = s.cluster.now().0;
            if c.time_ms < now {
                return Err(format!("command {i} is at {} ms but the clock is already at {now} ms", c.time_ms));
            }
            s.step_in_calls(((c.time_ms - now) / file.config.tick_ms.max(1)) as u32);
            // Refused commands stay refused, as they were when logged.
            let outcome = s.apply(c.command.clone());
            // The Produce form's own producer is the form's again.
            if let (Command::CreateProducer { config }, Ok(o)) = (&c.command, &outcome) {
                let is = |k: &str, v: &str| config.iter().any(|(a, b)| a == k && b == v);
                let acks = config.iter().find(|(k, _)| k == "acks").and_then(|(_, v)| Acks::parse(v)).unwrap_or(Acks::All);
                if let (true, Some(p)) = (is("client.id", CONSOLE_CLIENT_ID), o.producer()) {
                    s.console = Some((p, acks));
                }
            }
        }
        let now = s.cluster.now().0;
        if file.end_ms > now {
            s.step_in_calls(((file.end_ms - now) / file.config.tick_ms.max(1)) as u32);
        }
        Ok(s)
    }

    /// `steps` steps, at most `REPLAY_STEPS_PER_CALL` a call, as the page steps a live session:
    /// each call ends by reading the cluster's events. One call for a long replay let them pile
    /// up: past the event logs' bounds the timeline missed some, and every checkpoint taken on
    /// the way copied those unread (R: 0.5-0.9 MB more a copy, 6 checkpoints at 150 s instead of
    /// 38).
    fn step_in_calls(&mut self, mut steps: u32) {
        while steps > 0 {
            let n = steps.min(REPLAY_STEPS_PER_CALL);
            self.step(n);
            steps -= n;
        }
    }

    /// "Show solution": the lesson from its start again, with its solution's commands applied
    /// at their times as the clock runs.
    pub fn show_solution(&mut self) -> Result<(), String> {
        self.reset_lesson()?;
        if let Some(l) = self.lesson.as_mut() {
            l.solution_queue = l.file.solution.commands.iter().cloned().collect();
        }
        Ok(())
    }

    /// "Reset lesson": the lesson from its start again.
    pub fn reset_lesson(&mut self) -> Result<(), String> {
        let Some(l) = self.lesson.as_ref() else { return Err("no lesson is open".into()) };
        let (id, file, code) = (l.id.clone(), (*l.file).clone(), l.code);
        *self = Self::from_lesson(&id, file, code)?;
        Ok(())
    }

    /// Applies a learner's command; the error is a readable sentence for the UI. Given while
    /// an earlier moment is shown, it forks the session (the recorded future is dropped; Undo
    /// fork puts it back).
    pub fn apply(&mut self, command: Command) -> Result<Outcome, String> {
        self.settle_history();
        if self.history.is_past() {
            self.fork();
        }
        self.apply_logged(command)
    }

    /// Applies a command, whoever gives it (the learner, a lesson's solution, the recorded past).
    fn apply_logged(&mut self, command: Command) -> Result<Outcome, String> {
        // What the terminal shows of the command itself; its output follows as events.
        let typed = match &command {
            Command::RunTool { line } => Some(Piece::Command(line.clone())),
            Command::ToolInput { line } => Some(Piece::Input(line.clone())),
            Command::ToolSignal { signal: ToolSignal::Interrupt } => Some(Piece::Interrupt),
            _ => None,
        };
        let terminal = typed.is_some();
        if let Some(piece) = typed {
            self.terminal.push(piece);
        }
        // The timeline lists the real command beside what it caused (issue 25), after what
        // happened before it.
        self.drain_events();
        if let Some(line) = engine::tools::command_line::real_command(&command, &self.cluster) {
            let now = self.cluster.now().0;
            self.tell_in(now, Told::Command { line }, "command");
        }
        let r = self.cluster.apply(command);
        if let (Err(e), true) = (&r, terminal) {
            self.terminal.push(Piece::Refused(e.message.clone()));
        }
        if let (Err(e), Some(l)) = (&r, self.lesson.as_mut()) {
            l.observe_refusal(e);
        }
        self.drain_events();
        r.map_err(|e| e.to_string())
    }

    /// One record from the Produce form, sent through a producer client: `via` a producer the
    /// learner chose, or else the form's own "console-producer" (created with the form's `acks`
    /// on the first send, and again when `acks` changes: the old one is closed). `None` key = null
    /// key, `None` value = a tombstone. Its fate arrives with the producer's events
    /// (`fates.form`).
    pub fn send_from_form(
        &mut self,
        via: Option<ProducerHandle>,
        topic: &str,
        key: Option<&str>,
        value: Option<&str>,
        acks: Acks,
    ) -> Result<u64, String> {
        let producer = match via {
            Some(p) => p,
            None => self.console_producer(acks)?,
        };
        let record = ProduceRecord {
            topic: topic.into(),
            key: key.map(|k| k.as_bytes().into()),
            value: value.map(|v| v.as_bytes().into()),
            partition: None,
            headers: Vec::new(),
        };
        let send_id = match self.apply(Command::Send { producer, record })? {
            Outcome::Queued(id) => id,
            _ => return Err("the producer did not queue the record".into()),
        };
        let partition = self.cluster.producer(producer).and_then(|c| c.partition_of(send_id)).cloned();
        self.fates.form = partition.map(|partition| FormSend { producer, send_id, partition, state: SendState::Pending });
        Ok(send_id)
    }

    /// The form's producer for `acks`: the running one, or a new one.
    fn console_producer(&mut self, acks: Acks) -> Result<ProducerHandle, String> {
        if let Some((p, a)) = self.console {
            let open = self.cluster.producer(p).is_some_and(|c| !c.closing);
            if open && a == acks {
                return Ok(p);
            }
            if open {
                let _ = self.apply(Command::CloseProducer { producer: p });
            }
            self.console = None;
        }
        let p =
            self.apply(Command::CreateProducer { config: form_producer_pairs(acks) })?.producer().ok_or("the producer was not created")?;
        self.console = Some((p, acks));
        Ok(p)
    }

    /// Starts (or replaces) the continuous load; the engine produces it as logical time advances.
    pub fn start_load(&mut self, topic: &str, rate_per_s: u32, key_count: u32, acks: Acks) -> Result<(), String> {
        self.apply(Command::StartLoad { topic: topic.into(), rate_per_s, key_count, acks, producer_config: Vec::new() })?;
        self.load_stats = LoadStats::default();
        Ok(())
    }

    /// "N sent, N acknowledged, N failed (...)" of the running load.
    pub fn load_summary(&self, tr: Tr) -> String {
        let Some(load) = self.cluster.load() else { return String::new() };
        let retries = load.producer.and_then(|p| self.cluster.producer(p)).map_or(0, |p| p.stats.retries);
        self.load_stats.summary(load, retries, tr)
    }

    /// Id the next timeline entry will get: changes exactly when an entry is added.
    pub fn timeline_head(&self) -> u64 {
        self.next_entry
    }

    pub fn stop_load(&mut self) {
        let _ = self.apply(Command::StopLoad);
    }

    /// Runs simulated time on by `steps` ticks (a seek still replaying stops where it is).
    pub fn step(&mut self, steps: u32) {
        self.history.set_target(None);
        self.step_inner(steps, false);
    }

    /// As `step`, for the page's timer: a checkpoint due at the last step is not copied now but
    /// left for the page's next idle moment (`idle_work`), or taken before the session next
    /// changes, and retired copies wait for idle moments too. A checkpoint costs a few steps'
    /// work (scenario R: ~1 ms natively against 0.15 for a step), which in the tick's own task
    /// made that tick's frame the page's heaviest at 4x CPU (issue 26).
    pub fn step_deferring(&mut self, steps: u32) {
        self.history.set_target(None);
        self.step_inner(steps, true);
    }

    /// Work the page leaves for its idle moments: the pending checkpoint, else one retired copy
    /// freed. Returns whether any is left.
    pub fn idle_work(&mut self) -> bool {
        if self.history.has_pending() {
            self.settle_history();
        } else {
            self.history.free_retired(1);
        }
        self.history.has_idle_work()
    }

    /// Takes a checkpoint left pending (`step_deferring`) before the session changes.
    pub fn settle_history(&mut self) {
        if self.history.has_pending() {
            let mut h = std::mem::take(&mut self.history);
            h.take_pending(self);
            self.history = h;
        }
    }

    /// Which state the session is in, as a pending checkpoint knows it.
    pub(crate) fn moment(&self) -> Moment {
        Moment { time_ms: self.cluster.now().0, commands: self.cluster.command_log().len(), timeline_head: self.next_entry }
    }

    /// Whether the session can step: the tick's code is here (`chunks::load_ticks`; always where
    /// it is linked in). Until then every step is refused whole, so time stays where it is and
    /// a replay of the session later is the same.
    pub fn can_step() -> bool {
        crate::chunks::ticks_loaded()
    }

    fn step_inner(&mut self, steps: u32, defer_last: bool) {
        if !Self::can_step() {
            return;
        }
        self.settle_history();
        let mut deferred = false;
        for i in 0..steps {
            self.apply_due_recorded();
            self.apply_due_solution();
            self.cluster.step();
            self.sample_lag();
            // A lesson's goals are checked after every step: one that holds only for a moment
            // still counts (a lesson's cluster is small, so this costs little).
            if self.lesson.is_some() {
                self.drain_events();
            }
            if !self.history.is_past() {
                let mut h = std::mem::take(&mut self.history);
                deferred |= h.after_live_step(self, defer_last && i + 1 == steps);
                self.history = h;
            }
        }
        // The moment reached includes the commands recorded at it.
        self.apply_due_recorded();
        self.drain_events();
        self.rejoin_live_when_caught_up();
        if deferred {
            let moment = self.moment();
            self.history.leave_pending(moment);
        }
    }

    /// The recorded commands whose time has come, while an earlier moment plays on.
    fn apply_due_recorded(&mut self) {
        let now = self.cluster.now().0;
        while self.replay.front().is_some_and(|c| c.time_ms <= now) {
            if let Some(c) = self.replay.pop_front() {
                // Refused commands stay refused, as they were when logged.
                let _ = self.apply_logged(c.command);
            }
        }
    }

    /// Once the shown past has replayed every recorded command and reached the live moment,
    /// it is the live session (the engine is deterministic): the parked copy goes.
    fn rejoin_live_when_caught_up(&mut self) {
        let caught_up = self.history.live_ms().is_some_and(|live| self.cluster.now().0 >= live);
        if caught_up && self.replay.is_empty() {
            self.history.unpark();
        }
    }

    /// Shows moment `t` (clamped to the session's start and its live moment): the live session
    /// is parked, and a copy of the nearest checkpoint at or before `t` replays the recorded
    /// commands up to `t`. Moving forward within the shown past just steps on. `t` at the live
    /// moment shows the live session again. A replay of more than `SEEK_STEPS_MAX` steps stops
    /// there, and `continue_seek` carries it on (the page calls it every tick).
    pub fn seek(&mut self, t: u64) {
        self.seek_within(t, SEEK_STEPS_MAX);
    }

    /// As `seek`, replaying at most `first_steps` steps at once (the page gives as many as fit
    /// its time budget for a seek, `history::SEEK_ENGINE_MS`, by the steps' measured cost).
    pub fn seek_within(&mut self, t: u64, first_steps: u32) {
        let first_steps = first_steps.max(1);
        self.settle_history();
        self.history.set_target(None);
        let now = self.cluster.now().0;
        let live_ms = self.history.live_ms().unwrap_or(now);
        let t = t.min(live_ms);
        if t == now {
            return;
        }
        if t == live_ms {
            if let Some(mut live) = self.history.unpark() {
                self.swap_shown(&mut live);
                self.history.retire_shown(live);
            }
            return;
        }
        let from = self.history.checkpoint_for(t).map(|c| c.time_ms);
        // Forward within the shown past, with no checkpoint closer: step on.
        if self.history.is_past() && now < t && from.is_none_or(|c| c <= now) {
            self.step_towards(t, first_steps);
            return;
        }
        let Some(c) = self.history.checkpoint_for(t) else { return };
        // None only before the copying code has arrived, when there is no past to show.
        let Some(mut past) = c.restore() else { return };
        let log = self.history.parked().unwrap_or(self).cluster.command_log();
        past.replay = log.range(c.commands..).cloned().collect();
        if let Some(l) = past.lesson.as_mut() {
            // Its commands are in the log, replayed with the others.
            l.solution_queue.clear();
        }
        self.swap_shown(&mut past);
        // `past` now holds what was shown: the live session (parked) or an earlier past, freed
        // in an idle moment (dropping a copy of R's cluster is ~2 ms of the seek in the page).
        if self.history.is_past() {
            self.history.retire_shown(past);
        } else {
            self.history.park(past);
        }
        self.step_towards(t, first_steps);
    }

    /// At most `max_steps` steps towards `t`; the rest is left for `continue_seek`.
    fn step_towards(&mut self, t: u64, max_steps: u32) {
        let tick = self.cluster.config().tick_ms.max(1);
        let left = t.saturating_sub(self.cluster.now().0) / tick;
        self.step_inner(left.min(u64::from(max_steps)) as u32, false);
        let reached = self.cluster.now().0 + tick > t;
        self.history.set_target((!reached && self.history.is_past()).then_some(t));
    }

    /// Carries a long seek on by at most `max_steps`; true while it still has a way to go.
    pub fn continue_seek(&mut self, max_steps: u32) -> bool {
        let Some(t) = self.history.target_ms() else { return false };
        self.step_towards(t, max_steps);
        self.history.target_ms().is_some()
    }

    /// Puts `other`'s state on show and this one's in `other`; the history stays.
    fn swap_shown(&mut self, other: &mut Session) {
        std::mem::swap(self, other);
        std::mem::swap(&mut self.history, &mut other.history);
    }

    /// The recorded future goes (to the history's dropped future); the timeline says so.
    fn fork(&mut self) {
        self.history.set_target(None);
        let at_ms = self.cluster.now().0;
        let dropped_to_ms = self.history.live_ms().unwrap_or(at_ms);
        self.replay.clear();
        self.history.fork(at_ms);
        self.tell(at_ms, Told::Forked { dropped_to_ms });
    }

    /// Undo fork: the forked branch goes, the dropped future comes back, and the page shows
    /// the moment of the fork again (with that future ahead of it). False if there was none.
    pub fn undo_fork(&mut self) -> bool {
        let Some((mut live, at_ms)) = self.history.undo_fork() else { return false };
        self.swap_shown(&mut live);
        self.seek(at_ms);
        true
    }

    /// A timeline entry of the session's own (not an engine event).
    fn tell(&mut self, time_ms: u64, told: Told) {
        self.tell_in(time_ms, told, "fork");
    }

    fn tell_in(&mut self, time_ms: u64, told: Told, category: &'static str) {
        let id = ENTRY_IDS.fetch_add(1, Ordering::Relaxed);
        self.next_entry = id + 1;
        self.timeline.push_front(TimelineEntry { id, time_ms, kind: told, category });
        self.timeline.truncate(TIMELINE_MAX);
    }

    /// "Show solution": the solution's commands whose time has come.
    fn apply_due_solution(&mut self) {
        let now = self.cluster.now().0;
        let due = self.lesson.as_mut().map(|l| l.due_solution_commands(now)).unwrap_or_default();
        for c in due {
            let _ = self.apply_logged(c.command);
        }
    }

    /// Records each group's total lag (the engine computes it) once per simulated second.
    fn sample_lag(&mut self) {
        let now = self.cluster.now().0;
        if now < self.next_lag_sample_ms {
            return;
        }
        self.next_lag_sample_ms = now + LAG_SAMPLE_MS;
        let groups: Vec<String> = self.cluster.groups().map(|g| g.group_id.clone()).collect();
        for g in groups {
            let lag = self.cluster.group_lag(&g);
            let h = self.lag_history.entry(g).or_default();
            h.push_back((now, lag));
            while h.len() > LAG_POINTS_MAX {
                h.pop_front();
            }
        }
        self.lag_samples += 1;
    }

    /// Moves the engine's new events into the event log, then lets each of the session's
    /// readers read what is new to it.
    fn drain_events(&mut self) {
        while let Some(e) = self.cluster.poll_event() {
            self.history.observe(&e);
            self.events.push(e);
        }
        self.read_produce_outcomes();
        self.read_producer_fates();
        self.read_timeline();
        self.read_lesson();
        self.read_terminal();
    }

    /// What the terminal's tools printed.
    fn read_terminal(&mut self) {
        let (events, _missed) = self.events.read(&mut self.cursors.terminal);
        for e in events {
            self.terminal.observe(&e.kind);
        }
    }

    /// A line typed at the terminal: input for the tool holding it (a console producer), or a
    /// command. `help` and `clear` are the terminal's own and are not logged.
    pub fn terminal_line(&mut self, line: &str) -> Result<(), String> {
        if self.cluster.foreground().is_some_and(|f| f.reads_input()) {
            return self.apply(Command::ToolInput { line: line.to_string() }).map(|_| ());
        }
        if self.cluster.foreground().is_some() {
            // A consumer holds the terminal: a real terminal would echo the line and leave it
            // for the shell; the sandbox keeps it out of the way.
            return Err("busy".into());
        }
        match line.trim() {
            "" => {
                self.terminal.push(Piece::Command(String::new()));
                Ok(())
            }
            "help" => {
                self.terminal.push(Piece::Command("help".into()));
                self.terminal.push(Piece::Help);
                Ok(())
            }
            "clear" => {
                self.terminal.clear();
                Ok(())
            }
            _ => self.apply(Command::RunTool { line: line.to_string() }).map(|_| ()),
        }
    }

    /// Ctrl-D or Ctrl-C to the tool holding the terminal.
    pub fn terminal_signal(&mut self, signal: ToolSignal) -> Result<(), String> {
        self.apply(Command::ToolSignal { signal }).map(|_| ())
    }

    /// The lesson sees every event, then checks its goals against the cluster as it is now.
    fn read_lesson(&mut self) {
        let Some(l) = self.lesson.as_mut() else { return };
        let (events, _missed) = self.events.read(&mut self.cursors.lesson);
        for e in events {
            l.observe(e);
        }
        l.evaluate(&self.cluster);
    }

    /// The load's final failures, by error.
    fn read_produce_outcomes(&mut self) {
        let load_producer = self.cluster.load().and_then(|l| l.producer);
        let (events, _missed) = self.events.read(&mut self.cursors.produce);
        for e in events {
            if let EventKind::ProducerBatchFailed { producer, error, send_ids, .. } = &e.kind {
                if Some(*producer) == load_producer {
                    *self.load_stats.failed.entry(error.name()).or_default() += send_ids.len() as u64;
                }
            }
        }
    }

    /// The producer clients' batch fates, and the form's record.
    fn read_producer_fates(&mut self) {
        let (events, _missed) = self.events.read(&mut self.cursors.producers);
        for e in events {
            self.fates.read(e);
        }
    }

    /// Narrated events, newest first; the load's produce outcomes are counted, not narrated.
    fn read_timeline(&mut self) {
        let load_producer = self.cluster.load().and_then(|l| l.producer);
        let (events, _missed) = self.events.read(&mut self.cursors.timeline);
        for e in events {
            // Per-record and per-batch outcomes belong to the producer panel and the load's
            // counts; in the timeline they would bury the cluster's story (a failover under the
            // load retries a batch per partition).
            let per_batch = match &e.kind {
                EventKind::ProduceAcknowledged { .. } | EventKind::ProduceFailed { .. } | EventKind::ProducerBatchAcked { .. } => true,
                EventKind::ProducerBatchRetrying { producer, .. } => Some(*producer) == load_producer,
                _ => false,
            };
            if per_batch {
                continue;
            }
            let id = ENTRY_IDS.fetch_add(1, Ordering::Relaxed);
            if let Some(t) = entry(id, e) {
                self.next_entry = id + 1;
                self.timeline.push_front(t);
                self.timeline.truncate(TIMELINE_MAX);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::producers_vm::form_send_line;

    fn form_line(s: &Session, playing: bool) -> String {
        s.fates.form.as_ref().map(|f| form_send_line(f, &s.cluster, playing)).unwrap_or_default()
    }

    /// A learner's session: form sends, a load, a broker stopped and a consumer group.
    fn acted(seed: u64) -> Session {
        let mut s = Session::new(seed);
        s.send_from_form(None, DEFAULT_TOPIC, Some("k"), Some("v"), Acks::All).unwrap();
        s.step(7);
        s.start_load(DEFAULT_TOPIC, 50, 4, Acks::All).unwrap();
        s.step(30);
        s.apply(Command::StopBroker { broker: engine::BrokerId(2) }).unwrap();
        let config = engine::ConsumerConfig { group_id: "g".into(), topics: vec![DEFAULT_TOPIC.into()], ..Default::default() };
        s.apply(Command::AddConsumer { config }).unwrap();
        let _ = s.apply(Command::StopBroker { broker: engine::BrokerId(99) }); // refused, and logged
        s.step(120);
        s.send_from_form(None, DEFAULT_TOPIC, None, Some("x"), Acks::All).unwrap();
        s.step(3);
        s
    }

    fn texts(s: &Session) -> Vec<String> {
        let tr = crate::i18n::Tr::new(crate::i18n::Lang::En);
        s.timeline.iter().map(|e| format!("{} {}", e.time_ms, e.text(tr))).collect()
    }

    #[test]
    fn a_replayed_session_is_the_session() {
        for seed in 1..=5 {
            let s = acted(seed);
            let r = Session::replay(&s.cluster.session_file(), None).unwrap();
            assert_eq!(r.cluster.snapshot_hash(), s.cluster.snapshot_hash(), "seed {seed}");
            assert_eq!(r.cluster.now(), s.cluster.now());
            assert_eq!(texts(&r), texts(&s), "the timeline, seed {seed}");
            assert_eq!(r.lag_history, s.lag_history);
            assert_eq!(r.console.map(|c| c.0), s.console.map(|c| c.0), "the form's producer is the form's again");
        }
    }

    #[test]
    fn a_replayed_lesson_is_the_lesson_where_the_learner_left_it() {
        let text = include_str!("../lessons/leader-election.json");
        let file = crate::lesson_file::decode_lesson(text).unwrap();
        let code = &crate::lesson::CODE;
        let mut s = Session::from_lesson("leader-election", file.clone(), code).unwrap();
        s.step(10);
        let _ = s.apply(Command::StopBroker { broker: engine::BrokerId(2) });
        s.step(5);
        let goals = |s: &Session| s.lesson.as_ref().map(|l| l.progress.holds.clone());
        let r = Session::replay(&s.cluster.session_file(), Some(("leader-election", file.clone(), code))).unwrap();
        assert_eq!(r.cluster.snapshot_hash(), s.cluster.snapshot_hash());
        assert_eq!(goals(&r), goals(&s));
        assert!(goals(&r).unwrap().iter().any(|h| *h), "a goal held before the link was taken holds after");
        let other = Session::new(1).cluster.session_file();
        let refused = Session::replay(&other, Some(("leader-election", file, code))).err().unwrap_or_default();
        assert!(refused.contains("does not begin where"), "{refused}");
    }

    #[test]
    fn the_form_sends_through_its_console_producer_and_shows_the_records_fate() {
        let mut s = Session::new(7);
        s.send_from_form(None, DEFAULT_TOPIC, Some("k"), Some("v"), Acks::All).unwrap();
        let p = s.cluster.producers().next().expect("created on the first send");
        assert_eq!(p.client_id, CONSOLE_CLIENT_ID);
        assert!(form_line(&s, false).contains("The clock is paused"), "{}", form_line(&s, false));
        assert!(!form_line(&s, true).contains("paused"));
        s.step(5);
        let line = form_line(&s, false);
        assert!(line.starts_with("acknowledged at orders-") && !line.contains("paused"), "{line}");
        // Same acks: the same producer; other acks: a new one, the old one closes.
        s.send_from_form(None, DEFAULT_TOPIC, Some("k"), Some("v"), Acks::All).unwrap();
        assert_eq!(s.cluster.producers().count(), 1);
        s.send_from_form(None, DEFAULT_TOPIC, Some("k"), Some("v"), Acks::Leader).unwrap();
        let open: Vec<bool> = s.cluster.producers().map(|p| p.closing).collect();
        assert_eq!(open, vec![true, false], "the acks=all one closes once its record is answered");
        s.step(5);
        assert_eq!(s.cluster.producers().count(), 1);
        assert!(form_line(&s, false).starts_with("acknowledged at"), "{}", form_line(&s, false));
    }

    /// Issue 20: with Kafka's default producer, a failover costs no record. The records sent to
    /// a crashed leader are retried until the controller fences it and elects another, then
    /// acknowledged.
    #[test]
    fn under_a_crashed_leader_the_default_producer_retries_and_delivers() {
        let mut s = Session::new(7);
        let leader = s.cluster.topic(DEFAULT_TOPIC).unwrap().partitions[0].leader.unwrap();
        let key = (0..100).map(|i| format!("k{i}")).find(|k| engine::murmur2::partition_for_key(k.as_bytes(), 3) == 0).unwrap();
        s.apply(Command::StopBroker { broker: leader }).unwrap();
        for _ in 0..30 {
            s.send_from_form(None, DEFAULT_TOPIC, Some(&key), Some("v"), Acks::All).unwrap();
            s.step(3);
        }
        s.step(300);
        let p = s.cluster.producers().next().unwrap();
        assert_eq!((p.stats.sent, p.stats.acked, p.stats.failed), (30, 30, 0), "{:?}", p.stats);
        assert!(p.stats.retries > 0, "it did retry");
        assert!(form_line(&s, false).starts_with("acknowledged at orders-0"), "{}", form_line(&s, false));
        let failed = s
            .cluster
            .producers()
            .flat_map(|p| s.fates.of(p.handle))
            .any(|f| matches!(f.kind, crate::producer_fates::FateKind::Failed { .. }));
        assert!(!failed);
    }
}
