//! A group's total lag over simulated time, drawn with plotters on a canvas. It redraws only
//! when the session takes a new sample (once per simulated second), and holds at most
//! `session::LAG_POINTS_MAX` points.

use crate::ctx::{I18n, Views, STAGE_GROUPS};
use crate::i18n::{count, Tr};
use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

/// Axis ranges for a series of (time ms, lag): time in seconds with at least 10 s shown, lag
/// from 0 with headroom, at least 10.
pub fn chart_bounds(points: &[(u64, i64)]) -> (f64, f64, i64) {
    let x1 = points.last().map_or(10.0, |p| p.0 as f64 / 1000.0);
    let x0 = points.first().map_or(0.0, |p| p.0 as f64 / 1000.0).min(x1 - 10.0).max(0.0);
    let y = points.iter().map(|p| p.1).max().unwrap_or(0).max(10);
    (x0, x1.max(x0 + 10.0), y + y / 5)
}

/// One sentence for screen readers (the canvas' accessible name).
pub fn summary(group: &str, points: &[(u64, i64)], tr: Tr) -> String {
    match points.last() {
        None => tr.f("lag-chart-empty", &[("group", group.into())]),
        Some(&(_, now)) => {
            let max = points.iter().map(|p| p.1).max().unwrap_or(0);
            let args = [("group", group.into()), ("now", count(now)), ("max", count(max)), ("seconds", count(points.len()))];
            tr.f("lag-chart-summary", &args)
        }
    }
}

/// Draws the chart; `None` when plotters or the canvas fails (the old picture stays). The
/// errors are not kept: formatting them would pull plotters' and std's error texts into the
/// download, and nothing shows them.
fn draw(canvas: web_sys::HtmlCanvasElement, points: &[(u64, i64)], tr: Tr) -> Option<()> {
    let backend = CanvasBackend::with_canvas_object(canvas)?;
    let root = backend.into_drawing_area();
    root.fill(&RGBColor(30, 41, 59)).ok()?;
    let (x0, x1, y1) = chart_bounds(points);
    let mut chart = ChartBuilder::on(&root)
        .margin(8)
        // The last x label is centred on the right edge: room for its second half.
        .margin_right(24)
        .x_label_area_size(36)
        .y_label_area_size(48)
        .build_cartesian_2d(x0..x1, 0i64..y1)
        .ok()?;
    chart
        .configure_mesh()
        .x_desc(tr.t("lag-chart-x"))
        .y_desc(tr.t("lag-chart-y"))
        .label_style(("sans-serif", 13).into_font().color(&RGBColor(203, 213, 225)))
        .axis_style(RGBColor(148, 163, 184))
        .bold_line_style(RGBColor(71, 85, 105))
        .light_line_style(RGBColor(51, 65, 85))
        .draw()
        .ok()?;
    let line = points.iter().map(|&(t, l)| (t as f64 / 1000.0, l));
    chart.draw_series(LineSeries::new(line, RGBColor(245, 158, 11).stroke_width(2))).ok()?;
    root.present().ok()
}

#[component]
pub fn LagChart(group: String) -> impl IntoView {
    let views = expect_context::<Views>();
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<Canvas>::new();
    let samples = Memo::new(move |_| views.staged[STAGE_GROUPS].with(|vm| vm.lag_samples));
    let label = RwSignal::new(String::new());
    let g = group.clone();
    Effect::new(move |_| {
        let _ = samples.get();
        // A language switch redraws: the axis titles and the accessible name are words.
        let tr = i18n.tr();
        let Some(c) = canvas.get() else { return };
        let points: Vec<(u64, i64)> =
            views.with_session_untracked(|s| s.lag_history.get(&g).map(|h| h.iter().copied().collect()).unwrap_or_default());
        label.set(summary(&g, &points, tr));
        // A drawing error leaves the old picture; nothing else depends on it.
        let _ = draw(c, &points, tr);
    });
    view! {
        <canvas class="lag-chart" node_ref=canvas width="520" height="180" role="img"
            data-testid=format!("lag-chart-{group}") aria-label=move || label.get()></canvas>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_start_at_zero_and_show_ten_seconds() {
        assert_eq!(chart_bounds(&[]), (0.0, 10.0, 12));
        assert_eq!(chart_bounds(&[(1_000, 5), (2_000, 50)]), (0.0, 10.0, 60));
        let late: Vec<(u64, i64)> = (100..200).map(|s| (s * 1000, 3)).collect();
        assert_eq!(chart_bounds(&late), (100.0, 199.0, 12));
    }

    #[test]
    fn summary_reads_out_now_and_max() {
        let en = Tr::new(crate::i18n::Lang::En);
        assert_eq!(summary("g", &[(1000, 4), (2000, 9), (3000, 2)], en), "Lag of group g: 2 records now, at most 9 over the last 3 s");
        assert_eq!(summary("g", &[], en), "Lag of group g: no samples yet");
        let ko = summary("g", &[(1000, 4_000)], Tr::new(crate::i18n::Lang::Ko));
        assert!(ko.contains("4,000") && ko.contains('랙'), "{ko}");
    }
}
