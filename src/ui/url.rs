//! The page's address as state an instructor can hand out: reading a `?name=` parameter and
//! setting or removing one without a reload or a new history entry, keeping the other
//! parameters and the fragment. Shared by the language switch (`?lang=`) and the course
//! (`?lesson=`).

/// The value of `?name=` in the address, if any.
pub fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// Sets `?name=value` (or removes it when `value` is `None`) in place.
pub fn set_param(name: &str, value: Option<&str>) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&location.search().unwrap_or_default()) else { return };
    match value {
        Some(v) => params.set(name, v),
        None => params.delete(name),
    }
    let query = String::from(params.to_string());
    let url = format!(
        "{}{}{query}{}",
        location.pathname().unwrap_or_default(),
        if query.is_empty() { "" } else { "?" },
        location.hash().unwrap_or_default()
    );
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
