//! Rewind and fork (issue 23): the session's past, kept as checkpoints (copies of the whole
//! session every few simulated seconds), and what the page needs to show any earlier moment.
//!
//! * **Rewind** (`Session::seek`): the live session is parked here, and the page shows a copy
//!   of the nearest checkpoint at or before the moment, brought forward by replaying the
//!   recorded commands (the cluster's command log) at their times: the engine is deterministic,
//!   so that is exactly the state the page showed then (tested: same snapshot hash).
//! * **Play from here**: the shown copy steps on and re-applies the recorded commands as its
//!   clock reaches them; once it reaches the parked live moment it *is* the live session, which
//!   is dropped.
//! * **Fork**: a command given while the past is shown drops the recorded future (as RaftScope
//!   does): the parked live session, the checkpoints and marks after that moment go to `dropped`,
//!   and one **Undo fork** puts them back (the forked branch is then dropped instead).
//!
//! Bounds (wasm memory never shrinks): at most `CHECKPOINTS_MAX` checkpoints — past it, every
//! other one goes and the spacing doubles, so the whole session stays covered — and at most
//! `HISTORY_BYTES_MAX` of memory: the records only checkpoints still hold (those retention has
//! deleted from the live logs: record counts × `RECORD_BYTES`, estimated) plus each
//! checkpoint's own copy of the cluster's small state, as the allocator counted it while the
//! copy was made (`alloc_meter`), and what the live session copies for itself of what they
//! share (`Cluster::written_after_copy_bytes`). Scenario R's copy is ~1.1 MB natively and less
//! in the page (4-byte pointers); a guess of 2,800 bytes per replica (2.1 MB) stood here before,
//! and the page kept half the checkpoints it keeps now. Past it,
//! checkpoints are thinned up to `CHECKPOINT_EVERY_MS_MAX` apart, then the oldest go (never
//! the first, the session's start, which holds almost nothing), and a moment before the
//! oldest one left is replayed from the start. A checkpoint that goes is not freed at once: it
//! is retired, and each later live step that takes no checkpoint frees one
//! (`RETIRED_FREED_PER_STEP`; a paused page frees them when it plays on). Freeing a copy of
//! scenario R's cluster costs about as much as a step (1.9 M instructions natively, against
//! 1.4 M), and a thinning retires up to half of `CHECKPOINTS_MAX` at once: freed in the step
//! that thinned, R's first thinning was one step of 44 M instructions (15 ms natively).
//! On the page, both wait for idle moments (issue 26): the timer's steps (`Session::step_deferring`)
//! leave a due checkpoint pending, and the page takes it, or frees a retired copy, when the
//! browser is idle (`Session::idle_work`, from `render_budget::idle_meter`). A pending
//! checkpoint is taken before anything else changes the session, and only of the state it was
//! due at (`Moment`); retired copies past `RETIRED_BACKLOG_MAX` are still freed by the steps.
//! Measured on R at 4x CPU (two 60-s pairs): the timer's task p50 2.9 → 2.2 ms, p99 10.0 → 5.6.
//! A past that a seek no longer shows is retired the same way (`History::retire_shown`).
//! A replay longer than `SEEK_STEPS_MAX` steps runs on over the following ticks
//! (`Session::continue_seek`), the page showing it fast-forward, so no seek blocks the page.
//! Copies are cheap to make: replica logs and the command log share their chunks between copies
//! (`engine::cow_deque`), and a checkpoint's event log is empty (every reader had read it).

use crate::alloc_meter;
use crate::session::Session;
use crate::step_budget::StepBudget;
use engine::{Event, EventKind};
use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether sessions take new checkpoints (read at every step). On by default; a
/// measurement of the rest of the page's memory (tests/web.rs's leak check) turns it off, since
/// the history grows by design until its bound.
static CHECKPOINTS_ON: AtomicBool = AtomicBool::new(true);

pub fn set_checkpoints(on: bool) {
    CHECKPOINTS_ON.store(on, Ordering::Relaxed);
}

/// Simulated time between checkpoints at first (doubled whenever they are thinned).
pub const CHECKPOINT_EVERY_MS: u64 = 2_000;
/// Most checkpoints kept.
pub const CHECKPOINTS_MAX: usize = 256;
/// Most memory the history may hold: its copies as counted, its records estimated (see the
/// module's comment).
pub const HISTORY_BYTES_MAX: u64 = 96 << 20;
/// Widest spacing that thinning for memory goes to before the oldest checkpoints go.
pub const CHECKPOINT_EVERY_MS_MAX: u64 = 8_000;
/// Most steps one seek replays at once before the cost of a step is known (`Session::seek`);
/// a longer replay runs on over the next ticks.
pub const SEEK_STEPS_MAX: u32 = 20;
/// The engine's share of a seek's time on the page, whose target is 50 ms from the move to the
/// frame that shows it (issue 23): the page replays at once as many steps as fit in it by
/// their measured cost (`Session::seek_within`, `StepBudget::steps_within`), at most
/// `SEEK_FIRST_STEPS_MAX`. Checkpoints thinned to 8 s apart need up to 79 steps; scenario R's
/// step is ~0.3 ms in wasm at 1x CPU, so on such a machine every seek shows its moment at once,
/// and a slower one shows a first part as fast and replays on.
pub const SEEK_ENGINE_MS: f64 = 30.0;
/// Most steps a seek replays at once, however cheap they are.
pub const SEEK_FIRST_STEPS_MAX: u32 = 200;

/// Steps a seek on the page replays at once, by what steps cost there (`SEEK_ENGINE_MS`):
/// `SEEK_STEPS_MAX` until that is known.
pub fn seek_first_steps(cost: &StepBudget) -> u32 {
    cost.steps_within(SEEK_ENGINE_MS, SEEK_FIRST_STEPS_MAX).unwrap_or(SEEK_STEPS_MAX)
}
/// Memory of one record in a log: the record, its `Arc` counts and the allocator's bookkeeping,
/// a key of its own of up to 16 bytes (the offsets topic's keys are each their own
/// allocation; the load's are shared), and `HEADERS_BYTES_PER_RECORD`. Checked against the
/// allocator's count on scenario R (`the_history_counts_the_memory_it_holds`).
pub const RECORD_BYTES: u64 =
    alloc_meter::arc_bytes(std::mem::size_of::<engine::Record>()) + alloc_meter::arc_bytes(16) + HEADERS_BYTES_PER_RECORD;
/// The offsets topic's records carry three headers (group, topic, partition: seven allocations,
/// ~300 bytes in all) and are about one record in twenty of scenario R's: 16 bytes a record on
/// average. Uncounted, the bound was 0.6 % short of what R's history held once the records were
/// 160 bytes instead of 248 (`engine::Payload`'s padded form).
const HEADERS_BYTES_PER_RECORD: u64 = 16;
/// Retired checkpoints freed per live step that takes no checkpoint (see the module's comment).
pub const RETIRED_FREED_PER_STEP: usize = 1;
/// Retired copies left to the page's idle moments (`Session::idle_work`) before the steps free
/// them again, one a step: on a page with no idle moment they are still freed, and no more
/// than this many copies' memory waits.
pub const RETIRED_BACKLOG_MAX: usize = 8;
/// Most marks along the scrubber (past it, every other one of the oldest half goes).
pub const MARKS_MAX: usize = 400;

/// A copy of the session at `time_ms`, before the commands logged at that time were applied
/// (it is taken right after a step): replaying the command log from `commands` on brings it
/// to any later moment.
pub struct Checkpoint {
    pub time_ms: u64,
    /// Commands in the cluster's log when it was taken.
    pub commands: usize,
    records_made: u64,
    records_held: u64,
    /// Estimated memory of the copy itself, records aside.
    own_bytes: u64,
    session: Box<Session>,
}

/// What the scrubber marks along the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    Election,
    BrokerDown,
    Rebalance,
    Fork,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mark {
    pub time_ms: u64,
    pub kind: MarkKind,
}

impl MarkKind {
    /// Every kind, in the order of the scrubber's paths (`ScrubberVm::mark_paths`).
    pub const ALL: [MarkKind; 4] = [MarkKind::Election, MarkKind::BrokerDown, MarkKind::Rebalance, MarkKind::Fork];

    /// The events the scrubber marks: elections, brokers going away, rebalances.
    pub fn of(e: &EventKind) -> Option<MarkKind> {
        Some(match e {
            EventKind::LeaderElected { .. } | EventKind::LeadersRebalanced { .. } => MarkKind::Election,
            EventKind::BrokerStopped { .. }
            | EventKind::BrokerShutDown { .. }
            | EventKind::BrokerFenced { .. }
            | EventKind::BrokerIsolated { .. } => MarkKind::BrokerDown,
            EventKind::RebalanceStarted { .. } | EventKind::GroupEpochBumped { .. } => MarkKind::Rebalance,
            _ => return None,
        })
    }

    /// A short name for styling and tests.
    pub fn class(self) -> &'static str {
        match self {
            MarkKind::Election => "mark-election",
            MarkKind::BrokerDown => "mark-broker",
            MarkKind::Rebalance => "mark-rebalance",
            MarkKind::Fork => "mark-fork",
        }
    }
}

/// The future a fork dropped.
struct Dropped {
    at_ms: u64,
    live: Box<Session>,
    checkpoints: Vec<Checkpoint>,
    marks: Vec<Mark>,
}

#[derive(Default)]
pub struct History {
    /// Oldest first; the first is the session's start.
    checkpoints: Vec<Checkpoint>,
    every_ms: u64,
    /// The live session, while the page shows an earlier moment.
    live: Option<Box<Session>>,
    dropped: Option<Dropped>,
    marks: VecDeque<Mark>,
    /// The moment a seek is still replaying towards.
    target_ms: Option<u64>,
    /// Copies that went (thinned, past the memory bound, a forgotten fork), freed a few per
    /// step instead of all at once. Boxed as the checkpoints hold them: moving one moves a pointer.
    #[allow(clippy::vec_box)]
    retired: Vec<Box<Session>>,
    /// A checkpoint due after the last step of a tick, left for the page's next idle moment
    /// (`Session::idle_work`), or taken before the session next changes, whichever comes first.
    pending: Option<Moment>,
    /// The start is still to be copied (`starting_at`, before the copying code arrived).
    start_pending: bool,
}

/// Which state of the session a checkpoint left for later was due at: a copy is taken only of
/// that same state. Whatever changes the session moves one of these (a step the clock, a
/// command the log, a told entry the timeline); `Session` takes a pending checkpoint before any
/// change of its own, and this catches one that did not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Moment {
    pub(crate) time_ms: u64,
    pub(crate) commands: usize,
    pub(crate) timeline_head: u64,
}

/// The code that copies a session for the history (`Session::copy_for_history`), where the
/// hosted page keeps it: in the tick's chunk (`chunks::load_ticks` installs it with the tick).
/// With the engine built for speed, a copy of the whole cluster (its `Clone`, every map and
/// log inlined) is ~25 KB of code, and the first screen never needs one: it cannot step, seek
/// or fork before the tick is here, and the session's start is copied once it is (below).
#[cfg(ks_split)]
static COPY: std::sync::OnceLock<fn(&Session) -> Session> = std::sync::OnceLock::new();

/// Installs the copying code (the tick's chunk's, in the hosted page; linked in elsewhere).
pub(crate) fn install_copy(copy: fn(&Session) -> Session) {
    #[cfg(ks_split)]
    let _ = COPY.set(copy);
    #[cfg(not(ks_split))]
    let _ = copy;
}

/// The copying code, or None while it has not arrived.
fn copy_code() -> Option<fn(&Session) -> Session> {
    #[cfg(test)]
    if tests::NO_COPY_CODE.get() {
        return None;
    }
    #[cfg(ks_split)]
    return COPY.get().copied();
    #[cfg(not(ks_split))]
    return Some(Session::copy_for_history);
}

/// A copy of the session as the history keeps it (no history of its own, no old events), or
/// None while the copying code has not arrived.
fn copy_of(s: &Session) -> Option<Session> {
    copy_code().map(|copy| copy(s))
}

impl History {
    /// The history of a session that starts as `start`. Where the copying code has not
    /// arrived yet (the hosted page's first screen), the start is copied once it has, before
    /// anything else: the first step, seek or command after that (`take_pending`). A command
    /// given before then (the first screen's brokers' controls) is then part of the start, at
    /// the same clock, as if given before the session began: a replay from it starts after it.
    pub fn starting_at(start: &Session) -> History {
        let mut h = History { every_ms: CHECKPOINT_EVERY_MS, ..History::default() };
        h.start_pending = !h.push(start);
        h
    }

    /// A checkpoint of `s`; false if it could not be copied (no copying code yet).
    fn push(&mut self, s: &Session) -> bool {
        // The copy's memory as the allocator counts it, and what the live session will copy
        // for itself of what they share (`Cluster::written_after_copy_bytes`).
        let (copy, held) = alloc_meter::retained_by(|| copy_of(s));
        let Some(copy) = copy else { return false };
        let c = &s.cluster;
        self.checkpoints.push(Checkpoint {
            time_ms: c.now().0,
            commands: c.command_log().len(),
            records_made: c.records_made(),
            records_held: c.records_held(),
            own_bytes: held.memory_bytes() + c.written_after_copy_bytes(),
            session: Box::new(copy),
        });
        true
    }

    /// Whether the start is still to be copied and can be now.
    fn start_due(&self) -> bool {
        self.start_pending && copy_code().is_some()
    }

    /// After a step of the live session: a checkpoint when one is due, within the bounds. With
    /// `defer`, a due checkpoint is not taken but reported (true), for the caller to leave
    /// pending once its call is done (`leave_pending`), and retired copies wait for idle
    /// moments too (`free_retired`) unless more than `RETIRED_BACKLOG_MAX` have piled up.
    pub(crate) fn after_live_step(&mut self, s: &Session, defer: bool) -> bool {
        let now = s.cluster.now().0;
        let due = self.checkpoints.last().is_none_or(|c| now >= c.time_ms.saturating_add(self.every_ms.max(1)));
        // Read at every step, so turning checkpoints off also stops the histories of sessions
        // that already run (tests/web.rs: earlier tests' pages keep playing in the same wasm).
        if self.live.is_some() {
            return false;
        }
        if !due || !CHECKPOINTS_ON.load(Ordering::Relaxed) {
            // A step that copies nothing frees what earlier ones retired.
            if !defer || self.retired.len() > RETIRED_BACKLOG_MAX {
                self.free_retired(RETIRED_FREED_PER_STEP);
            }
            return false;
        }
        if !defer {
            self.checkpoint(s);
        }
        defer
    }

    /// The end of a call that stepped: a checkpoint `after_live_step` deferred is left pending
    /// for `moment`, the state the call leaves the session in (the same moment as the step's,
    /// with that step's events read).
    pub(crate) fn leave_pending(&mut self, moment: Moment) {
        self.pending = Some(moment);
    }

    /// Takes the checkpoint left pending, if the session is still in the state it was due at
    /// (else it is skipped: the next one comes `every_ms` later).
    pub(crate) fn take_pending(&mut self, s: &Session) {
        if self.start_due() && self.checkpoints.is_empty() && self.live.is_none() {
            self.start_pending = !self.push(s);
        }
        let Some(due) = self.pending.take() else { return };
        if self.live.is_none() && due == s.moment() && CHECKPOINTS_ON.load(Ordering::Relaxed) {
            self.checkpoint(s);
        }
    }

    /// Whether a checkpoint is left pending.
    pub fn has_pending(&self) -> bool {
        self.pending.is_some() || self.start_due()
    }

    /// Whether anything is left for the page's idle moments: a pending checkpoint, retired
    /// copies to free.
    pub fn has_idle_work(&self) -> bool {
        self.has_pending() || !self.retired.is_empty()
    }

    /// Frees up to `n` retired copies, oldest last (each costs about a step).
    pub(crate) fn free_retired(&mut self, n: usize) {
        let keep = self.retired.len().saturating_sub(n);
        self.retired.truncate(keep);
    }

    /// A checkpoint now, then the bounds.
    fn checkpoint(&mut self, s: &Session) {
        self.push(s);
        if self.checkpoints.len() > CHECKPOINTS_MAX {
            self.thin();
        }
        while self.checkpoints.len() > 2 && self.bytes(s) > HISTORY_BYTES_MAX {
            if self.every_ms < CHECKPOINT_EVERY_MS_MAX {
                self.thin();
            } else {
                let gone = self.checkpoints.remove(1);
                self.retire([gone]);
            }
        }
    }

    /// Every other checkpoint after the start goes, and the spacing doubles.
    fn thin(&mut self) {
        let (kept, gone): (Vec<_>, Vec<_>) = std::mem::take(&mut self.checkpoints).into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
        self.checkpoints = kept.into_iter().map(|(_, c)| c).collect();
        self.retire(gone.into_iter().map(|(_, c)| c));
        self.every_ms = self.every_ms.saturating_mul(2);
    }

    /// Estimated memory of the history: the records the checkpoints hold that `live` does not
    /// (every record made since the oldest checkpoint after the start, and those it held, less
    /// those live holds), and each checkpoint's own copy.
    pub fn bytes(&self, live: &Session) -> u64 {
        let own: u64 = self.checkpoints.iter().map(|c| c.own_bytes).sum();
        let Some(oldest) = self.checkpoints.get(1) else { return own };
        let c = &live.cluster;
        let all = oldest.records_held + c.records_made().saturating_sub(oldest.records_made);
        own + all.saturating_sub(c.records_held()) * RECORD_BYTES
    }

    /// The spacing of new checkpoints.
    pub fn every_ms(&self) -> u64 {
        self.every_ms
    }

    /// The moment a seek is still replaying towards, if any.
    pub fn target_ms(&self) -> Option<u64> {
        self.target_ms
    }

    pub(crate) fn set_target(&mut self, t: Option<u64>) {
        self.target_ms = t;
    }

    /// The events the live session drained: its marks.
    pub(crate) fn observe(&mut self, e: &Event) {
        if self.live.is_some() {
            return;
        }
        if let Some(kind) = MarkKind::of(&e.kind) {
            // One mark per kind and moment (an election moves a hundred leaders at once).
            let mark = Mark { time_ms: e.time_ms.0, kind };
            if self.marks.iter().rev().take(4).any(|m| *m == mark) {
                return;
            }
            self.marks.push_back(mark);
            if self.marks.len() > MARKS_MAX {
                let half = self.marks.len() / 2;
                let mut i = 0usize;
                self.marks.retain(|_| {
                    i += 1;
                    i > half || i.is_multiple_of(2)
                });
            }
        }
    }

    pub fn marks(&self) -> impl Iterator<Item = &Mark> {
        self.marks.iter()
    }

    /// Whether the page shows an earlier moment than the live one.
    pub fn is_past(&self) -> bool {
        self.live.is_some()
    }

    /// The live moment while the past is shown.
    pub fn live_ms(&self) -> Option<u64> {
        self.live.as_ref().map(|l| l.cluster.now().0)
    }

    /// Whether a fork's dropped future can be put back.
    pub fn can_undo_fork(&self) -> bool {
        self.dropped.is_some()
    }

    pub fn checkpoint_count(&self) -> usize {
        self.checkpoints.len()
    }

    /// The time of the oldest checkpoint after the start: moments from here on are a short
    /// replay away; earlier ones replay from the start.
    pub fn dense_from_ms(&self) -> u64 {
        self.checkpoints.get(1).map_or(0, |c| c.time_ms)
    }

    pub(crate) fn park(&mut self, live: Session) {
        self.live = Some(Box::new(live));
    }

    pub(crate) fn unpark(&mut self) -> Option<Session> {
        self.live.take().map(|b| *b)
    }

    pub(crate) fn parked(&self) -> Option<&Session> {
        self.live.as_deref()
    }

    /// The checkpoint to replay from for moment `t`: the newest at or before it.
    pub(crate) fn checkpoint_for(&self, t: u64) -> Option<&Checkpoint> {
        self.checkpoints.iter().rev().find(|c| c.time_ms <= t)
    }

    /// A fork at `at_ms`: the parked live session and everything recorded after `at_ms` go to
    /// `dropped` (an earlier dropped future is forgotten).
    pub(crate) fn fork(&mut self, at_ms: u64) {
        let Some(live) = self.live.take() else { return };
        let keep = self.checkpoints.partition_point(|c| c.time_ms <= at_ms).max(1);
        let checkpoints = self.checkpoints.split_off(keep);
        let marks: Vec<Mark> = self.marks.iter().filter(|m| m.time_ms > at_ms).copied().collect();
        self.marks.retain(|m| m.time_ms <= at_ms);
        self.marks.push_back(Mark { time_ms: at_ms, kind: MarkKind::Fork });
        if let Some(earlier) = self.dropped.replace(Dropped { at_ms, live, checkpoints, marks }) {
            self.retired.push(earlier.live);
            self.retire(earlier.checkpoints);
        }
    }

    /// Checkpoints that go: freed by later steps (`after_live_step`), not now.
    fn retire(&mut self, gone: impl IntoIterator<Item = Checkpoint>) {
        self.retired.extend(gone.into_iter().map(|c| c.session));
    }

    /// A session no longer shown (an earlier past a seek replaced), to be freed like a retired
    /// checkpoint: in an idle moment, or at once past `RETIRED_BACKLOG_MAX` (a drag's seeks).
    pub(crate) fn retire_shown(&mut self, s: Session) {
        self.retired.push(Box::new(s));
        if self.retired.len() > RETIRED_BACKLOG_MAX {
            self.free_retired(1);
        }
    }

    /// Copies retired and not yet freed.
    pub fn retired_count(&self) -> usize {
        self.retired.len()
    }

    /// Undo fork: the dropped future back in place of the forked branch's. Returns the live
    /// session to show and the moment of the fork, to rewind to.
    pub(crate) fn undo_fork(&mut self) -> Option<(Session, u64)> {
        let d = self.dropped.take()?;
        let keep = self.checkpoints.partition_point(|c| c.time_ms <= d.at_ms).max(1);
        let forked = self.checkpoints.split_off(keep);
        self.retire(forked);
        self.checkpoints.extend(d.checkpoints);
        self.marks.retain(|m| m.time_ms < d.at_ms || (m.time_ms == d.at_ms && m.kind != MarkKind::Fork));
        self.marks.extend(d.marks);
        self.live = None;
        Some((*d.live, d.at_ms))
    }
}

/// What the time scrubber shows (its component is `ui/scrubber.rs`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScrubberVm {
    /// The session's start (a lesson's: where the lesson starts).
    pub start_ms: u64,
    /// The live moment.
    pub end_ms: u64,
    /// The moment shown, or the one a seek is still replaying towards.
    pub now_ms: u64,
    /// A seek still replaying: the moment it has reached.
    pub replaying_at_ms: Option<u64>,
    pub past: bool,
    pub can_undo_fork: bool,
    /// Checkpoints kept, and where the ones after the start begin (figures for the benchmark).
    pub checkpoints: usize,
    pub dense_from_ms: u64,
    /// The marks' moments, oldest first (PageUp/PageDown jump between them).
    pub mark_times: Vec<u64>,
    /// One SVG path per kind of mark (class, path) over a 0..1000 wide track, in the order of
    /// `MarkKind::ALL`.
    pub mark_paths: Vec<(&'static str, String)>,
}

/// Width of the marks' SVG track, in its own units.
pub const TRACK_UNITS: u64 = 1000;

pub fn scrubber_vm(s: &Session) -> ScrubberVm {
    let h = &s.history;
    let now_ms = s.cluster.now().0;
    let end_ms = h.live_ms().unwrap_or(now_ms);
    let start_ms = h.checkpoints.first().map_or(0, |c| c.time_ms).min(end_ms);
    let span = (end_ms - start_ms).max(1);
    let x = |t: u64| t.clamp(start_ms, end_ms).saturating_sub(start_ms) * TRACK_UNITS / span;
    let mark_paths = MarkKind::ALL
        .iter()
        .map(|k| {
            let mut d = String::new();
            let mut last = None;
            for m in h.marks.iter().filter(|m| m.kind == *k) {
                // One line per track unit is all the eye can tell apart.
                let at = x(m.time_ms);
                if last != Some(at) {
                    d.push_str(&format!("M{at} 0v10"));
                    last = Some(at);
                }
            }
            (k.class(), d)
        })
        .collect();
    let mut mark_times: Vec<u64> = h.marks.iter().map(|m| m.time_ms).filter(|t| *t >= start_ms && *t <= end_ms).collect();
    mark_times.sort_unstable();
    mark_times.dedup();
    let (now_ms, replaying_at_ms) = match h.target_ms() {
        Some(t) => (t, Some(now_ms)),
        None => (now_ms, None),
    };
    ScrubberVm {
        start_ms,
        end_ms,
        now_ms,
        replaying_at_ms,
        past: h.is_past(),
        can_undo_fork: h.can_undo_fork(),
        checkpoints: h.checkpoint_count(),
        dense_from_ms: h.dense_from_ms(),
        mark_times,
        mark_paths,
    }
}

/// The moment a key on the scrubber moves to: ←/→ one second, PageUp/PageDown the previous
/// or next mark, Home/End the start and the live moment. None: not the scrubber's key.
pub fn scrub_key(key: &str, vm: &ScrubberVm) -> Option<u64> {
    let clamp = |t: u64| t.clamp(vm.start_ms, vm.end_ms);
    Some(match key {
        "ArrowLeft" | "ArrowDown" => clamp(vm.now_ms.saturating_sub(1_000)),
        "ArrowRight" | "ArrowUp" => clamp(vm.now_ms + 1_000),
        "PageUp" => vm.mark_times.iter().rev().find(|t| **t < vm.now_ms).copied().unwrap_or(vm.start_ms),
        "PageDown" => vm.mark_times.iter().find(|t| **t > vm.now_ms).copied().unwrap_or(vm.end_ms),
        "Home" => vm.start_ms,
        "End" => vm.end_ms,
        _ => return None,
    })
}

impl Checkpoint {
    /// A copy to show, and the recorded commands after it (from `log`, the live cluster's).
    pub(crate) fn restore(&self) -> Option<Session> {
        copy_of(&self.session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::DEFAULT_TOPIC;
    use engine::rng::Rng;
    use engine::{Acks, BrokerId, Command, ConsumerConfig};

    thread_local! {
        /// As the hosted page before the tick's chunk (and the copying code) has arrived.
        pub(super) static NO_COPY_CODE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }

    #[test]
    fn a_start_made_before_the_copying_code_is_copied_before_the_first_step() {
        NO_COPY_CODE.set(true);
        let mut s = Session::new(3);
        assert_eq!(s.history.checkpoint_count(), 0);
        assert!(!s.history.has_pending() && !s.history.has_idle_work(), "nothing to do until the code is here");
        // The first screen's controls work meanwhile.
        assert!(s.apply(Command::StopBroker { broker: BrokerId(2) }).is_ok());
        s.idle_work();
        assert_eq!(s.history.checkpoint_count(), 0);
        let at_start = s.cluster.snapshot_hash();
        // The code arrives: the start (with the command) is copied before the first step.
        NO_COPY_CODE.set(false);
        assert!(s.history.has_pending());
        s.step(1);
        assert_eq!(s.history.checkpoint_count(), 1);
        assert_eq!(s.history.checkpoints[0].time_ms, 0);
        let mut seen = Vec::new();
        for i in 0..60 {
            if i == 20 {
                let _ = s.apply(Command::StartBroker { broker: BrokerId(2) });
            }
            seen.push((s.cluster.now().0, s.cluster.snapshot_hash()));
            s.step(1);
        }
        let live = s.cluster.snapshot_hash();
        s.seek(0);
        assert_eq!(s.cluster.snapshot_hash(), at_start, "the start shows the broker stopped, as it was");
        for (t, hash) in seen.into_iter().rev().step_by(7) {
            s.seek(t);
            assert_eq!(s.cluster.snapshot_hash(), hash, "the rewound {t} ms differs");
        }
        s.seek(u64::MAX);
        assert_eq!(s.cluster.snapshot_hash(), live);
    }

    #[test]
    fn without_the_copying_code_a_session_never_seeks_and_never_panics() {
        NO_COPY_CODE.set(true);
        let mut s = Session::new(4);
        s.seek(0);
        s.seek(5_000);
        assert_eq!(s.cluster.now().0, 0);
        NO_COPY_CODE.set(false);
    }

    /// A session with a learner's mix of actions at random moments (seeded), recording the
    /// snapshot hash at moments along it (and at its end): what the page showed then.
    fn acted(seed: u64, steps: u32) -> (Session, Vec<(u64, u64)>) {
        acted_stepping(seed, steps, |s, _| s.step(1))
    }

    /// As `acted`, each step taken by `step` (given the step's number).
    fn acted_stepping(seed: u64, steps: u32, mut step: impl FnMut(&mut Session, u32)) -> (Session, Vec<(u64, u64)>) {
        let mut s = Session::new(seed);
        let mut rng = Rng::new(seed);
        let mut seen = Vec::new();
        for i in 0..steps {
            match rng.below(40) {
                0 => {
                    let _ = s.send_from_form(None, DEFAULT_TOPIC, Some(&format!("k{}", rng.below(5))), Some("v"), Acks::All);
                }
                1 if i > 20 => {
                    let _ = s.apply(Command::StopBroker { broker: BrokerId(1 + rng.below(3) as u32) });
                }
                2 => {
                    let _ = s.apply(Command::StartBroker { broker: BrokerId(1 + rng.below(3) as u32) });
                }
                3 if s.cluster.load().is_none() => {
                    let _ = s.start_load(DEFAULT_TOPIC, 20 + rng.below(80) as u32, 8, Acks::All);
                }
                4 if s.cluster.consumers().count() < 3 => {
                    let config = ConsumerConfig { group_id: "g".into(), topics: vec![DEFAULT_TOPIC.into()], ..Default::default() };
                    let _ = s.apply(Command::AddConsumer { config });
                }
                _ => {}
            }
            // The moment as the page showed it: after the commands given at it (every 5th
            // moment: hashing the whole cluster costs more than the step).
            if i % 5 == 0 {
                seen.push((s.cluster.now().0, s.cluster.snapshot_hash()));
            }
            step(&mut s, i);
        }
        seen.push((s.cluster.now().0, s.cluster.snapshot_hash()));
        (s, seen)
    }

    #[test]
    fn a_rewound_moment_is_the_moment_as_it_was() {
        for seed in 1..=5u64 {
            let (mut s, seen) = acted(seed, 900);
            let live = s.cluster.snapshot_hash();
            let mut rng = Rng::new(seed ^ 0xfeed);
            for _ in 0..12 {
                let (t, hash) = seen[rng.below(seen.len() as u64) as usize];
                s.seek(t);
                assert_eq!(s.cluster.now().0, t, "seed {seed}");
                assert_eq!(s.cluster.snapshot_hash(), hash, "seed {seed}: the rewound {t} ms differs (replay KSIM_SEED={seed})");
                assert!(s.history.is_past() || t == seen.last().unwrap().0);
            }
            // Forward within the shown past steps on, and still lands on the same state.
            let (t0, _) = seen[20];
            let (t1, h1) = seen[26];
            s.seek(t0);
            s.seek(t1);
            assert_eq!(s.cluster.snapshot_hash(), h1, "seed {seed}");
            // Play from here: it replays the recorded commands and becomes the live session.
            s.seek(seen[80].0);
            s.step(600);
            assert!(!s.history.is_past(), "seed {seed}: caught up with the live moment");
            assert_eq!(
                s.cluster.snapshot_hash(),
                {
                    let mut again = acted(seed, 900).0;
                    again.step(600 - (seen.last().unwrap().0 - seen[80].0) as u32 / 100);
                    again.cluster.snapshot_hash()
                },
                "seed {seed}: played on from the past as the live session would have"
            );
            let _ = live;
        }
    }

    #[test]
    fn playing_from_an_earlier_moment_reaches_the_live_session_exactly() {
        for seed in 1..=4u64 {
            let (mut s, seen) = acted(seed, 600);
            let (live_ms, live_hash) = *seen.last().unwrap();
            let (t, _) = seen[30];
            s.seek(t);
            s.step(((live_ms - t) / 100) as u32);
            assert!(!s.history.is_past(), "seed {seed}");
            assert_eq!((s.cluster.now().0, s.cluster.snapshot_hash()), (live_ms, live_hash), "seed {seed}");
            // And the live session goes on taking checkpoints.
            let n = s.history.checkpoint_count();
            s.step(40);
            assert!(s.history.checkpoint_count() > n);
        }
    }

    #[test]
    fn acting_in_the_past_forks_and_undo_puts_the_future_back() {
        let (mut s, seen) = acted(3, 600);
        let (live_ms, live_hash) = *seen.last().unwrap();
        let (t, hash_at_t) = seen[40];
        s.seek(t);
        assert!(!s.history.can_undo_fork());
        let topic = engine::TopicConfig::default();
        s.apply(Command::CreateTopic { name: "forked".into(), partitions: 1, replication_factor: 1, config: topic }).unwrap();
        assert!(!s.history.is_past(), "a fork is the live session now");
        assert!(s.history.can_undo_fork());
        assert_eq!(s.cluster.now().0, t);
        assert!(s.history.marks().any(|m| m.kind == MarkKind::Fork && m.time_ms == t));
        assert!(s.history.marks().all(|m| m.time_ms <= t), "the dropped future's marks went with it");
        let tr = crate::i18n::Tr::new(crate::i18n::Lang::En);
        assert!(s.timeline.iter().take(3).any(|e| e.text(tr).starts_with("you acted in the past") && e.category == "fork"));
        let log_len = s.cluster.command_log().len();
        assert_eq!(s.cluster.command_log().back().unwrap().time_ms, t);
        s.step(50);
        // Undo fork: the moment of the fork again, the recorded future ahead of it.
        assert!(s.undo_fork());
        assert!(!s.history.can_undo_fork());
        assert_eq!((s.cluster.now().0, s.cluster.snapshot_hash()), (t, hash_at_t));
        assert!(s.history.is_past());
        assert!(s.cluster.command_log().len() < log_len, "the forked command is gone");
        assert!(!s.history.marks().any(|m| m.kind == MarkKind::Fork));
        s.seek(live_ms);
        assert_eq!((s.cluster.now().0, s.cluster.snapshot_hash()), (live_ms, live_hash), "the dropped future, back");
        assert!(!s.history.is_past());
    }

    #[test]
    fn the_scrubber_spans_the_session_marks_its_events_and_answers_keys() {
        let mut s = Session::new(2);
        s.step(50);
        s.apply(Command::StopBroker { broker: BrokerId(2) }).unwrap();
        s.step(150);
        let vm = scrubber_vm(&s);
        assert_eq!((vm.start_ms, vm.end_ms, vm.now_ms, vm.past), (0, 20_000, 20_000, false));
        // The scrubber's paths are made once, one per kind in this order (`ui/scrubber.rs`).
        assert!(vm.mark_paths.iter().map(|(class, _)| *class).eq(MarkKind::ALL.map(MarkKind::class)));
        let broker = vm.mark_paths.iter().find(|(k, _)| *k == "mark-broker").unwrap();
        // Crashed at 5 s of 20 (a quarter along), fenced 9 s later (broker.session.timeout.ms).
        assert_eq!(broker.1, "M250 0v10M705 0v10");
        let elections = &vm.mark_paths.iter().find(|(k, _)| *k == "mark-election").unwrap().1;
        assert!(!elections.is_empty(), "the elections after the crash are marked");
        let first_election = vm.mark_times.iter().copied().find(|t| *t > 5_000).unwrap();
        s.seek(12_000);
        let vm = scrubber_vm(&s);
        assert_eq!((vm.now_ms, vm.end_ms, vm.past), (12_000, 20_000, true));
        assert_eq!(scrub_key("ArrowLeft", &vm), Some(11_000));
        assert_eq!(scrub_key("End", &vm), Some(20_000));
        assert_eq!(scrub_key("Home", &vm), Some(0));
        assert_eq!(scrub_key("PageUp", &vm), vm.mark_times.iter().rev().find(|t| **t < 12_000).copied());
        assert_eq!(scrub_key("x", &vm), None);
        s.seek(0);
        let vm = scrubber_vm(&s);
        assert_eq!(scrub_key("ArrowLeft", &vm), Some(0), "never before the start");
        assert_eq!(scrub_key("PageDown", &vm), vm.mark_times.first().copied());
        s.seek(4_900);
        assert_eq!(scrub_key("PageDown", &scrubber_vm(&s)), Some(5_000), "to the crash");
        s.seek(5_000);
        assert_eq!(scrub_key("PageDown", &scrubber_vm(&s)), Some(first_election), "then to the election");
    }

    #[test]
    fn checkpoints_that_go_are_freed_one_per_step_not_all_at_once() {
        let mut s = Session::new(6);
        s.start_load(DEFAULT_TOPIC, 50, 8, Acks::All).unwrap();
        let mut steps = 0u32;
        while s.history.checkpoint_count() < CHECKPOINTS_MAX {
            s.step(1);
            steps += 1;
            assert_eq!(s.history.retired_count(), 0, "nothing went before the bound, step {steps}");
        }
        // The step that takes checkpoint CHECKPOINTS_MAX + 1 thins every other one.
        let every = s.history.every_ms();
        let before = s.history.checkpoint_count();
        while s.history.checkpoint_count() >= before {
            s.step(1);
        }
        let (kept, retired) = (s.history.checkpoint_count(), s.history.retired_count());
        assert_eq!((kept + retired, s.history.every_ms()), (before + 1, every * 2));
        assert!(retired >= CHECKPOINTS_MAX / 2, "{retired} retired");
        // Each following step that takes no checkpoint frees one.
        let (mut left, mut count) = (retired, kept);
        while left > 0 {
            s.step(1);
            let took = s.history.checkpoint_count() > count;
            count = s.history.checkpoint_count();
            left -= usize::from(!took);
            assert_eq!(s.history.retired_count(), left, "took a checkpoint: {took}");
        }
    }

    /// Ten seconds of a load, shown at 3 s.
    fn shown_at_three_seconds() -> Session {
        let mut s = Session::new(7);
        s.start_load(DEFAULT_TOPIC, 50, 8, Acks::All).unwrap();
        s.step(100);
        s.seek(3_000);
        s
    }

    #[test]
    fn a_past_no_longer_shown_is_freed_in_an_idle_moment() {
        let mut s = shown_at_three_seconds();
        assert_eq!(s.history.retired_count(), 0, "the live session is parked, not retired");
        s.seek(5_000);
        s.seek(1_000);
        assert_eq!(s.history.retired_count(), 2, "the two earlier pasts wait");
        assert!(s.history.has_idle_work());
        while s.idle_work() {}
        assert_eq!(s.history.retired_count(), 0);
        assert_eq!(s.cluster.now().0, 1_000, "idle work changes nothing shown");
        // A drag's many seeks: no more than the backlog waits.
        for i in 0..3 * RETIRED_BACKLOG_MAX as u64 {
            s.seek(1_000 + 100 * (i % 20));
        }
        assert!(s.history.retired_count() <= RETIRED_BACKLOG_MAX, "{}", s.history.retired_count());
        // Back to the live moment: the past shown last waits too.
        s.seek(10_000);
        assert!(!s.history.is_past());
        assert!(s.history.retired_count() >= 1);
    }

    #[test]
    fn a_forgotten_fork_is_retired_too() {
        let mut s = shown_at_three_seconds();
        s.apply(Command::StopLoad).unwrap();
        assert!(s.history.can_undo_fork());
        s.step(10);
        s.seek(1_000);
        s.apply(Command::StopLoad).unwrap();
        // The first fork's future (its live session and the checkpoints after 3 s) went.
        let retired = s.history.retired_count();
        assert!(retired >= 2, "{retired}");
        s.step(u32::try_from(retired).unwrap());
        assert_eq!(s.history.retired_count(), 0);
    }

    /// What the history alone holds (freed when it goes, as the allocator counts it, with its
    /// bookkeeping) and what it counts, after `steps` steps of `s`.
    fn freed_and_counted(mut s: Session, steps: u32) -> (u64, u64, usize) {
        // A simulated second per call, as the page steps.
        for _ in 0..steps / 10 {
            s.step(10);
        }
        // Copies retired by thinning are on their way out, and not counted.
        s.history.free_retired(usize::MAX);
        let (counted, checkpoints) = (s.history.bytes(&s), s.history.checkpoint_count());
        let before = alloc_meter::live();
        drop(std::mem::take(&mut s.history));
        let freed = alloc_meter::Retained::between(alloc_meter::live(), before);
        (freed.memory_bytes(), counted, checkpoints)
    }

    /// The bound is on memory really held, within 40 %: its copies of the session (scenario R's
    /// 750 replicas without retention, at 50 records/s) and the records only it holds (R, whose
    /// retention deletes from the live logs).
    #[test]
    fn the_history_counts_the_memory_it_holds() {
        let mut copies = Session::with_cluster(1, 5, false);
        for mut command in engine::bench::setup_commands(247, 3, 0, 50, 1_000) {
            if let Command::CreateTopic { config, .. } = &mut command {
                *config = engine::TopicConfig { min_insync_replicas: 2, ..engine::TopicConfig::default() };
            }
            copies.apply(command).unwrap();
        }
        let r = crate::bench_mode::session("R").unwrap();
        for (name, s, steps) in [("copies", copies, 300), ("records", r, 1_500)] {
            let (freed, counted, checkpoints) = freed_and_counted(s, steps);
            // The same session replayed from its file keeps its checkpoints as densely.
            if name == "records" {
                let file = crate::bench_mode::session("R").unwrap().cluster.session_file();
                let file = engine::session::SessionFile { end_ms: 150_000, ..file };
                let replayed = Session::replay(&file, None).unwrap();
                let n = replayed.history.checkpoint_count();
                assert!(n + 2 >= checkpoints, "replayed: {n} checkpoints, live {checkpoints}");
            }
            println!("{name}: {checkpoints} checkpoints, counted {counted} bytes, freed {freed} when they went");
            assert!(checkpoints > 4, "{name}: {checkpoints}");
            assert!(freed <= counted, "{name}: the history held {freed} bytes and counted {counted}");
            assert!(freed * 10 >= counted * 6, "{name}: counted {counted} bytes for {freed}: its bound is that much too tight");
        }
    }

    #[test]
    fn checkpoints_stay_within_their_bounds_and_cover_the_session() {
        let mut s = Session::new(5);
        s.start_load(DEFAULT_TOPIC, 50, 8, Acks::All).unwrap();
        // 1,200 s: 600 checkpoints at the first spacing, thinned to the bound. Stepped a
        // simulated second at a time, as the page does: a checkpoint also holds the cluster's
        // events that the session has not read yet, which it reads when a call to `step` ends.
        for _ in 0..1_200 {
            s.step(10);
        }
        let h = &s.history;
        assert!(h.checkpoint_count() <= CHECKPOINTS_MAX, "{}", h.checkpoint_count());
        assert!(h.checkpoint_count() > CHECKPOINTS_MAX / 2 - 2, "{}", h.checkpoint_count());
        assert!(h.dense_from_ms() <= 8_000, "thinning keeps the whole session covered: {}", h.dense_from_ms());
        assert!(h.bytes(&s) < HISTORY_BYTES_MAX);
        s.seek(1_000);
        assert_eq!(s.cluster.now().0, 1_000);
        // A moment far from every checkpoint replays over several calls, each bounded, and
        // lands where a replay of the session up to it lands.
        let every = s.history.every_ms();
        assert!(every >= 8_000, "{every}");
        let t = 40 * every + every - 100;
        s.seek(t);
        assert_eq!(s.cluster.now().0, 40 * every + 100 * u64::from(SEEK_STEPS_MAX), "one bounded part at once");
        assert_eq!(scrubber_vm(&s).now_ms, t, "the slider stays where it was moved");
        let mut calls = 1;
        while s.continue_seek(SEEK_STEPS_MAX) {
            calls += 1;
        }
        let left = (every / 100 - 1) as u32 - SEEK_STEPS_MAX;
        assert_eq!((s.cluster.now().0, s.history.target_ms(), calls), (t, None, left.div_ceil(SEEK_STEPS_MAX)));
        assert!(!s.continue_seek(SEEK_STEPS_MAX), "nothing left");
        let file = s.history.parked().unwrap().cluster.session_file();
        let direct = Session::replay(&file.until(t), None).unwrap();
        assert_eq!(s.cluster.snapshot_hash(), direct.cluster.snapshot_hash());
    }

    /// (time, commands) of each checkpoint.
    fn checkpoint_moments(s: &Session) -> Vec<(u64, usize)> {
        s.history.checkpoints.iter().map(|c| (c.time_ms, c.commands)).collect()
    }

    #[test]
    fn a_checkpoint_left_for_an_idle_moment_is_the_one_a_step_would_take() {
        for seed in 1..=4u64 {
            let (immediate, _) = acted(seed, 700);
            // The page's timer: each tick's due checkpoint waits for an idle moment, which comes
            // after most ticks, after some only once the next tick or a command has come.
            let mut idle = Rng::new(seed ^ 0x1d1e);
            let (mut s, seen) = acted_stepping(seed, 700, |s, _| {
                s.step_deferring(1);
                if idle.below(3) > 0 {
                    while s.idle_work() {}
                }
            });
            s.settle_history();
            assert!(!s.history.has_pending());
            assert_eq!(checkpoint_moments(&s), checkpoint_moments(&immediate), "seed {seed} (replay KSIM_SEED={seed})");
            let mut rng = Rng::new(seed ^ 0xfeed);
            for _ in 0..10 {
                let (t, hash) = seen[rng.below(seen.len() as u64) as usize];
                s.seek(t);
                assert_eq!(s.cluster.snapshot_hash(), hash, "seed {seed}: the rewound {t} ms differs");
            }
        }
    }

    #[test]
    fn a_pending_checkpoint_is_taken_before_the_session_changes_and_only_of_its_own_moment() {
        let mut s = Session::new(8);
        s.start_load(DEFAULT_TOPIC, 50, 8, Acks::All).unwrap();
        let every = s.history.every_ms();
        s.step_deferring((every / 100) as u32);
        assert!(s.history.has_pending(), "due at the tick's last step");
        let (count, commands) = (s.history.checkpoint_count(), s.cluster.command_log().len());
        // A command: the checkpoint is of the moment before it.
        s.apply(Command::StopLoad).unwrap();
        assert_eq!(s.history.checkpoint_count(), count + 1);
        assert_eq!(checkpoint_moments(&s).last(), Some(&(every, commands)));
        // The next tick takes it before stepping when no idle moment came.
        s.step_deferring((every / 100) as u32);
        s.step_deferring(1);
        assert_eq!(checkpoint_moments(&s).last().map(|c| c.0), Some(2 * every));
        // A state changed behind the session's back is not copied as the moment it was due at.
        s.step_deferring((every / 100) as u32 - 1);
        assert!(s.history.has_pending());
        let n = s.history.checkpoint_count();
        s.cluster.step();
        s.settle_history();
        assert_eq!((s.history.checkpoint_count(), s.history.has_pending()), (n, false), "skipped");
    }

    #[test]
    fn retired_copies_wait_for_idle_moments_up_to_a_backlog() {
        let mut s = Session::new(6);
        s.start_load(DEFAULT_TOPIC, 50, 8, Acks::All).unwrap();
        while s.history.checkpoint_count() <= CHECKPOINTS_MAX && s.history.retired_count() == 0 {
            s.step_deferring(1);
            s.settle_history();
        }
        let retired = s.history.retired_count();
        assert!(retired > RETIRED_BACKLOG_MAX, "a thinning retired {retired}");
        // With no idle moment, the steps free them down to the backlog, and no further.
        for _ in 0..retired {
            s.step_deferring(1);
        }
        assert_eq!(s.history.retired_count(), RETIRED_BACKLOG_MAX);
        // Idle moments free the rest, one each.
        let mut calls = 0;
        while s.idle_work() {
            calls += 1;
            assert!(calls <= RETIRED_BACKLOG_MAX + 1);
        }
        assert_eq!(s.history.retired_count(), 0);
    }

    #[test]
    fn a_seek_replays_at_once_as_many_steps_as_it_is_given() {
        let mut s = Session::new(9);
        s.start_load(DEFAULT_TOPIC, 50, 8, Acks::All).unwrap();
        s.step(300);
        let every = s.history.every_ms();
        let t = 10 * every + 1_500;
        // Fifteen steps from the checkpoint at 20 s: five at once, then the rest tick by tick.
        s.seek_within(t, 5);
        assert_eq!((s.cluster.now().0, s.history.target_ms()), (10 * every + 500, Some(t)));
        while s.continue_seek(5) {}
        let hash = s.cluster.snapshot_hash();
        s.seek(s.history.live_ms().unwrap());
        assert!(!s.history.is_past());
        // Given room for all of them, it shows the moment at once, the same state.
        s.seek_within(t, 30);
        assert_eq!((s.cluster.now().0, s.history.target_ms()), (t, None));
        assert_eq!(s.cluster.snapshot_hash(), hash);
        // Never fewer than one step.
        let t2 = t - 2_000;
        s.seek_within(t2, 0);
        assert_eq!(s.cluster.now().0, t2 / every * every + 100);
    }
}
