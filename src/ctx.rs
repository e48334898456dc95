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
    views: Views,
}

impl Commands {
    /// Commands on the session that `views` read (they are re-rendered after each one).
    pub(crate) fn new(views: &Views) -> Self {
        Commands { views: *views }
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
        let r = self.views.session.update_value_returning(f);
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
    /// partitions in the second, the describe table in the third and the groups in the fifth
    /// (both every third tick: `Paced::Describe`, `Paced::Groups`), the cards of odd partitions
    /// in the fourth (the log strips draw in the fifth and sixth). A tick's DOM, layout and
    /// paint work is thereby spread over the six frames between ticks instead of landing in
    /// one: the budget is per frame, and the heaviest frame sets its p95. The tick's own frame
    /// holds the engine's step alone (the clock follows with the first stage). One model,
    /// computed once per tick (in the first stage's frame) and shared by `Arc`. Out of view,
    /// the paced ones wait (`Pace`).
    pub(crate) staged: [Memo<Arc<ClusterVm>>; STAGES],
    stage_versions: [RwSignal<u64>; STAGES],
    /// What the panels below the cards read from the session itself follows a tick in the two
    /// frames after the odd cards, beside the strips, not in the tick's own frame: that frame
    /// holds the engine's step already, and the heaviest frame sets the p95 (issue 26).
    /// `with_session` reads in `LATE_FRAME`; `with_session_paced` and `track_paced_second` in
    /// `PACED_FRAMES`.
    late: RwSignal<u64>,
    paced: [RwSignal<u64>; 2],
    /// Which ticks the paced panels follow (`Paced`).
    pace: StoredValue<Pace>,
    /// How far apart the last drawn tick's frames of work fall (`stretched`): 1 while every
    /// tick renders, more while the render budget skips ticks.
    spread: StoredValue<usize>,
    /// Topic names and sizes; changes only when a topic is created or grows, so option lists
    /// are not rebuilt every tick (which would reset a select the user is using).
    pub(crate) topics: Memo<Vec<TopicVm>>,
    i18n: I18n,
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
            late: RwSignal::new(0),
            paced: [RwSignal::new(0), RwSignal::new(0)],
            pace: StoredValue::new(Pace::default()),
            spread: StoredValue::new(1),
            topics,
            i18n,
        }
    }

    /// Reads the session, and runs the reader again after every change to it: at once after a
    /// learner's command, `LATE_FRAME` frames after a tick (use a memo around it, so
    /// that what depends on it re-renders only when the result changes).
    pub(crate) fn with_session<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.late.track();
        self.session.with_value(f)
    }

    /// As `with_session`, `PACED_FRAMES[0]` frames after a tick, and while time runs only every
    /// `PACED_EVERY_TICKS` rendered ticks (`Paced::Producers`): for the panel whose update costs
    /// the most and changes too fast to read anyway (the producers': under load every row of
    /// their tables and fates changes every tick; measured, that panel alone cost ~5.5 ms of a
    /// frame). Issue 26's "text at a readable rate". A learner's command still shows at once.
    /// What the panel draws from it in `PACED_FRAMES[1]` instead waits for
    /// `track_paced_second`.
    pub(crate) fn with_session_paced<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.paced[0].track();
        self.session.with_value(f)
    }

    /// Subscribes to the second half of a paced panel's update, `PACED_FRAMES[1]` frames after
    /// its tick: a memo that copies (untracked) what `with_session_paced` read calls it, so the
    /// panel's work on a paced tick is split over two frames. With a learner's command, and
    /// when time stops or the language changes, both halves update together.
    pub(crate) fn track_paced_second(&self) {
        self.paced[1].track();
        // A language switch shows in both halves at once, as in every stage.
        self.i18n.0.track();
    }

    /// As `with_session`, but with the first stage (the frame after the tick's own, beside the
    /// even cards): for the header, which shows where simulated time stands. Not in the tick's
    /// own frame: that frame holds the engine's step, and the clock's and the scrubber's changes
    /// there cost a whole painting frame on top of it (R at 1×: the tick's own frame 5.3 ms with
    /// the header, 2.1 without; docs/performance-history.md, eleventh run).
    pub(crate) fn with_session_first<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.stage_versions[STAGE_PARTITIONS].track();
        self.session.with_value(f)
    }

    /// Reads the session without subscribing to its changes (in an event handler, or where
    /// another memo already says when to read again).
    pub(crate) fn with_session_untracked<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.session.with_value(f)
    }

    /// Lets stage `i` catch up with the latest tick, `i + 1` animation frames from now (the next
    /// frame renders the timer's own step and nothing else), and the readers of
    /// the session in the frames after them; the paced ones only on their tick (`Pace`). With
    /// `spread` above 1 (the render budget draws one tick in several), those frames fall
    /// `spread` apart (`stretched`).
    pub(crate) fn schedule_stages(&self, spread: usize) {
        let spread = spread.clamp(1, SPREAD_MAX);
        self.spread.set_value(spread);
        let due = self.pace.try_update_value(Pace::tick).unwrap_or_default();
        let bump_in = |v: RwSignal<u64>, frame: usize| {
            crate::frame_queue::after_frames(stretched(frame, spread), move || {
                let _ = v.try_update(|v| *v += 1);
            });
        };
        for (i, v) in self.stage_versions.into_iter().enumerate() {
            if stage_paced(i).is_none_or(|p| due[p as usize]) {
                bump_in(v, i + 1);
            }
        }
        bump_in(self.late, LATE_FRAME);
        if due[Paced::Producers as usize] {
            for (v, frame) in self.paced.into_iter().zip(PACED_FRAMES) {
                bump_in(v, frame);
            }
        }
    }

    /// Frames from a partition card's change to its log strips' redraw (`after_frames`), as
    /// the last drawn tick spread its work (`strip_delay_frames`, `stretched`).
    pub(crate) fn strip_delay_frames(&self, partition: u32) -> usize {
        spread_strip_delay_frames(partition, self.spread.try_get_value().unwrap_or(1))
    }

    /// A paced panel's view re-reads the session now (both halves of the producers', the stage
    /// of a table: `stage_paced`).
    fn catch_up(&self, panel: Paced) {
        let producers = self.paced.into_iter().filter(|_| panel == Paced::Producers);
        let stages = self.stage_versions.into_iter().enumerate().filter(|(i, _)| stage_paced(*i) == Some(panel));
        for v in producers.chain(stages.map(|(_, v)| v)) {
            let _ = v.try_update(|v| *v += 1);
        }
    }

    /// A paced panel scrolled into view or out of it (`ui::on_screen`). Off screen it follows a
    /// running simulation only about once a second (`Pace`); coming back, it catches up at once.
    pub(crate) fn set_on_screen(&self, panel: Paced, on_screen: bool) {
        if self.pace.try_update_value(|p| p.set_on_screen(panel, on_screen)) == Some(true) {
            self.catch_up(panel);
        }
    }

    /// Every view re-reads the session at once: after a learner's command, or when time stops
    /// after ticks that were not drawn (`render_budget`).
    pub(crate) fn refresh_all(&self) {
        // At once: a strip redraws as soon after its card as every tick's do.
        self.spread.set_value(1);
        self.version.update(|v| *v += 1);
        for v in self.stage_versions.into_iter().chain([self.late]).chain(self.paced) {
            v.update(|v| *v += 1);
        }
        let _ = self.pace.try_update_value(|p| {
            p.undrawn = false;
            p.settle()
        });
    }

    /// The timer stepped the session but will not draw this tick (`render_budget`).
    pub(crate) fn skip_tick(&self) {
        let _ = self.pace.try_update_value(|p| p.undrawn = true);
    }

    /// Brings every view up to the session if the last ticks left it behind: a tick not drawn
    /// (then all of them), or a paced panel's skipped tick. The timer calls it while time stands
    /// still, so a pause never leaves anything showing the past.
    pub(crate) fn settle(&self) {
        let Some((undrawn, behind)) = self.pace.try_update_value(|p| (std::mem::take(&mut p.undrawn), p.settle())) else { return };
        if undrawn {
            self.refresh_all();
            return;
        }
        for panel in Paced::ALL {
            if behind[panel as usize] {
                self.catch_up(panel);
            }
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

/// Staged views, each updated `i + 1` frames after a tick: 0 = brokers, pager and cards of even
/// partitions (and the page's card list), 1 = the describe table, 2 = cards of odd partitions,
/// 3 = the groups with their lag chart; 1 and 3 only every third tick (`Paced::Describe`,
/// `Paced::Groups`). All twelve cards in one frame made it the heaviest of a tick's six
/// (tests/site/perf.mjs: ~9.6 ms against ~4-7 ms for the others); so did the describe table and
/// the groups in one (p90 ~7.6 ms, up to 19 ms beside a timer).
pub(crate) const STAGES: usize = 4;

pub(crate) const STAGE_PARTITIONS: usize = 0;

pub(crate) const STAGE_TABLE: usize = 1;

pub(crate) const STAGE_ODD_CARDS: usize = 2;

pub(crate) const STAGE_GROUPS: usize = 3;

/// Which paced panel a stage belongs to, if any.
pub(crate) fn stage_paced(stage: usize) -> Option<Paced> {
    match stage {
        STAGE_TABLE => Some(Paced::Describe),
        STAGE_GROUPS => Some(Paced::Groups),
        _ => None,
    }
}

/// The frame after a tick (0 = its own) in which `Views::with_session` readers update: the last
/// of the two that draw the strips, which were the lightest of a tick's six (tests/site/perf.mjs,
/// PERF_TICK: ~1.5 ms against 3.5-9 ms for the others).
pub(crate) const LATE_FRAME: usize = STAGE_ODD_CARDS + 3;

/// The frames in which the producers' panel (paced) updates, its first half (its model and
/// accumulator table) and its second (requests in flight and fates): those of the describe
/// table and of the groups, which follow other ticks. Not `LATE_FRAME`: there the next tick's
/// timer often fires within the same 16.7 ms, and their work would add up. Its tables alone
/// made the paced frame the heaviest (p90 ~9.4-12 ms against ~5 when hidden).
pub(crate) const PACED_FRAMES: [usize; 2] = [STAGE_TABLE + 1, STAGE_GROUPS + 1];

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

/// Most frames apart a drawn tick's frames of work fall (`stretched`).
pub(crate) const SPREAD_MAX: usize = 3;

/// How far apart a drawn tick's frames of work fall when the render budget draws one tick in
/// `every` (`render_budget`): the ticks it skips leave their frames free, and a tick's work
/// spread over them leaves each frame lighter. At 4× CPU, drawing every 2nd tick, a drawn tick's
/// six frames (~65 ms of work) ran one after the other while the next tick's six held little
/// more than its step (tests/site/perf.mjs, PERF_TICK).
pub(crate) fn spread_for(every: u32) -> usize {
    (every as usize).clamp(1, SPREAD_MAX)
}

/// The frame after a drawn tick (0 = its own) where work planned for `frame` of the six goes
/// when the work is `spread` frames apart: frame 1 stays, each later one `spread` after the one
/// before. With the timer's ticks six frames apart (60 Hz), a spread of 2 or 3 never lands on
/// a later tick's own frame (6, 12, 18), which holds that tick's step.
pub(crate) fn stretched(frame: usize, spread: usize) -> usize {
    match frame {
        0 => 0,
        f => spread.max(1) * (f - 1) + 1,
    }
}

/// `strip_delay_frames` with a drawn tick's work `spread` frames apart (`stretched`).
pub(crate) fn spread_strip_delay_frames(partition: u32, spread: usize) -> usize {
    let card = card_stage(partition) + 1;
    let strip = card + 1 + strip_delay_frames(partition);
    stretched(strip, spread) - stretched(card, spread) - 1
}

/// Rendered ticks per update of a paced panel while time runs: about three a second at the
/// timer's ten ticks a second.
pub(crate) const PACED_EVERY_TICKS: u32 = 3;

/// Of a paced panel's turns, the ones it takes while scrolled out of view: one in four, about
/// once a second at ten ticks a second. Its rows change for nobody to see, and each redraw
/// costs a frame's layout, paint and layerization of a table (the heaviest frames of a tick,
/// issue 26); as for the log strips scrolled away (`ui::log_strip`), the work waits until
/// it is seen. Not never: the page's text stays within a second of the simulation for whoever
/// reads it without scrolling (a screen reader's browse mode, a test), and when time stops or
/// the panel comes into view it catches up at once (`Views::settle`, `Views::set_on_screen`).
pub(crate) const OFF_SCREEN_EVERY_TURNS: u32 = 4;

/// The panels that follow a running simulation at a readable rate, not every tick: their rows
/// of numbers all change every tick under load, too fast to read, and each costs a frame's
/// budget to redraw (issue 26: "text at a readable rate"). The producers' panel has a tick of
/// its own in every `PACED_EVERY_TICKS`, the describe table and the groups share another (in
/// different frames), so no tick redraws all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paced {
    /// The producers' panel (`Views::with_session_paced`, `track_paced_second`), in
    /// `PACED_FRAMES`.
    Producers = 0,
    /// The describe table (`STAGE_TABLE`), in `PACED_FRAMES[0]` on its tick.
    Describe = 1,
    /// The groups with their lag chart (`STAGE_GROUPS`), in `PACED_FRAMES[1]` on the describe
    /// table's tick.
    Groups = 2,
}

impl Paced {
    pub(crate) const ALL: [Paced; 3] = [Paced::Producers, Paced::Describe, Paced::Groups];

    /// The tick of each round of `PACED_EVERY_TICKS` that the panel follows.
    fn turn(self) -> u32 {
        match self {
            Paced::Producers => 0,
            Paced::Describe | Paced::Groups => 1,
        }
    }
}

/// Which ticks the paced panels follow, and which of them missed the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Pace {
    /// Rendered ticks, counted round `PACED_EVERY_TICKS * OFF_SCREEN_EVERY_TURNS`.
    round: u32,
    /// By `Paced`: whether that panel has not followed the latest tick.
    behind: [bool; 3],
    /// By `Paced`: whether the panel is in view (until an observer says otherwise, it is).
    on_screen: [bool; 3],
    /// Whether the session has moved on since the views last followed it (a tick not drawn).
    undrawn: bool,
}

impl Default for Pace {
    fn default() -> Self {
        Pace { round: 0, behind: [false; 3], on_screen: [true; 3], undrawn: false }
    }
}

impl Pace {
    /// A tick was rendered: by `Paced`, the panels that follow it.
    pub(crate) fn tick(&mut self) -> [bool; 3] {
        self.undrawn = false;
        self.round = (self.round + 1) % (PACED_EVERY_TICKS * OFF_SCREEN_EVERY_TURNS);
        let (turn, off_screen_turn) = (self.round % PACED_EVERY_TICKS, self.round < PACED_EVERY_TICKS);
        let mut due = [false; 3];
        for p in Paced::ALL {
            let i = p as usize;
            due[i] = p.turn() == turn && (self.on_screen[i] || off_screen_turn);
            self.behind[i] = !due[i];
        }
        due
    }

    /// Time stands still: which paced panels must catch up (once each).
    pub(crate) fn settle(&mut self) -> [bool; 3] {
        std::mem::take(&mut self.behind)
    }

    /// The panel scrolled into view or out of it: whether it must catch up now.
    pub(crate) fn set_on_screen(&mut self, panel: Paced, on_screen: bool) -> bool {
        let i = panel as usize;
        self.on_screen[i] = on_screen;
        on_screen && std::mem::take(&mut self.behind[i])
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
        frames_spread(partition, 1)
    }

    /// As `frames_of`, with the work `spread` frames apart.
    fn frames_spread(partition: u32, spread: usize) -> (usize, usize) {
        let card = stretched(card_stage(partition) + 1, spread);
        (card, card + 1 + spread_strip_delay_frames(partition, spread))
    }

    const PRODUCERS: [bool; 3] = [true, false, false];
    const TABLES: [bool; 3] = [false, true, true];
    const NONE: [bool; 3] = [false; 3];

    #[test]
    fn each_paced_panel_follows_every_third_tick_on_its_own_and_catches_up_once_time_stops() {
        let mut pace = Pace::default();
        let due: Vec<[bool; 3]> = (0..7).map(|_| pace.tick()).collect();
        assert_eq!(due, [TABLES, NONE, PRODUCERS, TABLES, NONE, PRODUCERS, TABLES]);
        assert_eq!(pace.settle(), PRODUCERS, "the seventh tick: the tables followed it, the producers did not");
        assert_eq!(pace.settle(), NONE, "once");
        assert_eq!((pace.tick(), pace.tick()), (NONE, PRODUCERS));
        assert_eq!(pace.settle(), TABLES, "the producers followed the last tick, the tables did not");
    }

    #[test]
    fn a_paced_panel_out_of_view_follows_one_turn_in_four_and_catches_up_as_it_comes_back() {
        let mut pace = Pace::default();
        assert!(!pace.set_on_screen(Paced::Groups, false), "nothing to catch up yet");
        let groups: Vec<bool> = (0..24).map(|_| pace.tick()[Paced::Groups as usize]).collect();
        let followed: Vec<usize> = groups.iter().enumerate().filter(|(_, d)| **d).map(|(i, _)| i).collect();
        assert_eq!(followed, [0, 12], "one turn in four: every 12th tick, ~1.2 s at ten ticks a second");
        assert_eq!(pace.tick(), TABLES, "the describe table, in view, keeps its turn; the groups take theirs");
        assert!(!pace.set_on_screen(Paced::Groups, true), "the groups followed the last tick");
        let _ = pace.set_on_screen(Paced::Groups, false);
        assert_eq!(pace.tick(), NONE);
        assert!(pace.set_on_screen(Paced::Groups, true), "behind: it catches up as it comes into view");
        assert!(!pace.set_on_screen(Paced::Groups, true), "once");
        assert_eq!(pace.settle(), [true, true, false], "the others catch up when time stops");
        let _ = pace.set_on_screen(Paced::Producers, false);
        let producers: Vec<bool> = (0..12).map(|_| pace.tick()[Paced::Producers as usize]).collect();
        assert_eq!(producers.iter().filter(|d| **d).count(), 1, "of its four turns, one: {producers:?}");
        assert!(producers[9], "the round's first turn (the 10th of these ticks)");
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
        assert_eq!([STAGE_TABLE + 1, STAGE_GROUPS + 1], PACED_FRAMES, "both paced panels use the same two frames, on different ticks");
        assert!(
            !PACED_FRAMES.contains(&LATE_FRAME)
                && !PACED_FRAMES.contains(&(STAGE_PARTITIONS + 1))
                && !PACED_FRAMES.contains(&(STAGE_ODD_CARDS + 1))
        );
        assert_eq!(strips, [0, 0, 0, 0, 6, 6], "strips after the last cards, half in each frame");
        assert_eq!(frames_of(4), (1, 4));
        assert_eq!(frames_of(5), (3, 4), "odd cards' strips draw as soon as their cards change");
    }

    #[test]
    fn a_tick_drawn_among_skipped_ones_spreads_its_work_over_their_frames() {
        assert_eq!((spread_for(1), spread_for(2), spread_for(3), spread_for(10)), (1, 2, 3, SPREAD_MAX));
        for spread in 1..=SPREAD_MAX {
            // The plan's frames, where each kind of work goes: stages, the late readers, the
            // paced halves, every strip.
            let plan: Vec<usize> = (1..=STAGES).chain([LATE_FRAME]).chain(PACED_FRAMES).collect();
            let frames: Vec<usize> = plan.iter().map(|f| stretched(*f, spread)).collect();
            assert!(frames.iter().all(|f| *f <= crate::frame_queue::FRAMES_AHEAD_MAX), "{spread}: {frames:?}");
            for (p, f) in plan.iter().zip(&frames) {
                for (q, g) in plan.iter().zip(&frames) {
                    assert_eq!(p == q, f == g, "spread {spread}: work of different frames stays apart");
                }
            }
            for p in 0..12 {
                let (card, strip) = frames_spread(p, spread);
                assert!(strip > card, "spread {spread}: partition {p}'s strips after its card");
                assert!(frames.contains(&strip), "spread {spread}: strips draw in the plan's frames 4 and 5: {strip}");
            }
            if spread > 1 {
                let own = |f: usize| f > 0 && f.is_multiple_of(6);
                assert!(!frames.iter().any(|f| own(*f)), "spread {spread}: no work on a later tick's own frame: {frames:?}");
            }
        }
        assert_eq!(frames_spread(4, 1), frames_of(4));
        assert_eq!(frames_spread(4, 2), (1, 7), "an even card in frame 1, its strips in the plan's frame 4");
        assert_eq!(frames_spread(5, 2), (5, 7));
        assert_eq!(frames_spread(6, 3), (1, 13), "the plan's frame 5");
    }
}
