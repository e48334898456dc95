//! The page's contexts, each one concern, so that a panel asks only for what it uses and no
//! panel can reach state it has no business with (issue 19: panels that do not know each other):
//!
//! * [`Commands`]: the one way a panel changes the session;
//! * [`Views`]: what panels read: the view model, its staged copies (and their scheduling over
//!   animation frames), the topic list, and the session itself, read-only;
//! * [`Inspector`]: the record last hovered or focused in a log strip;
//! * [`PageChoice`]: which partitions the page shows;
//! * [`Playing`]: whether simulated time runs;
//! * [`I18n`]: the learner's language, and the words of the page in it.
//!
//! `App` creates them all over one session and provides them; a panel takes each with
//! `expect_context::<T>()`. Below them: how a tick's DOM work is staged over animation frames.

use crate::i18n::{Arg, Lang, Tr};
use crate::session::Session;
use crate::view_model::{cluster_vm, ClusterVm, PageSpec, PartitionVm, TopicVm};
use leptos::prelude::*;
use std::sync::Arc;

/// The learner's language. Panels take their words through it: `t`/`f`/`tr` subscribe to the
/// language, so every text re-renders when the learner switches (the simulation runs on).
#[derive(Clone, Copy)]
pub(crate) struct I18n(pub(crate) RwSignal<Lang>);

impl I18n {
    /// The translator for the current language (subscribes to it).
    pub(crate) fn tr(&self) -> Tr {
        Tr::new(self.0.get())
    }

    /// The message `key` in the current language.
    pub(crate) fn t(&self, key: &str) -> String {
        self.tr().t(key)
    }

    /// The message `key` with its arguments, in the current language.
    pub(crate) fn f(&self, key: &str, args: &[(&str, Arg)]) -> String {
        self.tr().f(key, args)
    }

    pub(crate) fn lang(&self) -> Lang {
        self.0.get()
    }
}

/// The one way a panel changes the session: every command a learner gives goes through
/// [`Commands::update`], which then re-renders every view at once. (The timer in `app.rs`
/// advances simulated time itself, and stages its re-render over frames.)
#[derive(Clone, Copy)]
pub(crate) struct Commands {
    session: StoredValue<Session>,
    views: Views,
}

impl Commands {
    /// Commands on the session that `views` read (they are re-rendered after each one).
    pub(crate) fn new(views: &Views) -> Self {
        Commands { session: views.session, views: *views }
    }

    /// Runs `f` on the session, then re-renders. The session is borrowed while `f` runs: read
    /// anything derived from it (a form's topic memo, say) before, never inside `f`.
    /// A whole new session in place of the shown one (a lesson opened, a lesson file, a share
    /// link, a session file): time stops, every view re-reads, and if it holds a lesson the
    /// lesson panel starts following it.
    pub(crate) fn replace(&self, s: Session, Playing(playing): Playing, LessonOpened(opened): LessonOpened) {
        playing.set(false);
        let lesson = s.lesson.is_some();
        self.update(|old| *old = s);
        if lesson {
            opened.update(|n| *n += 1);
        }
    }

    pub(crate) fn update<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let r = self.session.update_value_returning(f);
        // A learner's own action shows everywhere at once; only timer ticks are staged.
        self.views.refresh_all();
        r
    }
}

/// What the panels read. The session is not reactive: `version` counts its changes (each
/// command, each tick), and everything here is derived from the session under that counter.
/// Read-only by construction: the session is reachable only through `with_session*`.
#[derive(Clone, Copy)]
pub(crate) struct Views {
    session: StoredValue<Session>,
    version: RwSignal<u64>,
    /// The view model of the page (brokers, the page's partitions, groups, topics), read in the
    /// animation frames after a tick's own one: by the brokers, the pager and the cards of even
    /// partitions in the second, the describe table and the groups in the third, the cards of
    /// odd partitions in the fourth (the log strips draw in the two after that). A tick's DOM,
    /// layout and paint work is thereby spread over the six frames between ticks instead of
    /// landing in one: the budget is per frame, and the heaviest frame sets its p95. The tick's
    /// own frame holds the engine's step and the clock. One model, computed once per tick (in
    /// the first stage's frame) and shared by `Arc`.
    pub(crate) staged: [Memo<Arc<ClusterVm>>; STAGES],
    stage_versions: [RwSignal<u64>; STAGES],
    /// What the panels below the cards read from the session itself follows a tick in the two
    /// frames after the odd cards, beside the strips (`LATE_FRAMES`), not in the tick's own
    /// frame: that frame holds the engine's step already, and the heaviest frame sets the p95
    /// (issue 26). `with_session` reads in the last, `with_session_paced` in the one before.
    late: [RwSignal<u64>; 2],
    /// Which ticks the paced readers follow.
    paced: StoredValue<Pace>,
    /// Topic names and sizes; changes only when a topic is created or grows, so option lists
    /// are not rebuilt every tick (which would reset a select the user is using).
    pub(crate) topics: Memo<Vec<TopicVm>>,
}

impl Views {
    /// The view models of `session`, for the partitions `page` chooses; `version` is bumped
    /// by whoever changes the session (`Commands`, the timer).
    pub(crate) fn new(session: StoredValue<Session>, version: RwSignal<u64>, page: RwSignal<PageSpec>, i18n: I18n) -> Self {
        let vm = Memo::new(move |_| {
            version.track();
            let spec = page.get();
            let tr = i18n.tr();
            Arc::new(session.with_value(|s| cluster_vm(&s.cluster, &spec, s.lag_samples, tr)))
        });
        let stage_versions: [RwSignal<u64>; STAGES] = std::array::from_fn(|_| RwSignal::new(0u64));
        let staged = stage_versions.map(|v| {
            Memo::new(move |_| {
                v.track();
                page.track();
                // A language switch shows in every stage at once.
                i18n.0.track();
                vm.get_untracked()
            })
        });
        // From the first stage: nothing reads the view model in the tick's own frame.
        let topics = Memo::new(move |_| staged[STAGE_PARTITIONS].with(|vm| vm.topics.clone()));
        Views {
            session,
            version,
            staged,
            stage_versions,
            late: [RwSignal::new(0), RwSignal::new(0)],
            paced: StoredValue::new(Pace::default()),
            topics,
        }
    }

    /// Reads the session, and runs the reader again after every change to it: at once after a
    /// learner's command, `LATE_FRAMES[0]` frames after a tick (use a memo around it, so
    /// that what depends on it re-renders only when the result changes).
    pub(crate) fn with_session<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.late[0].track();
        self.session.with_value(f)
    }

    /// As `with_session`, `LATE_FRAMES[1]` frames after a tick, and while time runs only every
    /// `PACED_EVERY_TICKS` rendered ticks: for the panel whose update costs the most and changes
    /// too fast to read anyway (the producers': under load every row of their tables and fates
    /// changes every tick; measured, that panel alone cost ~5.5 ms of a frame). Issue 26's
    /// "text at a readable rate". A learner's command still shows at once.
    pub(crate) fn with_session_paced<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.late[1].track();
        self.session.with_value(f)
    }

    /// As `with_session`, but in the tick's own frame, as the clock: for the header, which
    /// shows where simulated time stands.
    pub(crate) fn with_session_now<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.version.track();
        self.session.with_value(f)
    }

    /// Reads the session without subscribing to its changes (in an event handler, or where
    /// another memo already says when to read again).
    pub(crate) fn with_session_untracked<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.session.with_value(f)
    }

    /// Lets stage `i` catch up with the latest tick, `i + 1` animation frames from now (the next
    /// frame renders the timer's own updates: clock, brokers, counters).
    pub(crate) fn schedule_stages(&self) {
        for (i, v) in self.stage_versions.into_iter().enumerate() {
            crate::frame_queue::after_frames(i + 1, move || {
                let _ = v.try_update(|v| *v += 1);
            });
        }
        let due = self.paced.try_update_value(Pace::tick).unwrap_or(true);
        for (v, frame) in self.late.into_iter().zip(LATE_FRAMES).take(if due { 2 } else { 1 }) {
            crate::frame_queue::after_frames(frame, move || {
                let _ = v.try_update(|v| *v += 1);
            });
        }
    }

    /// Every view re-reads the session at once: after a learner's command, or when time stops
    /// after ticks that were not drawn (`render_budget`).
    pub(crate) fn refresh_all(&self) {
        self.version.update(|v| *v += 1);
        for v in self.stage_versions.into_iter().chain(self.late) {
            v.update(|v| *v += 1);
        }
        let _ = self.paced.try_update_value(Pace::settle);
    }

    /// Brings the paced readers up to the session if the last ticks left them behind: the
    /// timer calls it while time stands still, so a pause never leaves them showing the past.
    pub(crate) fn settle(&self) {
        if self.paced.try_update_value(Pace::settle).unwrap_or(false) {
            let _ = self.late[1].try_update(|v| *v += 1);
        }
    }

    /// The partition on the current page with this key, if any, as seen by a stage.
    pub(crate) fn partition(&self, stage: usize, topic: String, partition: u32) -> Memo<Option<PartitionVm>> {
        let vm = self.staged[stage];
        Memo::new(move |_| vm.with(|vm| vm.partitions.iter().find(|p| p.topic == topic && p.partition == partition).cloned()))
    }

    /// The keys of the partitions on the current page, as seen by a stage (the partition view
    /// and the describe table list the same page, each in its own frame).
    pub(crate) fn page_keys(&self, stage: usize) -> Memo<Vec<(String, u32)>> {
        let vm = self.staged[stage];
        Memo::new(move |_| vm.with(|vm| vm.partitions.iter().map(|p| (p.topic.clone(), p.partition)).collect()))
    }
}

/// Details of the record last hovered or focused in a log strip, for the inspector (keyboard
/// users get the same information as mouse users, who also see it as a tooltip).
#[derive(Clone, Copy)]
pub(crate) struct Inspector(pub(crate) RwSignal<String>);

/// Which partitions the page shows (a topic filter and a page): the pager sets it, and the view
/// models are computed for it. A context of its own, since only the pager writes it.
#[derive(Clone, Copy)]
pub(crate) struct PageChoice(pub(crate) RwSignal<PageSpec>);

/// Whether simulated time runs: the timer reads it; Play and "Start load and play" set it; the
/// Produce result words a waiting request by it.
#[derive(Clone, Copy)]
pub(crate) struct Playing(pub(crate) RwSignal<bool>);

/// Bumped when a panel opens a lesson (the course, or a lesson file): the lesson panel then
/// starts re-reading the session, which it does not do every tick in free play.
#[derive(Clone, Copy)]
pub(crate) struct LessonOpened(pub(crate) RwSignal<u64>);

/// Staged views: 0 = cards of even partitions (and the page's card list), 1 = describe table,
/// 2 = cards of odd partitions. All twelve cards in one frame made it the heaviest of a tick's
/// six (tests/site/perf.mjs: ~9.6 ms against ~4-7 ms for the others).
pub(crate) const STAGES: usize = 3;

pub(crate) const STAGE_PARTITIONS: usize = 0;

pub(crate) const STAGE_TABLE: usize = 1;

pub(crate) const STAGE_ODD_CARDS: usize = 2;

/// The frames after a tick (0 = its own) in which `Views::with_session` and
/// `with_session_paced` readers update: the two that draw the strips, which were the lightest
/// of a tick's six (tests/site/perf.mjs, PERF_TICK: ~1.5 ms against 3.5-9 ms for the others).
/// The paced ones, heavier, take the earlier: in the later one the next tick's timer often
/// fires in the same 16.7 ms, and their work would add up.
pub(crate) const LATE_FRAMES: [usize; 2] = [STAGE_ODD_CARDS + 3, STAGE_ODD_CARDS + 2];

/// The stage that updates a partition's card.
pub(crate) fn card_stage(partition: u32) -> usize {
    if partition.is_multiple_of(2) {
        STAGE_PARTITIONS
    } else {
        STAGE_ODD_CARDS
    }
}

/// Frames from a card's update to its log strips' redraw: every strip draws in the two frames
/// after the last card stage, half of them in each, a partition's replicas together (a
/// follower's strip then never shows records its leader's does not show yet).
pub(crate) fn strip_delay_frames(partition: u32) -> usize {
    STAGE_ODD_CARDS - card_stage(partition) + (partition as usize / 2) % 2
}

/// Rendered ticks per update of `Views::with_session_paced` readers while time runs: about
/// three a second at the timer's ten ticks a second.
pub(crate) const PACED_EVERY_TICKS: u32 = 3;

/// Which ticks the paced readers follow: every `PACED_EVERY_TICKS`th, and, once time stops, the
/// last one if they missed it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pace {
    /// Ticks since the paced readers last caught up.
    behind: u32,
}

impl Pace {
    /// A tick was rendered: whether the paced readers follow it.
    pub(crate) fn tick(&mut self) -> bool {
        self.behind += 1;
        let due = self.behind >= PACED_EVERY_TICKS;
        if due {
            self.behind = 0;
        }
        due
    }

    /// Time stands still: whether the paced readers must catch up (once).
    pub(crate) fn settle(&mut self) -> bool {
        std::mem::take(&mut self.behind) > 0
    }
}

trait UpdateReturning<T> {
    fn update_value_returning<R>(&self, f: impl FnOnce(&mut T) -> R) -> R;
}

impl<T: Send + Sync + 'static> UpdateReturning<T> for StoredValue<T> {
    fn update_value_returning<R>(&self, f: impl FnOnce(&mut T) -> R) -> R {
        let mut out = None;
        self.update_value(|s| out = Some(f(s)));
        match out {
            Some(r) => r,
            None => unreachable!("update_value runs its closure"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Frame after a tick (0 = the tick's own) in which a partition's card, then its strips,
    /// change: stage `i` runs `i + 1` frames after the tick (`Views::schedule_stages`), and a
    /// strip draws `strip_delay_frames` frames after the one its card changed in.
    fn frames_of(partition: u32) -> (usize, usize) {
        let card = card_stage(partition) + 1;
        (card, card + 1 + strip_delay_frames(partition))
    }

    #[test]
    fn paced_readers_follow_every_third_tick_and_the_last_one_once_time_stops() {
        let mut pace = Pace::default();
        let due: Vec<bool> = (0..7).map(|_| pace.tick()).collect();
        assert_eq!(due, [false, false, true, false, false, true, false]);
        assert!(pace.settle(), "the seventh tick was not followed: catch up");
        assert!(!pace.settle(), "once");
        assert!(!pace.tick() && !pace.tick() && pace.tick(), "then every third again");
        assert!(!pace.settle(), "the last tick was followed: nothing to catch up");
    }

    #[test]
    fn a_ticks_cards_and_strips_are_spread_over_its_six_frames() {
        let mut cards = [0; 6];
        let mut strips = [0; 6];
        for p in 0..12 {
            let (card, strip) = frames_of(p);
            cards[card] += 1;
            strips[strip] += 1;
        }
        assert_eq!(cards, [0, 6, 0, 6, 0, 0], "half the cards in frame 1, half in frame 3 (the table is frame 2)");
        assert_eq!(strips, [0, 0, 0, 0, 6, 6], "strips after the last cards, half in each frame");
        assert_eq!(frames_of(4), (1, 4));
        assert_eq!(frames_of(5), (3, 4), "odd cards' strips draw as soon as their cards change");
    }
}
