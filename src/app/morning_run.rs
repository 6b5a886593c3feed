//! The morning's greetings, run by the owner's bundle when the counter asks on the day's first
//! start (`festival_reminder.rs`): reads every customer and the device's messaging value, and
//! adds the day's birthday and anniversary greetings to the queue once
//! (`domain::messages::morning`), with each customer's signed card link for `{link}`.

use chrono::Utc;
use mohar_card::ShopKey;
use wasm_bindgen::JsValue;

use super::customer_glance::shop_today;
use super::i18n::Locale;
use super::messages_screen::{lang_of, update_book};
use super::{random, storage, DB_NAME};
use crate::domain::messages::morning::add_greetings;
use crate::domain::messages::Context;
use crate::session;
use crate::store::Store;

/// Adds the day's greetings; resolves to how many were added (0 on any failure: the next
/// start tries again, since the day is only recorded with the greetings).
pub fn run(locale: &str) -> js_sys::Promise {
    let locale = locale.parse::<Locale>().unwrap_or(Locale::en);
    wasm_bindgen_futures::future_to_promise(async move { Ok(JsValue::from(add(locale).await.unwrap_or(0) as u32)) })
}

async fn add(locale: Locale) -> Option<usize> {
    let store = storage::open(DB_NAME, || {}, || {}).await.ok()?;
    let now = Utc::now();
    let counter = session::open_shop(&store, random::device_id(), now).await.ok()??;
    let shop = counter.shop().clone();
    // Page by page, so a stamp the clerk taps meanwhile never waits for one long read.
    let mut customers = Vec::new();
    crate::store::customers_in_pages(&store, |page| customers.extend(page)).await.ok()?;
    let key = store.shop_key_secret().await.ok().flatten().map(|secret| ShopKey::from_secret_bytes(&secret));
    let link = |customer: &crate::domain::Customer| key.as_ref().map(|key| super::message_links::card_link(key, &shop, customer, now));
    let mut added = 0;
    update_book(&store, |book| {
        let queued = Default::default();
        let context = Context { shop: &shop, shop_lang: lang_of(locale), limit: book.limit, queued: &queued, now, today: shop_today(now) };
        added = add_greetings(book, &customers, &context, &link);
    })
    .await
    .ok()?;
    Some(added)
}
