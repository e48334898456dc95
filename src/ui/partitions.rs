//! The partition view: a card per partition with its replicas' roles, log end offsets and log
//! strips, a page of them at a time with a topic filter.

use crate::ctx::{I18n, Inspector, PageChoice, Views, STAGE_PARTITIONS};
use crate::frame_queue::after_frames;
use crate::ui::log_strip::{LogStrip, StripCanvas, StripLayer};
use crate::ui::on_screen;
use crate::view_model::{lso_text, PageSpec, PartitionVm, PAGE_SIZE};

use leptos::prelude::*;

#[component]
fn PartitionCard(topic: String, partition: u32) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let name = format!("{topic}-{partition}");
    let lso_id = format!("card-lso-{name}");
    // Out of view the card follows one change in four (`ctx::OFF_SCREEN_CARD_EVERY`).
    let root = NodeRef::<leptos::html::Div>::new();
    let in_view = RwSignal::new(true);
    on_screen::watch(root, move |seen| {
        let _ = in_view.try_set(seen);
    });
    let p = expect_context::<Views>().partition_card(topic.clone(), partition, in_view);
    let replicas = Memo::new(move |_| p.with(|p| p.as_ref().map(|p| p.replicas.clone()).unwrap_or_default()));
    // The replicas' strips are drawn on one canvas over the rows. When replicas come, go or
    // change places, the rows move: everything is drawn again where it now stands.
    let strips = StripCanvas::default();
    Effect::new(move |_| {
        replicas.track();
        after_frames(0, move || strips.paint(None));
    });
    let leader = move || {
        let leader = p.with(|p| p.as_ref().and_then(|p| p.leader));
        let leader = leader.map_or_else(|| i18n.t("partitions-no-leader"), |l| l.to_string());
        i18n.f("partitions-leader", &[("leader", leader.into())])
    };
    // The LSO and the consumers reading the partition change rarely; the card changes every tick
    // under load, and rebuilding these would set their attributes again each time.
    let lso = Memo::new(move |_| p.with(|p| p.as_ref().and_then(|p| lso_text(p, i18n.tr()))));
    let owners = Memo::new(move |_| p.with(|p| p.as_ref().map(|p| p.owners.clone()).unwrap_or_default()));
    let epoch = move || i18n.f("partitions-epoch", &[("epoch", p.with(|p| p.as_ref().map_or(0, |p| p.leader_epoch)).into())]);
    view! {
        <div class="partition" node_ref=root data-testid=format!("partition-{name}")>
            <div class="partition-head">
                <strong class="name" title=name.clone()>{name.clone()}</strong>
                <span>" " {leader}</span>
                <span>" · " {epoch}</span>
                <span>" · HW " {move || p.with(|p| p.as_ref().map_or(0, |p| p.high_watermark))}</span>
                {move || lso.get().map(|(short, long)| { let (title, lso_id) = (long.clone(), lso_id.clone()); view! {
                    <span class="lso" data-testid=lso_id title=title>
                        " · " <span aria-hidden="true">{short}</span><span class="sr-only">{long}</span>
                    </span>
                }})}
                {move || owners.get().into_iter().map(|(g, c)| view! {
                    <span class=format!("owner m{}", crate::groups_vm::member_colour(c))
                        title=move || i18n.f("partitions-owner-title", &[("consumer", c.into()), ("group", g.as_str().into())])>
                        {format!("consumer-{c}")}
                    </span>
                }).collect_view()}
            </div>
            // The rows in a box of their own, so that the canvas covers the rows and not the
            // card's head: a canvas costs each painting frame in proportion to its pixels.
            <div class="replicas">
                <For each=move || replicas.get() key=|b| *b let:broker>
                    <ReplicaRow p topic=topic.clone() partition broker strips tab_stop=replicas.with_untracked(|r| r.first() == Some(&broker)) />
                </For>
                <StripLayer strips />
            </div>
        </div>
    }
}

#[component]
fn ReplicaRow(
    p: Memo<Option<PartitionVm>>,
    topic: String,
    partition: u32,
    broker: u32,
    strips: StripCanvas,
    tab_stop: bool,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let Inspector(inspected) = expect_context::<Inspector>();
    let views = expect_context::<Views>();
    let r = Memo::new(move |_| p.with(|p| p.as_ref().and_then(|p| p.replica_views.iter().find(|r| r.broker == broker).cloned())));
    let role = move || r.with(|r| r.as_ref().map_or(crate::view_model::Role::Offline, |r| r.role));
    let role_label = move || i18n.t(role().label_key());
    let tail = Memo::new(move |_| r.with(|r| r.as_ref().map(|r| r.tail.clone()).unwrap_or_default()));
    view! {
        <div class=move || format!("replica {}", role().class())>
            <span class="replica-label" title=role_label>{move || role().glyph()} " b" {broker}</span>
            <span class="replica-role">{role_label}</span>
            <LogStrip tail topic=topic.clone() partition broker strips inspected delay_frames=Signal::derive(move || views.strip_delay_frames(partition)) tab_stop />
            <span class="leo">"LEO " {move || r.with(|r| r.as_ref().map_or(0, |r| r.log_end_offset))}</span>
        </div>
    }
}

#[component]
pub(crate) fn Partitions() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let keys = expect_context::<Views>().page_keys(STAGE_PARTITIONS);
    let Inspector(inspected) = expect_context::<Inspector>();
    // The inspector holds text in the language it was written in: a switch empties it (its
    // placeholder then speaks the new language) rather than leave the old language on the page.
    Effect::new(move |previous: Option<crate::i18n::Lang>| {
        let lang = i18n.lang();
        if previous.is_some_and(|l| l != lang) {
            inspected.set(String::new());
        }
        lang
    });
    view! {
        <section class="panel" aria-label=move || i18n.t("partitions-region")>
            <h2>{move || i18n.t("partitions-heading")}</h2>
            <p class="legend">{move || i18n.t("partitions-legend")}</p>
            <Pager />
            <pre class="inspector" data-testid="record-details" aria-live="polite">
                {move || { let d = inspected.get(); if d.is_empty() { i18n.t("inspector-empty") } else { d } }}
            </pre>
            <div class="partitions">
                <For each=move || keys.get() key=|k| k.clone() let:k>
                    <PartitionCard topic=k.0 partition=k.1 />
                </For>
            </div>
        </section>
    }
}

/// Topic filter and page of partitions shown by the partition view and the describe table.
#[component]
fn Pager() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let views = expect_context::<Views>();
    let PageChoice(page) = expect_context::<PageChoice>();
    let info = move || {
        let (page, matching) = views.staged[STAGE_PARTITIONS].with(|vm| (vm.page, vm.partitions_matching));
        let first = page * PAGE_SIZE;
        let last = (first + PAGE_SIZE).min(matching);
        i18n.f("pager-info", &[("first", (first + 1).min(last).into()), ("last", last.into()), ("total", matching.into())])
    };
    // A filter on a topic that no longer exists (after a Reset) goes back to all topics: the
    // select must never show one thing while the view filters on another.
    Effect::new(move |_| {
        let gone = views.topics.with(|ts| page.with_untracked(|p| p.topic.as_ref().is_some_and(|f| !ts.iter().any(|t| &t.name == f))));
        if gone {
            page.set(PageSpec::default());
        }
    });
    let go = move |delta: isize| {
        let pages = views.staged[STAGE_PARTITIONS].with_untracked(|vm| vm.pages);
        page.update(|p| p.page = (p.page as isize + delta).clamp(0, pages as isize - 1) as usize);
    };
    view! {
        <div class="pager" role="group" aria-label=move || i18n.t("pager-region")>
            <label>{move || i18n.t("pager-topic")} " "
                <select data-testid="filter-topic" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    page.set(PageSpec { topic: (!v.is_empty()).then_some(v), page: 0 });
                }>
                    <option value="" prop:selected=move || page.with(|p| p.topic.is_none())>{move || i18n.t("pager-all-topics")}</option>
                    {move || views.topics.get().into_iter().map(|t| {
                        let name = t.name.clone();
                        let is_current = move || page.with(|p| p.topic.as_deref() == Some(name.as_str()));
                        view! { <option value=t.name.clone() title=t.name.clone() prop:selected=is_current>{t.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <button data-testid="page-prev" aria-label=move || i18n.t("pager-previous") on:click=move |_| go(-1)
                disabled=move || views.staged[STAGE_PARTITIONS].with(|vm| vm.page == 0)>"◀"</button>
            <span data-testid="page-info">{info}</span>
            <button data-testid="page-next" aria-label=move || i18n.t("pager-next") on:click=move |_| go(1)
                disabled=move || views.staged[STAGE_PARTITIONS].with(|vm| vm.page + 1 >= vm.pages)>"▶"</button>
        </div>
    }
}
