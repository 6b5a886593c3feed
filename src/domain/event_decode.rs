//! A compact decoder for stored events' kinds (issue 15, the counter's size).
//!
//! `EventKind` is stored internally tagged (`{"type":"stamps_added","customer":…}`). serde's
//! derived decoder for such an enum first buffers the whole object into its private `Content`
//! tree and then decodes every variant's fields from that buffer, so each field type is decoded
//! twice over (once per format, once from `Content`), for every variant: it was the largest item
//! of the counter's wasm (`twiggy`: 131 KB raw retained by `EventKind`'s `Deserialize`). Here the
//! object is read once, straight from the JSON, into [`StoredKind`] — one struct with every
//! field any kind has — and [`StoredKind`] is then turned into the kind its `type` names, each
//! field the kind needs checked as the derived decoder checks it. The stored format is unchanged
//! (serialization is still derived), and so is what decodes: a missing field of a kind is an
//! error, optional fields default as before, and an unknown `type` is `Unknown`.
//!
//! Written by hand rather than derived because no serde attribute reads an internally tagged
//! enum without buffering. The test `every_kind_decodes_as_it_was_written` holds it to the
//! derived encoding for one sample of each kind; a new kind needs its arm in
//! [`EventKind::try_from`] below and a sample there (the test's exhaustive `match` will not
//! compile without one).

use chrono::NaiveDate;
use serde::Deserialize;

use super::customer::CustomerProfile;
use super::event::EventKind;
use super::feedback::Topic;
use super::follow_up::{Apology, Status};
use super::hlc::Hlc;
use super::ids::{CustomerId, EventId};
use super::know::ProfileExtras;
use super::messages::{Channel, MessagingChange, TemplateKind};
use super::money::Money;
use super::perks::Perks;
use super::phone::{Country, Phone};
use super::program::Program;
use super::shop::ShopProfile;

/// Every field of every kind, as stored. A field two kinds share has one type here: where one
/// kind has it optional and another required (`card_size`, `reward`), it is optional here and
/// the required kind checks it is there.
#[derive(Deserialize)]
pub(super) struct StoredKind {
    #[serde(rename = "type")]
    kind: String,
    profile: Option<StoredProfile>,
    program: Option<Program>,
    #[serde(default)]
    demo: bool,
    customer: Option<CustomerId>,
    welcome_stamps: Option<u32>,
    card_size: Option<u32>,
    referred_by: Option<CustomerId>,
    stamps: Option<u32>,
    bill: Option<Money>,
    #[serde(default)]
    same_visit: bool,
    #[serde(default)]
    cooldown_override: bool,
    stamps_used: Option<u32>,
    reward: Option<String>,
    target: Option<EventId>,
    target_hlc: Option<Hlc>,
    rating: Option<u8>,
    topic: Option<Topic>,
    comment: Option<String>,
    question: Option<EventId>,
    note: Option<String>,
    what: Option<String>,
    complaint: Option<EventId>,
    handler: Option<String>,
    status: Option<Status>,
    apology: Option<Apology>,
    perks: Option<Perks>,
    year: Option<i32>,
    change: Option<MessagingChange>,
    template: Option<TemplateKind>,
    campaign: Option<String>,
    channel: Option<Channel>,
    visits: Option<u32>,
    friend: Option<CustomerId>,
    reason: Option<String>,
    kept: Option<CustomerId>,
    merged: Option<CustomerId>,
}

/// The shop's profile (`ShopProfile`: name, country) or a customer's (`CustomerProfile`: name,
/// phone, birthday, notes, extras): both are stored under `profile`, and which one it is shows
/// only from the kind.
#[derive(Deserialize)]
struct StoredProfile {
    name: String,
    country: Option<Country>,
    phone: Option<Phone>,
    #[serde(default, with = "crate::domain::iso_date::optional")]
    birthday: Option<NaiveDate>,
    notes: Option<String>,
    #[serde(default)]
    extras: ProfileExtras,
}

/// A field the kind needs, or the same error as serde's ("missing field `name`").
macro_rules! need {
    ($value:expr, $name:literal) => {
        match $value {
            Some(value) => value,
            None => return Err(concat!("missing field `", $name, "`")),
        }
    };
}

impl StoredProfile {
    fn shop(self) -> Result<ShopProfile, &'static str> {
        Ok(ShopProfile { name: self.name, country: need!(self.country, "country") })
    }

    fn customer(self) -> Result<CustomerProfile, &'static str> {
        Ok(CustomerProfile { name: self.name, phone: need!(self.phone, "phone"), birthday: self.birthday, notes: need!(self.notes, "notes"), extras: self.extras })
    }
}

impl TryFrom<StoredKind> for EventKind {
    type Error = &'static str;

    fn try_from(stored: StoredKind) -> Result<EventKind, &'static str> {
        let s = stored;
        Ok(match s.kind.as_str() {
            "shop_configured" => EventKind::ShopConfigured { profile: need!(s.profile, "profile").shop()?, program: need!(s.program, "program"), demo: s.demo },
            "program_changed" => EventKind::ProgramChanged { program: need!(s.program, "program") },
            "customer_added" => EventKind::CustomerAdded {
                customer: need!(s.customer, "customer"),
                profile: need!(s.profile, "profile").customer()?,
                welcome_stamps: need!(s.welcome_stamps, "welcome_stamps"),
                card_size: s.card_size,
                referred_by: s.referred_by,
            },
            "customer_edited" => EventKind::CustomerEdited { customer: need!(s.customer, "customer"), profile: need!(s.profile, "profile").customer()? },
            "stamps_added" => EventKind::StampsAdded {
                customer: need!(s.customer, "customer"),
                stamps: need!(s.stamps, "stamps"),
                bill: s.bill,
                card_size: s.card_size,
                same_visit: s.same_visit,
                cooldown_override: s.cooldown_override,
            },
            "reward_redeemed" => EventKind::RewardRedeemed { customer: need!(s.customer, "customer"), stamps_used: need!(s.stamps_used, "stamps_used"), reward: need!(s.reward, "reward") },
            "event_voided" => EventKind::EventVoided { customer: need!(s.customer, "customer"), target: need!(s.target, "target"), target_hlc: s.target_hlc },
            "shop_edited" => EventKind::ShopEdited { profile: need!(s.profile, "profile").shop()? },
            "customer_removed" => EventKind::CustomerRemoved { customer: need!(s.customer, "customer") },
            "feedback_given" => EventKind::FeedbackGiven { customer: need!(s.customer, "customer"), rating: need!(s.rating, "rating"), topic: s.topic, comment: s.comment.unwrap_or_default() },
            "question_answered" => EventKind::QuestionAnswered { customer: need!(s.customer, "customer"), question: need!(s.question, "question"), note: need!(s.note, "note") },
            "complaint_opened" => EventKind::ComplaintOpened { customer: need!(s.customer, "customer"), what: need!(s.what, "what") },
            "complaint_updated" => EventKind::ComplaintUpdated {
                customer: need!(s.customer, "customer"),
                complaint: need!(s.complaint, "complaint"),
                handler: s.handler.unwrap_or_default(),
                status: need!(s.status, "status"),
                note: s.note.unwrap_or_default(),
                apology: s.apology,
            },
            "perks_changed" => EventKind::PerksChanged { perks: need!(s.perks, "perks") },
            "birthday_rewarded" => EventKind::BirthdayRewarded { customer: need!(s.customer, "customer"), year: need!(s.year, "year"), stamps: s.stamps.unwrap_or_default(), card_size: s.card_size, reward: s.reward },
            "messaging_changed" => EventKind::MessagingChanged { customer: need!(s.customer, "customer"), change: need!(s.change, "change") },
            "message_sent" => EventKind::MessageSent {
                customer: need!(s.customer, "customer"),
                template: need!(s.template, "template"),
                campaign: s.campaign.unwrap_or_default(),
                channel: need!(s.channel, "channel"),
            },
            "opening_balance" => EventKind::OpeningBalance {
                customer: need!(s.customer, "customer"),
                stamps: s.stamps.unwrap_or_default(),
                visits: s.visits.unwrap_or_default(),
                card_size: need!(s.card_size, "card_size"),
            },
            "referral_rewarded" => EventKind::ReferralRewarded { customer: need!(s.customer, "customer"), friend: need!(s.friend, "friend"), stamps: need!(s.stamps, "stamps"), card_size: s.card_size },
            // A kind of a newer version: kept, and folded as nothing (as `#[serde(other)]` did).
            "bonus_stamps_given" => EventKind::BonusStampsGiven {
                customer: need!(s.customer, "customer"),
                stamps: need!(s.stamps, "stamps"),
                reason: need!(s.reason, "reason"),
                card_size: need!(s.card_size, "card_size"),
            },
            "owner_voided" => EventKind::OwnerVoided {
                customer: need!(s.customer, "customer"),
                target: need!(s.target, "target"),
                target_hlc: need!(s.target_hlc, "target_hlc"),
                reason: need!(s.reason, "reason"),
            },
            "customers_merged" => EventKind::CustomersMerged { kept: need!(s.kept, "kept"), merged: need!(s.merged, "merged") },
            _ => EventKind::Unknown,
        })
    }
}

#[cfg(test)]
#[path = "event_decode_tests.rs"]
mod tests;
