//! The page's contexts, each one concern, so that a panel asks only for what it uses and no
//! panel can reach state it has no business with (issue 19: panels that do not know each other):
//!
//! * [`Commands`]: the one way a panel changes the session;
//! * [`Views`]: what panels read: the view model, its staged copies (and their scheduling over
//!   animation frames), the topic list, and the session itself, read-only;
//! * [`Inspector`]: the record last hovered or focused in a log strip;
//! * [`PageChoice`]: which partitions the page shows;
//! * [`Playing`]: whether simulated time runs;
//! * [`TickReady`]: whether the cluster's tick has arrived (the time controls wait for it);
//! * [`I18n`]: the learner's language, and the words of the page in it.
//!
//! `App` creates them all over one session and provides them; a panel takes each with
//! `expect_context::<T>()`. Below them: how a tick's DOM work is staged over animation frames.

use crate::i18n::{Arg, Lang, Tr};
use crate::session::Session;
use crate::tick_plan::{card_work, when, Parts, Release, When, Work};
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
        // A checkpoint the timer left for an idle moment is of the state before this action.
        let r = self.views.session.update_value_returning(|s| {
            s.settle_history();
            f(s)
        });
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
    /// animation frames after a tick's own one (`tick_plan`): by the brokers and the pager, the
    /// cards of even partitions, the describe table, the cards of odd partitions and the groups
    /// (the table and the groups every third tick: `Paced::Describe`, `Paced::Groups`), the log
    /// strips after the cards. A tick's DOM, layout and paint work is thereby spread over the
    /// frames between ticks instead of landing in one (and over the next ticks' frames while
    /// the render budget skips them): the budget is per frame, and the heaviest frame sets its
    /// p95. The tick's own frame holds the engine's step alone (the clock follows with the
    /// first stage). One model, computed once per tick (in the first stage's frame) and shared
    /// by `Arc`. Out of view, the paced ones wait (`Pace`).
    pub(crate) staged: [Memo<Arc<ClusterVm>>; STAGES],
    stage_versions: [RwSignal<u64>; STAGES],
    /// What the panels below the cards read from the session itself follows a tick in the two
    /// frames after the odd cards, beside the strips, not in the tick's own frame: that frame
    /// holds the engine's step already, and the heaviest frame sets the p95 (issue 26).
    /// `with_session` reads with `Work::Late`; `with_session_paced` and `track_paced_second` with
    /// `Work::Table` and `Work::Groups`.
    late: RwSignal<u64>,
    paced: [RwSignal<u64>; 2],
    /// Which ticks the paced panels follow (`Paced`).
    pace: StoredValue<Pace>,
    /// Bumped when every partition card must show the session now, in view or not
    /// (`CardPace`): a learner's command, time standing still with a card behind.
    cards_catch_up: RwSignal<u64>,
    /// Whether a card out of view has left a change unshown since the last catch-up.
    cards_behind: StoredValue<bool>,
    /// The parts of the last drawn tick's work still to come with the ticks it skips, and over
    /// how many ticks it is spread (`tick_plan`): 1 while every tick renders.
    parts: StoredValue<Parts>,
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
            cards_catch_up: RwSignal::new(0),
            cards_behind: StoredValue::new(false),
            parts: StoredValue::new(Parts::default()),
            topics,
            i18n,
        }
    }

    /// Reads the session, and runs the reader again after every change to it: at once after a
    /// learner's command, with `Work::Late` after a tick (use a memo around it, so
    /// that what depends on it re-renders only when the result changes).
    pub(crate) fn with_session<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.late.track();
        self.session.with_value(f)
    }

    /// As `with_session`, with `Work::Table` after a tick, and while time runs only every
    /// `PACED_EVERY_TICKS` rendered ticks (`Paced::Producers`): for the panel whose update costs
    /// the most and changes too fast to read anyway (the producers': under load every row of
    /// their tables and fates changes every tick; measured, that panel alone cost ~5.5 ms of a
    /// frame). Issue 26's "text at a readable rate". A learner's command still shows at once.
    /// What the panel draws from it with `Work::Groups` instead waits for
    /// `track_paced_second`.
    pub(crate) fn with_session_paced<R>(&self, f: impl FnOnce(&Session) -> R) -> R {
        self.paced[0].track();
        self.session.with_value(f)
    }

    /// Subscribes to the second half of a paced panel's update, with `Work::Groups` after
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

    /// A tick is drawn: its stages catch up with it in the animation frames `tick_plan` says,
    /// counted from now (frame 0 renders the timer's own step and nothing else), the paced ones
    /// only on their tick (`Pace`). Over `spread` ticks: the parts after the first come with the
    /// ticks the render budget skips (`skip_tick`); what the last drawn tick left comes now.
    pub(crate) fn schedule_stages(&self, spread: usize) {
        let due = self.pace.try_update_value(Pace::tick).unwrap_or_default();
        for r in self.parts.try_update_value(|p| p.drawn(spread, due)).unwrap_or_default() {
            self.release(r);
        }
    }

    /// Bumps what a part of a drawn tick's work re-renders, in its frames or at once.
    fn release(&self, r: Release) {
        let bump = |v: RwSignal<u64>, frame: usize| {
            let go = move || {
                let _ = v.try_update(|v| *v += 1);
            };
            if r.now {
                go();
            } else {
                crate::frame_queue::after_frames(frame, go);
            }
        };
        let producers = r.due[Paced::Producers as usize];
        for work in Work::ALL {
            let When { part, frame } = when(work, r.spread);
            if part != r.part {
                continue;
            }
            let stage = |i: usize| stage_paced(i).is_none_or(|p| r.due[p as usize]).then_some(self.stage_versions[i]);
            let signals = match work {
                Work::Brokers => [stage(STAGE_PARTITIONS), None],
                Work::EvenCards => [stage(STAGE_EVEN_CARDS), None],
                Work::Table => [stage(STAGE_TABLE), producers.then_some(self.paced[0])],
                Work::OddCards => [stage(STAGE_ODD_CARDS), None],
                Work::Groups => [stage(STAGE_GROUPS), producers.then_some(self.paced[1])],
                Work::Late => [Some(self.late), None],
            };
            for v in signals.into_iter().flatten() {
                bump(v, frame);
            }
        }
    }

    /// Frames from a partition card's change to its log strips' redraw (`after_frames`), as
    /// the last drawn tick spread its work (`tick_plan::strip_delay_frames`).
    pub(crate) fn strip_delay_frames(&self, partition: u32) -> usize {
        crate::tick_plan::strip_delay_frames(partition, self.parts.try_with_value(Parts::spread).unwrap_or(1))
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
        self.parts.update_value(Parts::clear);
        self.version.update(|v| *v += 1);
        for v in self.stage_versions.into_iter().chain([self.late]).chain(self.paced).chain([self.cards_catch_up]) {
            v.update(|v| *v += 1);
        }
        self.cards_behind.set_value(false);
        let _ = self.pace.try_update_value(|p| {
            p.undrawn = false;
            p.settle()
        });
    }

    /// The timer stepped the session but will not draw this tick (`render_budget`): the next
    /// part of the last drawn tick's work, if any, comes in this tick's frames.
    pub(crate) fn skip_tick(&self) {
        let _ = self.pace.try_update_value(|p| p.undrawn = true);
        if let Some(r) = self.parts.try_update_value(Parts::skipped).flatten() {
            self.release(r);
        }
    }

    /// Brings every view up to the session if the last ticks left it behind: a tick not drawn
    /// (then all of them), or a paced panel's skipped tick. The timer calls it while time stands
    /// still, so a pause never leaves anything showing the past.
    pub(crate) fn settle(&self) {
        for r in self.parts.try_update_value(Parts::flush).unwrap_or_default() {
            self.release(r);
        }
        let Some((undrawn, behind)) = self.pace.try_update_value(|p| (std::mem::take(&mut p.undrawn), p.settle())) else { return };
        if undrawn {
            self.refresh_all();
            return;
        }
        if self.cards_behind.try_update_value(std::mem::take) == Some(true) {
            let _ = self.cards_catch_up.try_update(|v| *v += 1);
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

    /// A partition card's data as the card shows it: the card's stage (`card_stage`), followed
    /// at once while the card is in view (`in_view`, from `ui::on_screen`), and out of view
    /// only one change in `OFF_SCREEN_CARD_EVERY` (`CardPace`), until the card comes into view,
    /// a learner acts or time stands still.
    pub(crate) fn partition_card(&self, topic: String, partition: u32, in_view: RwSignal<bool>) -> Memo<Option<PartitionVm>> {
        let live = self.partition(card_stage(partition), topic, partition);
        let (catch_up, behind) = (self.cards_catch_up, self.cards_behind);
        let pace = StoredValue::new(CardPace::new(catch_up.get_untracked()));
        Memo::new(move |shown: Option<&Option<PartitionVm>>| {
            let now = live.get();
            let (in_view, catch_up) = (in_view.get(), catch_up.get());
            match shown {
                Some(shown) if *shown != now => {
                    if pace.try_update_value(|p| p.follows(in_view, catch_up)).unwrap_or(true) {
                        now
                    } else {
                        behind.set_value(true);
                        shown.clone()
                    }
                }
                _ => {
                    let _ = pace.try_update_value(|p| p.seen(catch_up));
                    now
                }
            }
        })
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

/// Whether the cluster's tick code is here (`chunks::load_ticks`; at once where it is linked
/// in): Play and the steps wait for it. `ui::later::Later` sets it.
#[derive(Clone, Copy)]
pub(crate) struct TickReady(pub(crate) ReadSignal<bool>);

/// Whether the panels below the first screen are all drawn (`ui::later::Later::ready`): the
/// page has settled, and code for what a learner may do next can be fetched without delaying
/// what is on the way.
#[derive(Clone, Copy)]
pub(crate) struct PanelsDrawn(pub(crate) crate::ui::later::Later);

/// What an engine step costs on this page, as the timer measures it (`StepBudget`): a seek
/// replays as many steps at once as fit its time budget.
#[derive(Clone, Copy)]
pub(crate) struct StepCost(pub(crate) StoredValue<crate::step_budget::StepBudget>);

/// Bumped when a panel opens a lesson (the course, or a lesson file): the lesson panel then
/// starts re-reading the session, which it does not do every tick in free play.
#[derive(Clone, Copy)]
pub(crate) struct LessonOpened(pub(crate) RwSignal<u64>);

/// Staged views, each updated in its frames after a tick (`tick_plan::Work`): 0 = brokers,
/// pager (and the page's card list), 1 = cards of even partitions, 2 = the describe table,
/// 3 = cards of odd partitions, 4 = the groups with their lag chart; 2 and 4 only every third
/// tick (`Paced::Describe`, `Paced::Groups`). All twelve cards in one frame made it the
/// heaviest of a tick's six (tests/site/perf.mjs: ~9.6 ms against ~4-7 ms for the others); so
/// did the describe table and the groups in one (p90 ~7.6 ms, up to 19 ms beside a timer).
pub(crate) const STAGES: usize = 5;

pub(crate) const STAGE_PARTITIONS: usize = 0;

pub(crate) const STAGE_EVEN_CARDS: usize = 1;

pub(crate) const STAGE_TABLE: usize = 2;

pub(crate) const STAGE_ODD_CARDS: usize = 3;

pub(crate) const STAGE_GROUPS: usize = 4;

/// Which paced panel a stage belongs to, if any.
pub(crate) fn stage_paced(stage: usize) -> Option<Paced> {
    match stage {
        STAGE_TABLE => Some(Paced::Describe),
        STAGE_GROUPS => Some(Paced::Groups),
        _ => None,
    }
}

/// The stage that updates a partition's card (`tick_plan::card_work`).
pub(crate) fn card_stage(partition: u32) -> usize {
    match card_work(partition) {
        Work::EvenCards => STAGE_EVEN_CARDS,
        _ => STAGE_ODD_CARDS,
    }
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

/// Of the changes to a partition card's data, the ones it shows while scrolled out of view: one
/// in four. A page holds twelve cards, and at 1280×800 three of them are in view: the other
/// nine changed their text every drawn tick, and their layout, paint and the script that
/// writes them were a third of a drawn tick's frames at 4× CPU (issue 26; R with its group,
/// `perf.mjs 15 4`, the nine hidden: 7.7 → 4.2 % and 9.7 → 5.7 % of frame slots full). As for
/// the paced panels (`OFF_SCREEN_EVERY_TURNS`), not never: a card read without scrolling (a
/// screen reader's browse mode) is a few drawn ticks behind at most, and it catches up at
/// once when it comes into view, a learner acts or time stands still.
pub(crate) const OFF_SCREEN_CARD_EVERY: u32 = 4;

/// Whether a partition card shows a change to its data now (`Views::partition_card`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CardPace {
    /// Changes left unshown since the card last followed.
    skipped: u32,
    /// `Views::cards_catch_up` when the card last looked.
    catch_up: u64,
}

impl CardPace {
    pub(crate) fn new(catch_up: u64) -> Self {
        CardPace { skipped: 0, catch_up }
    }

    /// The card's data changed: whether the card shows it now. In view, always; out of view,
    /// one change in `OFF_SCREEN_CARD_EVERY`, or when a catch-up came since it last looked.
    pub(crate) fn follows(&mut self, in_view: bool, catch_up: u64) -> bool {
        let caught_up = std::mem::replace(&mut self.catch_up, catch_up) != catch_up;
        if in_view || caught_up || self.skipped + 1 >= OFF_SCREEN_CARD_EVERY {
            self.skipped = 0;
            true
        } else {
            self.skipped += 1;
            false
        }
    }

    /// The card shows its data as it is (its first value, or no change): nothing is skipped,
    /// and the catch-up it has seen is this one.
    pub(crate) fn seen(&mut self, catch_up: u64) {
        *self = CardPace::new(catch_up);
    }
}

/// The panels that follow a running simulation at a readable rate, not every tick: their rows
/// of numbers all change every tick under load, too fast to read, and each costs a frame's
/// budget to redraw (issue 26: "text at a readable rate"). The producers' panel has a tick of
/// its own in every `PACED_EVERY_TICKS`, the describe table and the groups share another (in
/// different frames), so no tick redraws all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paced {
    /// The producers' panel (`Views::with_session_paced`, `track_paced_second`), in
    /// `Work::Table` and `Work::Groups`.
    Producers = 0,
    /// The describe table (`STAGE_TABLE`), with `Work::Table` on its tick.
    Describe = 1,
    /// The groups with their lag chart (`STAGE_GROUPS`), with `Work::Groups` on the describe
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

    const PRODUCERS: [bool; 3] = [true, false, false];
    const TABLES: [bool; 3] = [false, true, true];
    const NONE: [bool; 3] = [false; 3];

    #[test]
    fn a_card_in_view_shows_every_change_and_out_of_view_one_in_four() {
        let mut pace = CardPace::new(0);
        assert!((0..6).all(|_| pace.follows(true, 0)));
        let out: Vec<bool> = (0..9).map(|_| pace.follows(false, 0)).collect();
        assert_eq!(out, [false, false, false, true, false, false, false, true, false]);
        // Back in view: the next change shows, and the count starts again.
        assert!(pace.follows(true, 0));
        assert!(!pace.follows(false, 0));
    }

    #[test]
    fn a_catch_up_shows_a_card_out_of_view_at_once_and_only_once() {
        let mut pace = CardPace::new(5);
        assert!(!pace.follows(false, 5));
        assert!(!pace.follows(false, 5));
        assert!(pace.follows(false, 6), "a catch-up since the card last looked");
        assert_eq!((0..4).map(|_| pace.follows(false, 6)).collect::<Vec<_>>(), [false, false, false, true]);
    }

    #[test]
    fn a_card_that_shows_its_data_as_it_is_starts_counting_again() {
        let mut pace = CardPace::new(2);
        assert!(!pace.follows(false, 2) && !pace.follows(false, 2));
        pace.seen(3);
        // Nothing skipped since, and the catch-up it saw is not a new one.
        assert_eq!((0..4).map(|_| pace.follows(false, 3)).collect::<Vec<_>>(), [false, false, false, true]);
    }

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
}
