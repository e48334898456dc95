//! A group's delivery check, part of the groups panel: a line saying whether its consumers
//! received every record once and in send order per key, and a table of what was not, with
//! the offsets (`delivery_vm`).

use crate::delivery_vm::DeliveryVm;
use crate::groups_vm::GroupVm;
use leptos::prelude::*;

#[component]
pub fn DeliveryCheck(g: Memo<Option<GroupVm>>) -> impl IntoView {
    let vm = Memo::new(move |_| g.with(|g| g.as_ref().map(|g| g.delivery.clone()).unwrap_or_default()));
    let id = g.with_untracked(|g| g.as_ref().map(|g| g.id.clone()).unwrap_or_default());
    let (region, table_id) = (format!("Delivery check findings of group {id}"), format!("delivery-table-{id}"));
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
                            <td>{r.found}</td>
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
                <div class="table-scroll" role="region" tabindex="0" aria-label=region.clone()>
                    <table class="delivery-table" data-testid=table_id.clone()>
                        <caption>"Records received twice or out of their producer's send order, newest first"</caption>
                        <thead><tr>
                            <th scope="col">"Key"</th><th scope="col">"Partition"</th><th scope="col">"Found"</th>
                            <th scope="col">"Offsets"</th><th scope="col">"Producer"</th><th scope="col">"Why"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
        </div>
    }
}
