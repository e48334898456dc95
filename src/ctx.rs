//! The page's shared handles (`Ctx`) and how a tick's DOM work is staged over animation
//! frames. Every panel reads its view models through it and sends commands through `update`.

use crate::session::Session;
use crate::view_model::{ClusterVm, PageSpec};
use leptos::prelude::*;

/// Shared handles: the session (not reactive) and a version counter that re-renders views.
#[derive(Clone, Copy)]
pub(crate) struct Ctx {
    /// Details of the record last hovered or focused, for the inspector (keyboard users get
    /// the same information as mouse users, who also see it as a tooltip).
    pub(crate) inspected: RwSignal<String>,
    /// Topic names and sizes; changes only when a topic is created or grows, so option lists
    /// are not rebuilt every tick (which would reset a select the user is using).
    pub(crate) topics: Memo<Vec<crate::view_model::TopicVm>>,
    pub(crate) page: RwSignal<PageSpec>,
    pub(crate) session: StoredValue<Session>,
    pub(crate) version: RwSignal<u64>,
    pub(crate) vm: Memo<ClusterVm>,
    /// The same view model, re-read in the animation frames after a tick's own one: by the
    /// cards of even partitions in the second, the describe table in the third, the cards of odd
    /// partitions in the fourth (the log strips draw in the two after that). A tick's DOM,
    /// layout and paint work is thereby spread over the six frames between ticks instead of
    /// landing in one: the budget is per frame, and the heaviest frame sets its p95.
    pub(crate) staged: [Memo<ClusterVm>; STAGES],
    pub(crate) stage_versions: [RwSignal<u64>; STAGES],
    pub(crate) playing: RwSignal<bool>,
}

/// Staged views: 0 = cards of even partitions (and the page's card list), 1 = describe table,
/// 2 = cards of odd partitions. All twelve cards in one frame made it the heaviest of a tick's
/// six (tests/site/perf.mjs: ~9.6 ms against ~4-7 ms for the others).
pub(crate) const STAGES: usize = 3;

pub(crate) const STAGE_PARTITIONS: usize = 0;

pub(crate) const STAGE_TABLE: usize = 1;

pub(crate) const STAGE_ODD_CARDS: usize = 2;

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

impl Ctx {
    pub(crate) fn update<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        let r = self.session.update_value_returning(f);
        // A learner's own action shows everywhere at once; only timer ticks are staged.
        self.version.update(|v| *v += 1);
        for v in self.stage_versions {
            v.update(|v| *v += 1);
        }
        r
    }

    /// Lets stage `i` catch up with the latest tick, `i + 1` animation frames from now (the next
    /// frame renders the timer's own updates: clock, brokers, counters).
    pub(crate) fn schedule_stages(&self) {
        for (i, v) in self.stage_versions.into_iter().enumerate() {
            crate::frame_queue::after_frames(i + 1, move || {
                let _ = v.try_update(|v| *v += 1);
            });
        }
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
    /// change: stage `i` runs `i + 1` frames after the tick (`Ctx::schedule_stages`), and a
    /// strip draws `strip_delay_frames` frames after the one its card changed in.
    fn frames_of(partition: u32) -> (usize, usize) {
        let card = card_stage(partition) + 1;
        (card, card + 1 + strip_delay_frames(partition))
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
