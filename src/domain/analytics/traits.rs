//! What segments filter on besides visits (issue 12): a customer's tags, birthday (month and day)
//! and consent to messages. Copied from the customer's record by every commit's delta, like the
//! cards, so a segment of a big shop is evaluated on the dashboard's facts without reading any
//! customer record.

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use crate::domain::customer::Customer;

/// A customer's traits as the facts keep them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Traits {
    /// The shop's tags (ids), sorted.
    pub tags: Vec<u16>,
    /// The birthday's month (1–12) and day, without the year.
    pub birthday: Option<(u8, u8)>,
    /// Agreed to offers and greetings on WhatsApp/SMS.
    pub consent: bool,
}

impl Traits {
    /// The traits of a customer's record now.
    pub fn of(record: &Customer) -> Traits {
        let profile = record.profile.as_ref();
        Traits {
            tags: profile.map(|profile| profile.extras.tags.clone()).unwrap_or_default(),
            birthday: profile.and_then(|profile| profile.birthday).map(|date| (date.month() as u8, date.day() as u8)),
            consent: record.messaging.agreed(),
        }
    }
}
