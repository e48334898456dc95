//! The panels below the first screen (issue 26): in the hosted site their code is a chunk
//! (`chunks::panel_code`) that the page starts downloading as soon as it is mounted, so that
//! the first download holds only what the first screen shows (the header, the brokers, the
//! partitions and the lesson) and the page answers sooner on a slow network. Every other build
//! links them in and draws them at once, as before.
//!
//! Like `app.rs`, this is layout: the one place besides it that names panels. A panel here is
//! written as any other (one file, its contexts); adding one below the first screen is one line
//! in `main_panels` or `side_panels`.

use crate::ctx::I18n;
use crate::ui::create_topic::CreateTopicForm;
use crate::ui::describe::DescribeTable;
use crate::ui::groups::{ConsumerForm, Groups};
use crate::ui::lesson_maker::LessonMaker;
use crate::ui::produce::ProduceForm;
use crate::ui::producers::Producers;
use crate::ui::segments::SegmentsPanel;
use crate::ui::share::SharePanel;
use crate::ui::terminal::TerminalPanel;
use crate::ui::timeline::Timeline;
use leptos::prelude::*;

/// The code of the panels below the first screen: one function per column, which mounts its
/// panels as the count of mounted panels (`Later`'s) passes their turns. In the hosted site the
/// one reference to it is in the `panels` chunk, so everything only these panels use (and the
/// mounting itself) is downloaded with it.
pub struct PanelCode {
    pub main: fn(ReadSignal<usize>) -> AnyView,
    pub side: fn(ReadSignal<usize>) -> AnyView,
    /// How many panels both columns hold.
    pub count: usize,
}

pub static PANELS: PanelCode = PanelCode {
    main: |shown| column_panels(Column::Main, shown),
    side: |shown| column_panels(Column::Side, shown),
    count: MAIN_PANELS.len() + SIDE_PANELS.len(),
};

/// The main column after the partitions.
const MAIN_PANELS: &[fn() -> AnyView] = &[
    || view! { <DescribeTable /> }.into_any(),
    || view! { <SegmentsPanel /> }.into_any(),
    || view! { <Producers /> }.into_any(),
    || view! { <Groups /> }.into_any(),
    || view! { <TerminalPanel /> }.into_any(),
];

/// The side column after the lesson.
const SIDE_PANELS: &[fn() -> AnyView] = &[
    || view! { <Timeline /> }.into_any(),
    || view! { <ProduceForm /> }.into_any(),
    || view! { <ConsumerForm /> }.into_any(),
    || view! { <CreateTopicForm /> }.into_any(),
    || view! { <SharePanel /> }.into_any(),
    || view! { <LessonMaker /> }.into_any(),
];

/// Which column's later panels.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Column {
    Main,
    Side,
}

/// A column's panels, each mounted once the count of mounted panels passes its turn.
fn column_panels(column: Column, shown: ReadSignal<usize>) -> AnyView {
    let panels = match column {
        Column::Main => MAIN_PANELS,
        Column::Side => SIDE_PANELS,
    };
    panels
        .iter()
        .enumerate()
        .map(|(i, panel)| {
            let panel = *panel;
            let turn = turn(MAIN_PANELS.len(), SIDE_PANELS.len(), column, i);
            // A memo, so a panel is mounted once, when its turn comes, and not again as the
            // count goes on.
            let mounted = Memo::new(move |_| shown.get() > turn);
            move || mounted.get().then(panel)
        })
        .collect_view()
        .into_any()
}

/// Where a column's `i`-th panel comes in the order the panels are mounted, from 0 to
/// `main + side - 1` (the columns' lengths): the two columns take turns (main, side, main ...)
/// while both have panels left, so each fills from the top and the describe table and the
/// timeline come first; then the longer column's rest.
fn turn(main: usize, side: usize, column: Column, i: usize) -> usize {
    let pairs = main.min(side);
    let first = match column {
        Column::Main => 0,
        Column::Side => 1,
    };
    if i < pairs {
        2 * i + first
    } else {
        2 * pairs + (i - pairs)
    }
}

/// The one download of the later panels' code, shared by both columns: whether it is here, and
/// whether the last attempt failed. `Copy`, made once by the app (`Later::start`).
#[derive(Clone, Copy)]
pub struct Later {
    code: RwSignal<Option<&'static PanelCode>>,
    /// How many panels are mounted, in `turn`'s order. Where the code arrives as a chunk they are
    /// mounted one per animation frame: all at once took one 0.5-s task at 4x CPU (a trace
    /// of the start on slow 4G), long after Play was enabled. Where the code is linked in, all
    /// are mounted at once, as before.
    shown: RwSignal<usize>,
    failed: RwSignal<bool>,
    /// Whether the cluster's tick is here (`ctx::TickReady`): it is loaded first, with the
    /// panels, and its failure is theirs (one alert, one button that tries again).
    ticks: RwSignal<bool>,
}

impl Later {
    /// The code if it is linked in; otherwise starts its download.
    pub fn start() -> Later {
        let linked = crate::chunks::panels_linked();
        let later = Later {
            code: RwSignal::new(linked),
            shown: RwSignal::new(linked.map_or(0, |c| c.count)),
            failed: RwSignal::new(false),
            ticks: RwSignal::new(crate::chunks::ticks_loaded()),
        };
        if later.code.get_untracked().is_none() {
            later.load();
        }
        later
    }

    /// Whether the cluster's tick code is here.
    pub fn ticks(self) -> ReadSignal<bool> {
        self.ticks.read_only()
    }

    /// Whether the later panels are drawn (a link to one of them leads somewhere).
    pub fn ready(self) -> bool {
        self.code.with(|c| c.is_some_and(|c| self.shown.get() >= c.count))
    }

    /// Mounts the next panel in the next animation frame, and so on until all are (through the
    /// page's one frame loop, `frame_queue`).
    fn reveal(self) {
        crate::frame_queue::after_frames(0, move || {
            let Some(total) = self.code.try_with_untracked(|c| c.map(|c| c.count)).flatten() else { return };
            let _ = self.shown.try_update(|n| *n = (*n + 1).min(total));
            if self.shown.try_get_untracked().is_some_and(|n| n < total) {
                self.reveal();
            }
        });
    }

    fn load(self) {
        self.failed.set(false);
        // The tick comes first (the learner's first Play or Step waits for it), before the
        // panels' and the groups' chunks start sharing the network with it (the course list's
        // index and JSON code still do). Then the groups' code, a chunk of its own that the
        // groups' panel and the consumer form need, downloads beside the panels', and they are
        // drawn once all three are here (a second call shares the first one's download).
        let ticks = self.ticks;
        wasm_bindgen_futures::spawn_local(async move {
            if crate::chunks::load_ticks().await.is_ok() {
                let _ = ticks.try_set(true);
                let _ = crate::chunks::load_groups().await;
            }
        });
        wasm_bindgen_futures::spawn_local(async move {
            let both = async {
                crate::chunks::load_ticks().await?;
                let c = crate::chunks::panel_code().await?;
                crate::chunks::load_groups().await?;
                Ok::<_, crate::chunks::ChunkError>(c)
            };
            match both.await {
                Ok(c) => {
                    let _ = self.code.try_set(Some(c));
                    self.reveal();
                }
                // The one way this fails is the download (the code there only hands back its
                // table), so the page says that in its own words; the next attempt tries again.
                Err(e) => {
                    leptos::logging::warn!("the later panels: {}", e.0);
                    let _ = self.failed.try_set(true);
                }
            }
        });
    }
}

/// The later panels of one column: drawn as soon as their code is here; before that a quiet
/// line while it downloads, and if the download fails, why (the main column also has the button
/// that tries again: one alert and one button for the one download).
#[component]
pub fn LaterPanels(column: Column, later: Later) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let Later { code, failed, shown, .. } = later;
    move || match code.get() {
        Some(c) => match column {
            Column::Main => (c.main)(shown.read_only()),
            Column::Side => (c.side)(shown.read_only()),
        },
        None => view! {
            <section class="panel later" aria-busy=move || (!failed.get()).to_string()>
                {move || match (failed.get(), column) {
                    (false, _) => view! { <p class="hint">{move || i18n.t("later-loading")}</p> }.into_any(),
                    (true, Column::Side) => view! { <p class="error">{move || i18n.t("later-failed")}</p> }.into_any(),
                    (true, Column::Main) => view! {
                        <p class="error" role="alert" id="later-failed">{move || i18n.t("later-failed")}</p>
                        <button type="button" aria-describedby="later-failed" on:click=move |_| later.load()>
                            {move || i18n.t("later-retry")}
                        </button>
                    }
                    .into_any(),
                }}
            </section>
        }
        .into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every panel has its own turn, the turns run from 0 to the count without a gap (so the
    /// count reaching the total means every panel is mounted), and each column keeps its order.
    #[test]
    fn every_panel_has_its_own_turn_and_the_columns_take_turns() {
        for (main, side) in [(5, 6), (6, 5), (1, 4), (0, 3), (3, 3), (MAIN_PANELS.len(), SIDE_PANELS.len())] {
            let main_turns: Vec<usize> = (0..main).map(|i| turn(main, side, Column::Main, i)).collect();
            let side_turns: Vec<usize> = (0..side).map(|i| turn(main, side, Column::Side, i)).collect();
            assert!(main_turns.windows(2).all(|w| w[0] < w[1]) && side_turns.windows(2).all(|w| w[0] < w[1]));
            let mut turns: Vec<usize> = main_turns.iter().chain(&side_turns).copied().collect();
            turns.sort_unstable();
            assert_eq!(turns, (0..main + side).collect::<Vec<_>>(), "{main} + {side} panels");
        }
        assert_eq!(PANELS.count, MAIN_PANELS.len() + SIDE_PANELS.len());
        assert_eq!(turn(MAIN_PANELS.len(), SIDE_PANELS.len(), Column::Main, 0), 0, "the describe table first");
        assert_eq!(turn(MAIN_PANELS.len(), SIDE_PANELS.len(), Column::Side, 0), 1, "then the timeline");
    }
}
