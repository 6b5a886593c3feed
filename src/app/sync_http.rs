//! The sync's HTTP calls (owner's bundle): one `fetch` per request the protocol asks for, with
//! the shop user's Basic credentials, JSON in and out, and a time limit, so a server that
//! never answers counts as unreachable instead of stopping sync for good.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::domain::sync::{Request, Response, SyncSettings};

/// How long one request may take.
const TIMEOUT_MS: u32 = 30_000;

/// Makes `request` against the settings' database; `None` when no answer came (offline, wrong
/// address, refused by CORS, timed out).
pub async fn send(settings: &SyncSettings, request: &Request) -> Option<Response> {
    send_js(settings, request).await.ok()
}

async fn send_js(settings: &SyncSettings, request: &Request) -> Result<Response, JsValue> {
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    let headers = web_sys::Headers::new()?;
    headers.set("Accept", "application/json")?;
    headers.set("Authorization", &basic_auth(&window, settings)?)?;
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_cache(web_sys::RequestCache::NoStore);
    // The credentials are in the header; no cookies of the server's are sent or kept.
    init.set_credentials(web_sys::RequestCredentials::Omit);
    if let Some(body) = &request.body {
        headers.set("Content-Type", "application/json")?;
        init.set_body(&JsValue::from_str(&body.to_string()));
    }
    init.set_headers(&headers);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(TIMEOUT_MS)));
    let url = format!("{}{}", settings.database_url(), request.path_and_query());
    let fetched = web_sys::Request::new_with_str_and_init(&url, &init)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&fetched)).await?.dyn_into()?;
    let body = JsFuture::from(response.text()?).await?.as_string().unwrap_or_default();
    Ok(Response { status: response.status(), body })
}

/// `Basic <base64 of user:password>`, the password's UTF-8 bytes as they are (`btoa` takes one
/// byte per character, so each byte goes in as the character of that code).
fn basic_auth(window: &web_sys::Window, settings: &SyncSettings) -> Result<String, JsValue> {
    let bytes = format!("{}:{}", settings.user, settings.password).into_bytes();
    let latin1: String = bytes.iter().map(|&byte| char::from(byte)).collect();
    Ok(format!("Basic {}", window.btoa(&latin1)?))
}
