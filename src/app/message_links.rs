//! `{link}` in messages (issue 11): each customer's signed card link, made as the customer
//! screen's "Card link" makes it (the shop key signs the card as it is now, `card_share.rs`).
//! Owner's bundle: the Messages screen and the morning's greetings use it.

use chrono::{DateTime, Utc};
use mohar_card::ShopKey;

use super::card_links;
use crate::domain::card;
use crate::domain::{Customer, ShopState};

/// The signed card link of a customer, with the shop's key, now.
pub fn card_link(key: &ShopKey, shop: &ShopState, customer: &Customer, now: DateTime<Utc>) -> String {
    let claims = card::claims(key, customer, shop, now);
    let token = mohar_card::issue(key, &claims);
    card::card_link(&card_links::card_page(key), &token)
}
