//! Files in and out of the page: what is served beside the app (the course's `lessons/`,
//! fetched when first needed), files a person chooses (a lesson, a session), and downloads.

use wasm_bindgen::JsCast;

/// The text behind `path`, fetched beside the app (bounded: the decoders check sizes).
pub async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    read_text(path, window.fetch_with_str(path)).await
}

/// The texts behind `paths`, in order, every request started at once: the browser runs as many
/// side by side as the connection allows. (The course list's lesson files, one after another,
/// took ~5 s on slow 4G: 27 round trips of ~180 ms.) The caller bounds how many.
pub async fn fetch_texts(paths: &[String]) -> Vec<Result<String, String>> {
    let Some(window) = web_sys::window() else {
        return paths.iter().map(|_| Err("no window".to_string())).collect();
    };
    let started: Vec<js_sys::Promise> = paths.iter().map(|p| window.fetch_with_str(p)).collect();
    let mut texts = Vec::with_capacity(paths.len());
    for (path, request) in paths.iter().zip(started) {
        texts.push(read_text(path, request).await);
    }
    texts
}

/// The text of the response `request` (a `fetch()` of `path`) gives.
async fn read_text(path: &str, request: js_sys::Promise) -> Result<String, String> {
    let response = wasm_bindgen_futures::JsFuture::from(request).await.map_err(|_| format!("{path}: not reachable"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| format!("{path}: not a response"))?;
    if !response.ok() {
        return Err(format!("{path}: HTTP {}", response.status()));
    }
    let text = response.text().map_err(|_| format!("{path}: no body"))?;
    let text = wasm_bindgen_futures::JsFuture::from(text).await.map_err(|_| format!("{path}: unreadable"))?;
    text.as_string().ok_or_else(|| format!("{path}: not text"))
}

/// Offers `text` as a download named `name` (a Blob URL, revoked at once after the click).
pub fn download(name: &str, text: &str) -> Result<(), String> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|_| "the browser refused the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "the browser refused the file")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|_| "no link")?.dyn_into().map_err(|_| "no link")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The file chosen in the `<input type="file">` an event came from: its name, its size and a
/// future of its text (read only when awaited, so the size can be checked first). The input
/// is cleared, so the same file can be chosen again after a fix.
pub fn read_chosen_file(ev: &web_sys::Event) -> Option<(String, u64, impl std::future::Future<Output = Option<String>>)> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    input.set_value("");
    let (name, size) = (file.name(), file.size() as u64);
    let text = async move { wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string()) };
    Some((name, size, text))
}
