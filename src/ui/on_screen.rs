//! Whether an element is in view, from an `IntersectionObserver`: the log strips (`log_strip`)
//! and the paced panels (`ctx::Paced`) leave their work for while they are seen. The observer
//! calls back after layout, never in the middle of a frame's own work, and reads nothing the
//! page has to lay out for it (unlike measuring positions).

use crate::ctx::{Paced, Views};
use leptos::prelude::*;
use leptos::tachys::html::element::ElementType;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

/// Watches one element while its observer lives.
struct OnScreen {
    observer: web_sys::IntersectionObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl OnScreen {
    /// Calls `on_change(in_view)` whenever `element` comes into view or leaves it (and once at
    /// the start, with where it is then). `None` where the browser has no observer.
    fn watch(element: &web_sys::Element, mut on_change: impl FnMut(bool) + 'static) -> Option<Self> {
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            // Entries come oldest first: the last one says where the element is now.
            let last = entries.iter().filter_map(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok()).next_back();
            if let Some(e) = last {
                on_change(e.is_intersecting());
            }
        });
        let observer = web_sys::IntersectionObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(element);
        Some(OnScreen { observer, _callback: callback })
    }
}

/// Calls `on_change(in_view)` whenever the element `root` refers to comes into view or leaves
/// it (once at the start too), for as long as the component that calls this lives.
pub(crate) fn watch<E>(root: NodeRef<E>, on_change: impl FnMut(bool) + Clone + 'static)
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    let watching = StoredValue::new_local(None::<OnScreen>);
    Effect::new(move |_| {
        let Some(element) = root.get() else { return };
        if watching.with_value(Option::is_some) {
            return;
        }
        let element: web_sys::Element = element.unchecked_into();
        watching.set_value(OnScreen::watch(&element, on_change.clone()));
    });
    on_cleanup(move || {
        if let Some(Some(w)) = watching.try_update_value(Option::take) {
            w.observer.disconnect();
        }
    });
}

/// Tells `Views` whether the paced `panel`, whose outermost element is `root`, is in view, for
/// as long as the component that calls this lives.
pub(crate) fn pace_by_view<E>(panel: Paced, root: NodeRef<E>)
where
    E: ElementType + 'static,
    E::Output: JsCast + Clone + 'static,
{
    let views = expect_context::<Views>();
    watch(root, move |in_view| views.set_on_screen(panel, in_view));
    // Gone from the page: nothing there to wait for being seen.
    on_cleanup(move || views.set_on_screen(panel, true));
}
