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

/// The code of the panels below the first screen: one function per column. In the hosted site
/// the one reference to it is in the `panels` chunk, so everything only these panels use is
/// downloaded with it.
pub struct PanelCode {
    pub main: fn() -> AnyView,
    pub side: fn() -> AnyView,
}

pub static PANELS: PanelCode = PanelCode { main: main_panels, side: side_panels };

/// The main column after the partitions.
fn main_panels() -> AnyView {
    view! {
        <DescribeTable />
        <SegmentsPanel />
        <Producers />
        <Groups />
        <TerminalPanel />
    }
    .into_any()
}

/// The side column after the lesson.
fn side_panels() -> AnyView {
    view! {
        <Timeline />
        <ProduceForm />
        <ConsumerForm />
        <CreateTopicForm />
        <SharePanel />
        <LessonMaker />
    }
    .into_any()
}

/// Which column's later panels.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Column {
    Main,
    Side,
}

/// The one download of the later panels' code, shared by both columns: whether it is here, and
/// whether the last attempt failed. `Copy`, made once by the app (`Later::start`).
#[derive(Clone, Copy)]
pub struct Later {
    code: RwSignal<Option<&'static PanelCode>>,
    failed: RwSignal<bool>,
    /// Whether the cluster's tick is here (`ctx::TickReady`): it is loaded first, with the
    /// panels, and its failure is theirs (one alert, one button that tries again).
    ticks: RwSignal<bool>,
}

impl Later {
    /// The code if it is linked in; otherwise starts its download.
    pub fn start() -> Later {
        let later = Later {
            code: RwSignal::new(crate::chunks::panels_linked()),
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
        self.code.with(Option::is_some)
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
    let Later { code, failed, .. } = later;
    move || match code.get() {
        Some(c) => match column {
            Column::Main => (c.main)(),
            Column::Side => (c.side)(),
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
