//! A replica's recent records drawn on a canvas: one cell per record, coloured by key, filled
//! when committed and outlined above the high watermark; a transaction marker is a dark cell
//! labelled COMMIT or ABORT, a record of an aborted transaction is faded and struck through, one
//! of an open transaction (at or above the LSO) has a dashed amber frame. A canvas instead of one element per
//! record keeps a 250-partition cluster under load inside the frame budget (DOM paint and
//! layout of hundreds of changing chips cost more than the whole engine step).
//!
//! One canvas per partition card ([`StripCanvas`]), not one per strip: Chromium gives every
//! canvas a compositing layer of its own, and with a page of 12 cards at RF 3 (36 canvases)
//! deciding the layers ("Layerize") cost more than the layout of the whole page on each rendered
//! tick (scenario R, issue 26: Layerize p90 4.8 → 2.4 ms at 1×, 20-22 → about 10 ms at 4× CPU).
//! Each strip is an empty, focusable element ([`LogStrip`]) where the records are drawn: it
//! keeps the strip's place in the layout, its accessible name, the mouse and the keyboard; the
//! card's canvas lies over the card's strip column (no pointer events, hidden from screen
//! readers; style/main.css places it) and draws each strip where its element is.
//!
//! It stays inspectable: the mouse picks the record under it, and with keyboard focus the
//! arrow keys (and Home/End) move a cursor along the strip; the chosen record's details go to
//! the inspector, and the strip's accessible name summarises it.

use crate::frame_queue::after_frames;
use crate::ui::on_screen;
use crate::view_model::{RecordVm, TxnMark};
use engine::ControlRecordType;
use leptos::html::{Canvas, Div};
use leptos::prelude::*;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::CanvasRenderingContext2d;

pub const CELL_WIDTH_PX: f64 = 36.0;
pub const CELL_GAP_PX: f64 = 3.0;
pub const STRIP_HEIGHT_PX: f64 = 20.0;

/// Key colours, the same as the CSS classes `.k0` … `.k12`.
const PALETTE: [&str; 13] = [
    "#fca5a5", "#fdba74", "#fcd34d", "#bef264", "#86efac", "#5eead4", "#7dd3fc", "#a5b4fc", "#d8b4fe", "#f9a8d4", "#e5e7eb", "#fde68a",
    "#cbd5e1",
];

/// Records a strip `css_width` CSS pixels wide shows in full (the newest ones; older ones are
/// left out rather than cut).
pub fn cells_fitting(css_width: f64) -> usize {
    ((css_width + CELL_GAP_PX) / (CELL_WIDTH_PX + CELL_GAP_PX)).floor().max(0.0) as usize
}

/// The device pixels per CSS pixel the canvases draw at: the screen's, within sane bounds.
pub fn pixel_ratio(device_pixel_ratio: f64) -> f64 {
    if device_pixel_ratio.is_finite() {
        device_pixel_ratio.clamp(1.0, 4.0)
    } else {
        1.0
    }
}

/// A canvas' bitmap size for its CSS size: one bitmap pixel per device pixel, so the offsets
/// stay sharp on a high-density screen and a narrow card does not scale the strips down (a
/// scaled canvas blurs its text, and the mouse must then be mapped to canvas pixels).
pub fn bitmap_size(css_width: f64, css_height: f64, ratio: f64) -> (u32, u32) {
    ((css_width.max(0.0) * ratio).round() as u32, (css_height.max(0.0) * ratio).round() as u32)
}

/// Where a strip is drawn on its card's canvas: its element's box, in CSS pixels from the
/// canvas' top left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Place {
    pub x: f64,
    pub y: f64,
    pub width: f64,
}

/// Whether a strip's redraw must repaint the whole canvas: when the canvas' bitmap was resized
/// (which clears it) or any strip now stands elsewhere than it was drawn (the old drawing would
/// stay behind). `strips` pairs where each strip was last drawn (if ever) with where it is now.
pub fn repaint_all(resized: bool, strips: impl IntoIterator<Item = (Option<Place>, Place)>) -> bool {
    resized || strips.into_iter().any(|(drawn, now)| drawn.is_some_and(|d| d != now))
}

/// Index of the cell under x (cells are right-aligned: the newest record is at the right end).
pub fn cell_at(x: f64, width: f64, cells: usize) -> Option<usize> {
    let from_right = ((width - x) / (CELL_WIDTH_PX + CELL_GAP_PX)).floor();
    if from_right < 0.0 || from_right as usize >= cells {
        return None;
    }
    Some(cells - 1 - from_right as usize)
}

/// Draws one strip at `place` on its card's canvas (`ratio` device pixels per CSS pixel), its
/// previous drawing cleared first.
fn draw(ctx: &CanvasRenderingContext2d, place: Place, ratio: f64, tail: &[RecordVm], cursor: Option<usize>) {
    let width = place.width;
    if width <= 0.0 {
        return; // not laid out (hidden)
    }
    // Draw in CSS pixels from the strip's corner, on whole device pixels (sharp edges).
    let (x0, y0) = ((place.x * ratio).round(), (place.y * ratio).round());
    let _ = ctx.set_transform(ratio, 0.0, 0.0, ratio, x0, y0);
    // The cursor's frame reaches a pixel left of the first cell: clear a little wider.
    ctx.clear_rect(-2.0, 0.0, width + 4.0, STRIP_HEIGHT_PX);
    let shown = tail.len().saturating_sub(cells_fitting(width));
    ctx.set_font("600 12px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    let n = tail.len();
    // Each style string crosses from wasm to JS and is parsed: set it only when it changes.
    let mut fill = "";
    let mut set_fill = |ctx: &CanvasRenderingContext2d, colour: &'static str| {
        if fill != colour {
            ctx.set_fill_style_str(colour);
            fill = colour;
        }
    };
    for (i, rec) in tail.iter().enumerate().skip(shown) {
        let x = width - (n - i) as f64 * (CELL_WIDTH_PX + CELL_GAP_PX) + CELL_GAP_PX;
        let colour = PALETTE[usize::from(rec.colour()).min(PALETTE.len() - 1)];
        if let TxnMark::Marker(control) = rec.mark {
            // A marker: a dark cell labelled COMMIT or ABORT (its offset is in the inspector).
            set_fill(ctx, "#1e293b");
            ctx.fill_rect(x, 1.0, CELL_WIDTH_PX, STRIP_HEIGHT_PX - 2.0);
            let (ink, label) = match control {
                ControlRecordType::Commit => ("#86efac", "COMMIT"),
                ControlRecordType::Abort => ("#fca5a5", "ABORT"),
            };
            ctx.set_stroke_style_str(ink);
            ctx.set_line_width(1.5);
            if !rec.committed {
                ctx.set_line_dash(&js_sys::Array::of2(&3.0.into(), &2.0.into())).ok();
            }
            ctx.stroke_rect(x + 0.75, 1.75, CELL_WIDTH_PX - 1.5, STRIP_HEIGHT_PX - 3.5);
            ctx.set_line_dash(&js_sys::Array::new()).ok();
            set_fill(ctx, ink);
            ctx.set_font("700 9px system-ui, sans-serif");
            let _ = ctx.fill_text_with_max_width(label, x + CELL_WIDTH_PX / 2.0, STRIP_HEIGHT_PX / 2.0, CELL_WIDTH_PX - 4.0);
            ctx.set_font("600 12px system-ui, sans-serif");
            if cursor == Some(i) {
                ctx.set_stroke_style_str("#f59e0b");
                ctx.set_line_width(2.0);
                ctx.stroke_rect(x - 1.0, 0.0, CELL_WIDTH_PX + 2.0, STRIP_HEIGHT_PX);
            }
            continue;
        }
        if rec.mark == TxnMark::Aborted {
            // Faded, struck through: read_committed consumers skip it.
            ctx.set_global_alpha(0.35);
        }
        if rec.committed {
            set_fill(ctx, colour);
            ctx.fill_rect(x, 1.0, CELL_WIDTH_PX, STRIP_HEIGHT_PX - 2.0);
            set_fill(ctx, "#0b1020");
        } else {
            ctx.set_stroke_style_str(colour);
            ctx.set_line_width(1.5);
            ctx.stroke_rect(x + 0.75, 1.75, CELL_WIDTH_PX - 1.5, STRIP_HEIGHT_PX - 3.5);
            set_fill(ctx, "#f1f5f9");
        }
        let _ = ctx.fill_text(&rec.offset().to_string(), x + CELL_WIDTH_PX / 2.0, STRIP_HEIGHT_PX / 2.0);
        match rec.mark {
            TxnMark::Aborted => {
                ctx.set_global_alpha(1.0);
                ctx.set_stroke_style_str("#f87171");
                ctx.set_line_width(2.0);
                ctx.begin_path();
                ctx.move_to(x + 2.0, STRIP_HEIGHT_PX - 3.0);
                ctx.line_to(x + CELL_WIDTH_PX - 2.0, 3.0);
                ctx.stroke();
            }
            TxnMark::Open { .. } => {
                // Dashed amber frame: a transaction not yet decided (at or above the LSO).
                ctx.set_stroke_style_str("#fbbf24");
                ctx.set_line_width(1.5);
                ctx.set_line_dash(&js_sys::Array::of2(&4.0.into(), &3.0.into())).ok();
                ctx.stroke_rect(x + 0.75, 0.75, CELL_WIDTH_PX - 1.5, STRIP_HEIGHT_PX - 1.5);
                ctx.set_line_dash(&js_sys::Array::new()).ok();
            }
            TxnMark::Plain | TxnMark::Marker(_) => {}
        }
        if cursor == Some(i) {
            ctx.set_stroke_style_str("#f59e0b");
            ctx.set_line_width(2.0);
            ctx.stroke_rect(x - 1.0, 0.0, CELL_WIDTH_PX + 2.0, STRIP_HEIGHT_PX);
        }
    }
}

/// The strips of the partition card `strip` is in, in order.
fn partition_strips(strip: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let Ok(Some(card)) = strip.closest(".partition") else { return Vec::new() };
    let Ok(list) = card.query_selector_all(".log-strip") else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok()).collect()
}

/// Makes the focused strip its partition's one tab stop.
fn take_tab_stop(strip: &web_sys::HtmlElement) {
    for s in partition_strips(strip) {
        let stop = s == *strip;
        if (s.tab_index() == 0) != stop {
            s.set_tab_index(if stop { 0 } else { -1 });
        }
    }
}

/// Moves focus to the next (or previous) replica's strip of the same partition.
fn focus_sibling(strip: &web_sys::HtmlElement, down: bool) {
    let all = partition_strips(strip);
    let Some(i) = all.iter().position(|s| s == strip) else { return };
    let j = if down { i + 1 } else { i.wrapping_sub(1) };
    if let Some(next) = all.get(j) {
        let _ = next.focus();
    }
}

/// A strip drawn on its card's canvas.
struct Registered {
    broker: u32,
    element: web_sys::HtmlElement,
    tail: Memo<Vec<RecordVm>>,
    /// The keyboard cursor, counted from the newest record.
    cursor_from_end: RwSignal<Option<usize>>,
    /// Where it was last drawn.
    drawn: Option<Place>,
}

/// The canvas of one partition card, which its replicas' strips are drawn on (see the module's
/// comment for why one per card). Made by the card (`StripCanvas::default()`, drawn with
/// [`StripLayer`]) and handed to its strips.
#[derive(Clone, Copy)]
pub struct StripCanvas {
    canvas: NodeRef<Canvas>,
    strips: StoredValue<Vec<Registered>, LocalStorage>,
}

impl Default for StripCanvas {
    fn default() -> Self {
        StripCanvas { canvas: NodeRef::new(), strips: StoredValue::new_local(Vec::new()) }
    }
}

impl StripCanvas {
    fn register(self, strip: Registered) {
        self.strips.try_update_value(|all| {
            all.retain(|s| s.broker != strip.broker);
            all.push(strip);
        });
    }

    /// A strip leaves (its replica moved away, or the card is going): what it drew goes too.
    fn unregister(self, broker: u32) {
        let gone = self.strips.try_update_value(|all| all.retain(|s| s.broker != broker)).is_some();
        if gone {
            after_frames(0, move || self.paint(None));
        }
    }

    /// Redraws `broker`'s strip, or every strip for `None`. Called in an animation frame's
    /// callback, before the frame's DOM changes: the layout the positions may force is the one
    /// the frame would do anyway.
    pub fn paint(self, broker: Option<u32>) {
        // The card may have gone (page change) before the frame came.
        let Some(canvas) = self.canvas.try_get_untracked().flatten() else { return };
        let (css_width, css_height) = (f64::from(canvas.client_width()), f64::from(canvas.client_height()));
        if css_width <= 0.0 || css_height <= 0.0 {
            return; // not laid out (hidden)
        }
        let ratio = pixel_ratio(web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()));
        let (w, h) = bitmap_size(css_width, css_height, ratio);
        // Setting a size clears the bitmap, even to the same value: only when it changes.
        let resized = canvas.width() != w || canvas.height() != h;
        if canvas.width() != w {
            canvas.set_width(w);
        }
        if canvas.height() != h {
            canvas.set_height(h);
        }
        let Ok(Some(ctx)) = canvas.get_context("2d") else { return };
        let Ok(ctx) = ctx.dyn_into::<CanvasRenderingContext2d>() else { return };
        let origin = canvas.get_bounding_client_rect();
        self.strips.try_update_value(|strips| {
            let now: Vec<Place> = strips
                .iter()
                .map(|s| {
                    let r = s.element.get_bounding_client_rect();
                    Place { x: r.left() - origin.left(), y: r.top() - origin.top(), width: r.width() }
                })
                .collect();
            let all = broker.is_none() || repaint_all(resized, strips.iter().zip(&now).map(|(s, p)| (s.drawn, *p)));
            if all {
                let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
                ctx.clear_rect(0.0, 0.0, f64::from(w), f64::from(h));
            }
            for (s, place) in strips.iter_mut().zip(now) {
                if !all && Some(s.broker) != broker {
                    continue;
                }
                let cursor = s.cursor_from_end.try_get_untracked().flatten();
                let _ = s.tail.try_with_untracked(|t| {
                    let index = cursor.filter(|c| *c < t.len()).map(|c| t.len() - 1 - c);
                    draw(&ctx, place, ratio, t, index)
                });
                s.drawn = Some(place);
            }
        });
    }
}

/// The card's canvas, over its rows' strip column. A resize of the rows (a window resize, a
/// replica added) clears the bitmap and moves the strips: everything is drawn again.
#[component]
pub fn StripLayer(strips: StripCanvas) -> impl IntoView {
    let observer = StoredValue::new_local(None::<(web_sys::ResizeObserver, Closure<dyn FnMut(js_sys::Array)>)>);
    Effect::new(move |_| {
        let Some(c) = strips.canvas.get() else { return };
        if observer.with_value(Option::is_some) {
            return;
        }
        // Called after layout, before paint: drawn in the same frame.
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_: js_sys::Array| strips.paint(None));
        if let Ok(o) = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()) {
            o.observe(&c);
            observer.set_value(Some((o, callback)));
        }
    });
    on_cleanup(move || {
        if let Some(Some((o, _))) = observer.try_update_value(Option::take) {
            o.disconnect();
        }
    });
    view! { <canvas class="strip-canvas" node_ref=strips.canvas aria-hidden="true"></canvas> }
}

#[component]
pub fn LogStrip(
    tail: Memo<Vec<RecordVm>>,
    topic: String,
    partition: u32,
    broker: u32,
    /// The card's canvas the strip is drawn on.
    strips: StripCanvas,
    /// Where the chosen record's details go.
    inspected: RwSignal<String>,
    /// Animation frames from a change of `tail` to the redraw (0 = the next frame): the page
    /// spreads a tick's redraws over frames (`Views::strip_delay_frames`), read at each change.
    #[prop(into)]
    delay_frames: Signal<usize>,
    /// The partition's one tab stop at first (its first replica): a partition is one stop in
    /// the tab order, and ↑/↓ move between its replicas' strips (a roving tabindex).
    tab_stop: bool,
) -> impl IntoView {
    let i18n = expect_context::<crate::ctx::I18n>();
    let element = NodeRef::<Div>::new();
    // Cursor counted from the newest record, so it stays on "the newest" as records arrive.
    let cursor_from_end = RwSignal::new(None::<usize>);
    // Drawing is deferred to an animation frame, `delay_frames` later, so one simulation
    // tick's redraws do not all land in the same frame.
    let scheduled = StoredValue::new(false);
    // Strips scrolled out of view are not redrawn (an IntersectionObserver says which are in
    // view); one that missed redraws is drawn as it comes back.
    let visible = StoredValue::new(true);
    let stale = StoredValue::new(false);
    let schedule = move |delay: usize| {
        if scheduled.try_get_value() != Some(false) {
            return;
        }
        scheduled.set_value(true);
        after_frames(delay, move || {
            // The strip may have been removed (page change) before the frame came.
            if scheduled.try_set_value(false).is_some() {
                return;
            }
            if visible.try_get_value() != Some(true) {
                stale.set_value(true);
                return;
            }
            stale.set_value(false);
            strips.paint(Some(broker));
        });
    };
    Effect::new(move |_| {
        tail.track();
        cursor_from_end.track();
        schedule(delay_frames.get_untracked());
    });
    let registered = StoredValue::new(false);
    Effect::new(move |_| {
        let Some(e) = element.get() else { return };
        if registered.get_value() {
            return;
        }
        registered.set_value(true);
        strips.register(Registered { broker, element: e.into(), tail, cursor_from_end, drawn: None });
    });
    on_screen::watch(element, move |now| {
        if visible.try_set_value(now).is_some() {
            return;
        }
        if now && stale.try_get_value() == Some(true) {
            schedule(0);
        }
    });
    on_cleanup(move || strips.unregister(broker));
    let show = move |index: usize| {
        tail.with_untracked(|t| {
            if let Some(r) = t.get(index) {
                // Written once, in the language of the moment (the partitions panel empties the
                // inspector when the language changes).
                inspected.set(r.details(&topic, partition, crate::i18n::Tr::new(i18n.0.get_untracked())));
            }
        })
    };
    let show_hover = show.clone();
    let show_key = show.clone();
    // The width the strip is laid out at, in CSS pixels (what `draw` draws in).
    let shown_width = move || element.get_untracked().map(|e| f64::from(e.client_width()));
    view! {
        <div
            class="log-strip"
            node_ref=element
            tabindex=if tab_stop { "0" } else { "-1" }
            role="img"
            data-testid=format!("log-{broker}")
            // The summary is computed while the strip has focus (when a screen reader reads
            // it); otherwise a fixed name, so that dozens of strips do not rewrite their
            // accessible names on every tick.
            aria-label=move || {
                if cursor_from_end.get().is_some() {
                    tail.with(|t| crate::view_model::strip_summary(t, broker, i18n.tr()))
                } else {
                    i18n.f("strip-label", &[("broker", broker.into())])
                }
            }
            on:mousemove=move |ev| {
                let n = tail.with_untracked(Vec::len);
                // The strip is drawn in CSS pixels from its right edge (see `draw`).
                let Some(css_width) = shown_width() else { return };
                let shown = cells_fitting(css_width);
                if let Some(i) = cell_at(f64::from(ev.offset_x()), css_width, n).filter(|i| n - i <= shown) {
                    show_hover(i);
                }
            }
            on:focus=move |ev| {
                if let Some(c) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                    take_tab_stop(&c);
                }
                cursor_from_end.set(Some(0));
                let n = tail.with_untracked(Vec::len);
                if n > 0 {
                    show(n - 1);
                }
            }
            on:blur=move |_| cursor_from_end.set(None)
            on:keydown=move |ev| {
                // ↑/↓ leave for the partition's other replicas, whatever this strip holds.
                if matches!(ev.key().as_str(), "ArrowUp" | "ArrowDown") {
                    ev.prevent_default();
                    if let Some(c) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
                        focus_sibling(&c, ev.key() == "ArrowDown");
                    }
                    return;
                }
                let n = tail.with_untracked(Vec::len);
                if n == 0 {
                    return;
                }
                // The cursor stays on the records a narrow strip draws (none drawn: all of them).
                let drawn = shown_width().map_or(n, cells_fitting);
                let last = if drawn == 0 { n - 1 } else { n.min(drawn) - 1 };
                let current = cursor_from_end.get_untracked().unwrap_or(0).min(last);
                let next = match ev.key().as_str() {
                    "ArrowLeft" => (current + 1).min(last),
                    "ArrowRight" => current.saturating_sub(1),
                    "Home" => last,
                    "End" => 0,
                    _ => return,
                };
                ev.prevent_default();
                cursor_from_end.set(Some(next));
                show_key(n - 1 - next);
            }
        ></div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_testing_from_the_right() {
        let w = 4.0 * (CELL_WIDTH_PX + CELL_GAP_PX);
        assert_eq!(cell_at(w - 1.0, w, 3), Some(2), "rightmost cell is the newest");
        assert_eq!(cell_at(w - (CELL_WIDTH_PX + CELL_GAP_PX) - 1.0, w, 3), Some(1));
        assert_eq!(cell_at(1.0, w, 3), None, "left of the oldest record");
        assert_eq!(cell_at(w + 5.0, w, 3), None);
    }

    #[test]
    fn a_narrow_strip_shows_the_newest_records_that_fit_whole() {
        let cell = CELL_WIDTH_PX + CELL_GAP_PX;
        assert_eq!(cells_fitting(12.0 * cell), 12);
        // The last cell needs no gap after it.
        assert_eq!(cells_fitting(12.0 * cell - CELL_GAP_PX), 12);
        assert_eq!(cells_fitting(12.0 * cell - CELL_GAP_PX - 1.0), 11);
        assert_eq!(cells_fitting(399.0), 10);
        assert_eq!(cells_fitting(0.0), 0);
        assert_eq!(cells_fitting(-5.0), 0);
    }

    #[test]
    fn the_bitmap_has_one_pixel_per_device_pixel() {
        assert_eq!(bitmap_size(399.0, 80.0, pixel_ratio(1.0)), (399, 80));
        assert_eq!(bitmap_size(399.5, 80.0, pixel_ratio(2.0)), (799, 160));
        assert_eq!(bitmap_size(100.0, 20.0, pixel_ratio(1.25)), (125, 25));
        // Nonsense ratios fall back to sane ones rather than huge or empty bitmaps.
        assert_eq!(pixel_ratio(f64::NAN), 1.0);
        assert_eq!(pixel_ratio(0.0), 1.0);
        assert_eq!(pixel_ratio(50.0), 4.0);
        assert_eq!(bitmap_size(-3.0, 20.0, 1.0), (0, 20));
    }

    #[test]
    fn a_strip_redraws_alone_unless_the_canvas_or_a_strip_moved() {
        let at = |y: f64| Place { x: 100.0, y, width: 400.0 };
        let still = [(Some(at(30.0)), at(30.0)), (Some(at(60.0)), at(60.0))];
        assert!(!repaint_all(false, still), "nothing moved: only the strip that changed");
        assert!(repaint_all(true, still), "a resized bitmap is cleared: everything again");
        let moved = [(Some(at(30.0)), at(30.0)), (Some(at(60.0)), at(90.0))];
        assert!(repaint_all(false, moved), "a strip drawn elsewhere would leave its old drawing");
        let narrower = [(Some(at(30.0)), Place { width: 300.0, ..at(30.0) })];
        assert!(repaint_all(false, narrower));
        let new = [(Some(at(30.0)), at(30.0)), (None, at(60.0))];
        assert!(!repaint_all(false, new), "a strip never drawn has nothing to clear");
    }
}
