//! Where a drawn tick's DOM work goes (issue 26): in which animation frame after which tick.
//!
//! While every tick renders, a tick's work is spread over the six frames between it and the
//! next (60 Hz, ten ticks a second): the brokers and the even partitions' cards in frame 1, the
//! describe table in 2 (on its paced ticks), the odd cards and the panels that read the session
//! in 3 (`ctx::Views`), the groups (paced) and the log strips in 4. Frame 0, the tick's own,
//! holds the engine's step, and frame 5 is left free: each frame that changes the page pays the
//! browser's fixed costs (Layout, Paint, Layerize, Commit; ~1.5-2 ms at 1x). With the session's
//! panels and half the strips in a fifth painting frame, R with its group spent ~2 ms more per
//! tick (three interleaved 20-s pairs at 1x, `perf.mjs` with PERF_TICK: frame-work p95 7.57 /
//! 9.84 / 7.76 ms, then 6.43 / 9.62 / 6.68 in four frames).
//!
//! While the render budget draws one tick in two or three (`render_budget`), the ticks it skips
//! hold little more than their step, and a drawn tick's six frames ran one after the other at
//! 4× CPU (~65 ms of work, its first frame alone 16-21 ms; tests/site/perf.mjs, PERF_TICK).
//! Then the drawn tick's work is cut into `spread` parts, one per tick from the drawn one on,
//! each in the first frames after its own tick, one kind of work per frame; the brokers and
//! the even cards, one frame before, get a frame each. Counted from each tick, not from the
//! drawn one: at 4× CPU the browser draws only four to six frames between ticks, so frames
//! counted from the drawn tick alone land on a later tick's own frame.

/// Most ticks a drawn tick's work is spread over.
pub const SPREAD_MAX: usize = 3;

/// Over how many ticks a drawn tick's work is spread when the render budget draws one tick in
/// `every`: over the ticks up to the next drawn one, at most `SPREAD_MAX` (the views then lag
/// simulated time by at most three ticks).
pub fn spread_for(every: u32) -> usize {
    (every as usize).clamp(1, SPREAD_MAX)
}

/// A drawn tick's work, in the order it is done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Work {
    /// The header's clock, the brokers and the pager.
    Brokers,
    /// The cards of the even partitions on the page.
    EvenCards,
    /// The describe table and the first half of the producers' panel (each on its paced tick).
    Table,
    /// The cards of the odd partitions.
    OddCards,
    /// The groups with their lag chart and the producers' second half (each on its paced tick).
    Groups,
    /// The panels that read the session itself (`Views::with_session`). Every tick: beside the
    /// odd cards, not with the paced halves (the table, the groups), whose work would add up on
    /// their turns; frame 5 stays free, since the next tick's timer often fires in its slot.
    Late,
}

impl Work {
    pub const ALL: [Work; 6] = [Work::Brokers, Work::EvenCards, Work::Table, Work::OddCards, Work::Groups, Work::Late];
}

/// When work is done: `frame` animation frames after the own frame of the `part`-th tick from
/// the drawn one (part 0 is the drawn tick; frame 0 a tick's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct When {
    pub part: usize,
    pub frame: usize,
}

const fn at(part: usize, frame: usize) -> When {
    When { part, frame }
}

/// When `work` is done, with the drawn tick's work spread over `spread` ticks.
pub fn when(work: Work, spread: usize) -> When {
    use Work::*;
    match (spread.clamp(1, SPREAD_MAX), work) {
        (1, Brokers | EvenCards) => at(0, 1),
        (1, Table) => at(0, 2),
        (1, OddCards) => at(0, 3),
        (1, Groups) => at(0, 4),
        (1, Late) => at(0, 3),
        // Two ticks: brokers, even cards, table, even strips; odd cards, groups, odd strips, late.
        (2, Brokers) => at(0, 1),
        (2, EvenCards) => at(0, 2),
        (2, Table) => at(0, 3),
        (2, OddCards) => at(1, 1),
        (2, Groups) => at(1, 2),
        (2, Late) => at(1, 4),
        // Three: brokers, even cards, even strips; table, odd cards, odd strips; groups, late.
        (_, Brokers) => at(0, 1),
        (_, EvenCards) => at(0, 2),
        (_, Table) => at(1, 1),
        (_, OddCards) => at(1, 2),
        (_, Groups) => at(2, 1),
        (_, Late) => at(2, 2),
    }
}

/// The work that updates a partition's card.
pub fn card_work(partition: u32) -> Work {
    if partition.is_multiple_of(2) {
        Work::EvenCards
    } else {
        Work::OddCards
    }
}

/// When a partition's log strips redraw: after its card, in the same tick's frames, a
/// partition's replicas together (a follower's strip then never shows records its leader's does
/// not show yet). Every tick: all in frame 4, after the last cards, with the groups' paced turn
/// (PERF_TICK at 1x: ~2.2 ms for that frame, where half the strips alone took ~1.5). Spread: the
/// frame after the last card work of their tick.
pub fn strips_when(partition: u32, spread: usize) -> When {
    let card = when(card_work(partition), spread);
    match spread.clamp(1, SPREAD_MAX) {
        1 => at(0, 4),
        // Past the table (even cards) or the groups (odd cards), which follow the cards.
        2 => at(card.part, card.frame + 2),
        _ => at(card.part, card.frame + 1),
    }
}

/// Frames from a partition card's update to its strips' redraw (`frame_queue::after_frames`:
/// 0 = the next frame).
pub fn strip_delay_frames(partition: u32, spread: usize) -> usize {
    strips_when(partition, spread).frame - when(card_work(partition), spread).frame - 1
}

/// Which paced panels follow the drawn tick (`ctx::Pace`), by `ctx::Paced`.
pub type Due = [bool; 3];

/// Work of a drawn tick to do now: the part `part` of its work spread over `spread` ticks,
/// in that part's frames, or at once (`now`: time stopped, or the next drawn tick came first).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Release {
    pub spread: usize,
    pub due: Due,
    pub part: usize,
    pub now: bool,
}

/// The parts of the last drawn tick still to come, and over how many ticks it is spread.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Parts {
    pending: Option<Release>,
    /// 0 until a tick is drawn spread, and after `clear`: read as 1.
    spread: usize,
}

impl Parts {
    /// Over how many ticks the last drawn tick's work is spread: 1 after a refresh (`clear`),
    /// when a card's strips redraw as soon after it as every tick's do.
    pub fn spread(&self) -> usize {
        self.spread.max(1)
    }

    /// A tick is drawn: what is left of the one before (at once), then its own first part.
    pub fn drawn(&mut self, spread: usize, due: Due) -> Vec<Release> {
        let mut out = self.flush();
        let spread = spread.clamp(1, SPREAD_MAX);
        self.spread = spread;
        out.push(Release { spread, due, part: 0, now: false });
        if spread > 1 {
            self.pending = Some(Release { spread, due, part: 1, now: false });
        }
        out
    }

    /// A tick is skipped: the drawn tick's next part, in this tick's frames.
    pub fn skipped(&mut self) -> Option<Release> {
        let next = self.pending.take()?;
        if next.part + 1 < next.spread {
            self.pending = Some(Release { part: next.part + 1, ..next });
        }
        Some(next)
    }

    /// Everything still to come, at once (time stopped, or another tick is drawn).
    pub fn flush(&mut self) -> Vec<Release> {
        match self.pending.take() {
            Some(r) => (r.part..r.spread).map(|part| Release { part, now: true, ..r }).collect(),
            None => Vec::new(),
        }
    }

    /// Every view re-read the session: nothing is left to come.
    pub fn clear(&mut self) {
        *self = Parts::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DUE: Due = [true, false, true];

    #[test]
    fn every_tick_drawn_spreads_its_work_over_its_six_frames() {
        let mut cards = [0; 6];
        let mut strips = [0; 6];
        for p in 0..12 {
            let (card, strip) = (when(card_work(p), 1), strips_when(p, 1));
            assert_eq!((card.part, strip.part), (0, 0));
            assert_eq!(card.frame + 1 + strip_delay_frames(p, 1), strip.frame);
            cards[card.frame] += 1;
            strips[strip.frame] += 1;
        }
        assert_eq!(cards, [0, 6, 0, 6, 0, 0], "half the cards in frame 1, half in frame 3 (the table is frame 2)");
        assert_eq!(strips, [0, 0, 0, 0, 12, 0], "strips after the last cards");
        let frames: Vec<usize> = Work::ALL.iter().map(|w| when(*w, 1).frame).collect();
        assert_eq!(frames, [1, 1, 2, 3, 4, 3], "nothing in the tick's own frame, nor in the last");
        assert_eq!(strip_delay_frames(4, 1), 2);
        assert_eq!(strip_delay_frames(5, 1), 0, "odd cards' strips draw as soon as their cards change");
    }

    #[test]
    fn a_drawn_ticks_work_spread_over_skipped_ticks_takes_a_frame_each_in_order() {
        for spread in 2..=SPREAD_MAX {
            let mut seen: Vec<(When, String)> = Work::ALL.iter().map(|w| (when(*w, spread), format!("{w:?}"))).collect();
            for p in 0..2 {
                let (card, strip) = (when(card_work(p), spread), strips_when(p, spread));
                assert_eq!(card.part, strip.part, "spread {spread}: partition {p}'s strips in its card's tick");
                assert!(strip.frame > card.frame);
                assert_eq!(card.frame + 1 + strip_delay_frames(p, spread), strip.frame);
                seen.push((strip, format!("strips of {p}")));
            }
            for q in 2..12 {
                assert_eq!(strips_when(q, spread), strips_when(q % 2, spread), "by parity");
            }
            seen.sort();
            let whens: Vec<When> = seen.iter().map(|(w, _)| *w).collect();
            let mut unique = whens.clone();
            unique.dedup();
            assert_eq!(whens, unique, "spread {spread}: one kind of work per frame: {seen:?}");
            assert!(whens.iter().all(|w| w.part < spread && (1..=4).contains(&w.frame)), "spread {spread}: {seen:?}");
            let order: Vec<&str> = seen.iter().map(|(_, s)| s.as_str()).collect();
            let pos = |s: &str| order.iter().position(|o| *o == s);
            assert!(pos("Brokers") < pos("EvenCards") && pos("EvenCards") < pos("OddCards") && pos("OddCards") < pos("Late"), "{order:?}");
            for part in 0..spread {
                assert!(
                    whens.iter().any(|w| w.part == part && w.frame == 1),
                    "spread {spread}: part {part} starts in the frame after its tick"
                );
            }
        }
        assert_eq!((spread_for(1), spread_for(2), spread_for(3), spread_for(10)), (1, 2, 3, SPREAD_MAX));
        assert_eq!(strip_delay_frames(4, 2), 1, "even card in frame 2, its strips in 4");
        assert_eq!(strip_delay_frames(5, 2), 1, "odd card in the next tick's frame 1, its strips in 3");
        assert_eq!(strip_delay_frames(4, 3), 0);
    }

    #[test]
    fn the_parts_come_with_the_skipped_ticks_and_all_at_once_when_another_is_drawn() {
        let mut parts = Parts::default();
        assert_eq!(parts.drawn(1, DUE), [Release { spread: 1, due: DUE, part: 0, now: false }]);
        assert_eq!(parts.skipped(), None, "every tick drawn: nothing waits for the next");
        assert_eq!(parts.spread(), 1);
        assert_eq!(parts.drawn(3, DUE), [Release { spread: 3, due: DUE, part: 0, now: false }]);
        assert_eq!(parts.spread(), 3);
        assert_eq!(parts.skipped(), Some(Release { spread: 3, due: DUE, part: 1, now: false }));
        assert_eq!(parts.skipped(), Some(Release { spread: 3, due: DUE, part: 2, now: false }));
        assert_eq!(parts.skipped(), None, "all three parts done");
        let other = [false, true, false];
        parts.drawn(3, DUE);
        assert_eq!(
            parts.drawn(2, other),
            [
                Release { spread: 3, due: DUE, part: 1, now: true },
                Release { spread: 3, due: DUE, part: 2, now: true },
                Release { spread: 2, due: other, part: 0, now: false },
            ],
            "the budget drew sooner: the rest of the last tick at once, with its own paced panels"
        );
        assert_eq!(parts.flush(), [Release { spread: 2, due: other, part: 1, now: true }], "time stopped");
        assert_eq!(parts.flush(), [], "once");
        parts.drawn(2, DUE);
        parts.clear();
        assert_eq!((parts.skipped(), parts.flush()), (None, vec![]), "every view re-read the session");
        assert_eq!(parts.spread(), 1, "a refresh's strips follow their cards as every tick's do");
        assert_eq!(parts.drawn(9, DUE)[0].spread, SPREAD_MAX);
    }
}
