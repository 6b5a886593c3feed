//! Where the counter's card links point, read from the browser: the app's own address and the
//! "Rewards page address" chosen in Settings (kept in localStorage, like the language).

use gloo_storage::{LocalStorage, Storage};
use mohar_card::ShopKey;

use crate::domain::card::{self, CardPage};

/// Where the "Rewards page address" is remembered on this device.
const REWARDS_PAGE_KEY: &str = "mohar.rewards_page";

/// The shop website page with the widget, if one was set in Settings.
pub fn rewards_page() -> Option<String> {
    LocalStorage::get::<String>(REWARDS_PAGE_KEY).ok().filter(|address| !address.is_empty())
}

/// Remembers the rewards page address (`None`: use the app's own card page).
pub fn set_rewards_page(address: Option<&str>) {
    match address {
        Some(address) => {
            let _ = LocalStorage::set(REWARDS_PAGE_KEY, address);
        }
        None => LocalStorage::delete(REWARDS_PAGE_KEY),
    }
}

/// `location.origin` and `location.pathname` of the page.
fn origin_and_path() -> (String, String) {
    let location = web_sys::window().map(|window| window.location());
    let origin = location.as_ref().and_then(|l| l.origin().ok()).unwrap_or_default();
    let path = location.as_ref().and_then(|l| l.pathname().ok()).unwrap_or_else(|| "/".into());
    (origin, path)
}

/// The app's own address (origin and path, no query or fragment): its public card page.
pub fn app_url() -> String {
    let (origin, path) = origin_and_path();
    format!("{origin}{path}")
}

/// The address of the app's directory, where `embed.js` is served.
pub fn app_directory() -> String {
    let (origin, path) = origin_and_path();
    card::app_directory(&origin, &path)
}

/// Where this shop's card links point now.
pub fn card_page(key: &ShopKey) -> CardPage {
    match rewards_page() {
        Some(address) => CardPage::Website(address),
        None => CardPage::App { app_url: app_url(), public_key: key.public_key_text() },
    }
}
