//! A group's delivery check, part of the groups panel: a line saying whether its consumers
//! received every record once and in send order per key, and a table of what was not, with
//! the offsets (`delivery_vm`).

use crate::ctx::I18n;
use crate::delivery_vm::DeliveryVm;
use crate::groups_vm::GroupVm;
use leptos::prelude::*;

#[component]
pub fn DeliveryCheck(g: Memo<Option<GroupVm>>) -> impl IntoView {
    let vm = Memo::new(move |_| g.with(|g| g.as_ref().map(|g| g.delivery.clone()).unwrap_or_default()));
    let id = g.with_untracked(|g| g.as_ref().map(|g| g.id.clone()).unwrap_or_default());
    let i18n = expect_context::<I18n>();
    let group = id.clone();
    let region = Signal::derive(move || i18n.f("delivery-region", &[("group", group.as_str().into())]));
    let table_id = format!("delivery-table-{id}");
    let text = move |f: fn(&DeliveryVm) -> String| move || vm.with(f);
    let rows = move || {
        vm.with(|vm| {
            vm.rows
                .iter()
                .map(|r| {
                    view! {
                        <tr class=format!("finding {}", r.kind)>
                            <td class="name" title=r.key.clone()>{r.key.clone()}</td>
                            <td>{r.partition.clone()}</td>
                            <td>{r.found.clone()}</td>
                            <td>{r.offsets.clone()}</td>
                            <td>{r.producer.clone()}</td>
                            <td class="why">{r.why.clone()}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="delivery" data-testid=format!("delivery-{id}")>
            <p class=move || if vm.with(|v| v.clean) { "delivery-summary" } else { "delivery-summary found" }
                data-testid=format!("delivery-summary-{id}")>{text(|v| v.summary.clone())}</p>
            <Show when=move || vm.with(|v| !v.rows.is_empty())>
                <div class="table-scroll" role="region" tabindex="0" aria-label=region>
                    <table class="delivery-table" data-testid=table_id.clone()>
                        <caption>{move || i18n.t("delivery-caption")}</caption>
                        <thead><tr>
                            <th scope="col">{move || i18n.t("delivery-col-key")}</th><th scope="col">{move || i18n.t("delivery-col-partition")}</th><th scope="col">{move || i18n.t("delivery-col-found")}</th>
                            <th scope="col">{move || i18n.t("delivery-col-offsets")}</th><th scope="col">{move || i18n.t("delivery-col-producer")}</th><th scope="col">{move || i18n.t("delivery-col-why")}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
        </div>
    }
}
