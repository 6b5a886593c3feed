//! Events: the immutable facts everything else is folded from.
//!
//! An event is never changed or deleted; an undo is a new `EventVoided` event. Because every
//! event has a random id and folding is idempotent by id, replaying, re-syncing or importing the
//! same events again can never count a stamp twice.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::customer::CustomerProfile;
use super::hlc::Hlc;
use super::ids::{CustomerId, DeviceId, EventId};
use super::money::Money;
use super::perks::Perks;
use super::program::Program;
use super::shop::ShopProfile;

/// Who did it: the owner, or a member of staff named by their id (see `domain::staff`).
///
/// Stored as `"owner"`, `"staff"` (events written before staff had names: some member of
/// staff) or `{"staff_member":"<id>"}`. Events written before PINs keep decoding unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    /// The shop owner.
    Owner,
    /// A member of staff at the counter, from before staff members had names and ids.
    Staff,
    /// A named member of staff (staff and owner PINs).
    StaffMember(super::staff::StaffId),
}

impl Actor {
    /// Whether this is the owner, who may do everything.
    pub fn is_owner(&self) -> bool {
        matches!(self, Actor::Owner)
    }
}

/// What happened. New kinds are added at the end; a device that does not know a kind keeps
/// the event (so it can pass it on when syncing) and folds it as `Unknown`, changing nothing.
///
/// Decoded by a compact decoder of its own (`event_decode.rs`, issue 15): a new kind needs its
/// arm there too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "super::event_decode::StoredKind")]
pub enum EventKind {
    /// The shop was set up, with its first program.
    ShopConfigured {
        /// Name and country.
        profile: ShopProfile,
        /// The program at set-up.
        program: Program,
        /// Whether this is the demo shop, which "Leave the demo" may erase. Absent (false) in
        /// real shops and in demo shops made before it was recorded.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        demo: bool,
    },
    /// The owner changed the program; applies to stamps earned from now on.
    ProgramChanged {
        /// The new program.
        program: Program,
    },
    /// A customer joined, possibly with welcome stamps.
    CustomerAdded {
        /// The new customer's id.
        customer: CustomerId,
        /// Name, phone, birthday, notes.
        profile: CustomerProfile,
        /// Stamps given on joining.
        welcome_stamps: u32,
        /// The program's stamps for a reward then: the size of the card the welcome stamps
        /// start (`None` in events written before cards kept their size).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card_size: Option<u32>,
        /// Referrals (issue 10): the customer who brought them, fixed when they join (one
        /// referrer per customer); absent in events written before referrals.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        referred_by: Option<CustomerId>,
    },
    /// A customer's details were corrected.
    CustomerEdited {
        /// Whose details.
        customer: CustomerId,
        /// The whole new profile.
        profile: CustomerProfile,
    },
    /// A visit earned stamps. The count is fixed when the event is made, so a later program
    /// change never alters it.
    StampsAdded {
        /// Who earned them.
        customer: CustomerId,
        /// How many.
        stamps: u32,
        /// The bill, when the program earns by amount.
        bill: Option<Money>,
        /// The program's stamps for a reward when the stamp was planned: a card this stamp
        /// starts has this size. `None` in events written before cards kept their size; those
        /// stamps take the size of the shop's current program (see `cards.rs`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card_size: Option<u32>,
        /// More stamps for a visit already stamped (the clerk said yes to "Add another stamp for
        /// this visit?"): the stamps count, the visit does not count twice.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        same_visit: bool,
        /// Staff and owner: the customer was stamped inside the cooldown and the owner's PIN
        /// allowed this stamp (or the owner gave it).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        cooldown_override: bool,
    },
    /// A full card was exchanged for the reward.
    RewardRedeemed {
        /// Who redeemed.
        customer: CustomerId,
        /// Stamps the reward cost at that time.
        stamps_used: u32,
        /// The reward given, as the program said then.
        reward: String,
    },
    /// An earlier stamp or redemption was undone.
    EventVoided {
        /// Whose event.
        customer: CustomerId,
        /// The event undone.
        target: EventId,
        /// The clock of the event undone, so a record that no longer holds old events can tell
        /// a target older than what it keeps (fold from the log) from one not arrived yet.
        /// `None` in events written before it was recorded.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        target_hlc: Option<Hlc>,
    },
    /// The owner corrected the shop's name or country. Applies from now on: a country change
    /// decides how new phone numbers are read and which currency sign is shown; numbers already
    /// saved stay as they are.
    ShopEdited {
        /// The whole new profile.
        profile: ShopProfile,
    },
    /// A customer added by mistake was removed: they leave search, cannot be opened, and their
    /// phone number is free again. A tombstone: once any removal has arrived the customer stays
    /// removed, whatever order events arrive in.
    CustomerRemoved {
        /// Who was removed.
        customer: CustomerId,
    },
    // Hear them out (issue 10): feedback after a stamp, questions for the owner, complaints.
    /// "How was it today?": a rating, and optionally its kind and a comment. Changes no card;
    /// of the kind "question", it opens a question for the owner (`follow_up.rs`).
    FeedbackGiven {
        /// Whose feedback.
        customer: CustomerId,
        /// 1 to 5.
        rating: u8,
        /// Praise, question or suggestion, when the clerk chose one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        topic: Option<super::feedback::Topic>,
        /// What the customer said.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        comment: String,
    },
    /// The owner answered a question (a `FeedbackGiven` of the kind "question").
    QuestionAnswered {
        /// Who asked.
        customer: CustomerId,
        /// The feedback event that asked it.
        question: EventId,
        /// The answer.
        note: String,
    },
    /// A complaint was taken at the counter; the event's id is the complaint's.
    ComplaintOpened {
        /// Whose complaint.
        customer: CustomerId,
        /// What happened.
        what: String,
    },
    /// A complaint was handled: who handles it, its status (only moves forward) and the note,
    /// and possibly an apology gesture whose stamps the customer's card counts like a stamp
    /// that is not a visit.
    ComplaintUpdated {
        /// Whose complaint.
        customer: CustomerId,
        /// The `ComplaintOpened` event.
        complaint: EventId,
        /// Who handles it.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        handler: String,
        /// Open, in progress or resolved.
        status: super::follow_up::Status,
        /// The resolution note.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        note: String,
        /// Stamps given to say sorry.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        apology: Option<super::follow_up::Apology>,
    },
    // Issue 10, "know the customer" and "reward regulars" (see perks.rs, birthday.rs):
    /// The owner changed the extras for regulars: the shop's tags, the birthday reward, the
    /// tiers. Applies from now on, last-writer-wins by clock like the program.
    PerksChanged {
        /// The whole new extras.
        perks: Perks,
    },
    /// The birthday reward was given (once a year, see `birthday.rs`).
    BirthdayRewarded {
        /// Whose birthday.
        customer: CustomerId,
        /// The birthday's year: one reward per year.
        year: i32,
        /// Bonus stamps given (0 when the gift was a reward handed over).
        #[serde(default, skip_serializing_if = "is_zero")]
        stamps: u32,
        /// The program's stamps for a reward then, for the card the stamps start.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card_size: Option<u32>,
        /// The reward handed over, when the gift was one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reward: Option<String>,
    },
    // Messages (issue 11, see domain/messages): consent and how a customer wants messages, and
    // each message the clerk sent from the queue.
    /// A customer's messaging preferences changed (only those the change names).
    MessagingChanged {
        /// Whose.
        customer: CustomerId,
        /// What changed.
        change: super::messages::MessagingChange,
    },
    /// A message was sent from the queue (the limit on promotional messages counts these).
    MessageSent {
        /// To whom.
        customer: CustomerId,
        /// Which template.
        template: super::messages::TemplateKind,
        /// The campaign it belonged to.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        campaign: String,
        /// WhatsApp or SMS.
        channel: super::messages::Channel,
    },
    // Import (issue 13): what a paper card or a register already held when the customer was
    // imported.
    /// The opening balance of an imported customer: stamps already on their paper card and
    /// visits so far. It fills the card before every other stamp, whatever its clock, and its
    /// visits count without a time (they do not make a tier). Older versions read it as
    /// `Unknown`.
    OpeningBalance {
        /// Whose card.
        customer: CustomerId,
        /// Stamps already on the paper card.
        #[serde(default, skip_serializing_if = "is_zero")]
        stamps: u32,
        /// Visits so far.
        #[serde(default, skip_serializing_if = "is_zero")]
        visits: u32,
        /// The program's stamps for a reward at the import: the size of the card the stamps
        /// fill.
        card_size: u32,
    },
    // Referrals (issue 10, see referral.rs): one event per side, written with the friend's first
    // stamp in one transaction.
    /// The shop's referral bonus for `friend`'s first stamp, on `customer`'s card: the friend's
    /// own (`customer == friend`) or the referrer's. Counted once per friend and side, whatever
    /// the order or repeats (the smallest event id wins).
    ReferralRewarded {
        /// Whose card gets the stamps.
        customer: CustomerId,
        /// The new customer whose first stamp earned the bonus.
        friend: CustomerId,
        /// Bonus stamps.
        stamps: u32,
        /// The program's stamps for a reward then, for the card the stamps start.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        card_size: Option<u32>,
    },
    // The owner's corrections (issue 10, `owner_fix.rs`): stamps beyond the program's rules and
    // voiding an event older than the undo window, each with the reason the owner gave. Both go
    // through the card's fold like a stamp and an undo; older versions read them as `Unknown`.
    /// The owner gave bonus stamps beyond the rules (not a visit).
    BonusStampsGiven {
        /// Whose card.
        customer: CustomerId,
        /// How many.
        stamps: u32,
        /// Why, as the owner wrote it.
        reason: String,
        /// The program's stamps for a reward then, for the card the stamps start.
        card_size: u32,
    },
    /// The owner voided one of the customer's stamps, redemptions or bonuses, however old.
    OwnerVoided {
        /// Whose event.
        customer: CustomerId,
        /// The event voided.
        target: EventId,
        /// The clock of the event voided (see `EventVoided`).
        target_hlc: Hlc,
        /// Why, as the owner wrote it.
        reason: String,
    },
    // Merging duplicate customers (issue 14, `merge.rs`): the same person added on two devices.
    /// The owner merged `merged` into `kept`: the kept card folds both customers' logs (every
    /// stamp of both, once), the merged customer leaves search like a removal. Stored in the
    /// merged customer's log; which one is kept when merges disagree is decided by the earliest
    /// merge (`merge::groups`). Older versions read it as `Unknown`.
    CustomersMerged {
        /// The customer whose card stays.
        kept: CustomerId,
        /// The customer folded into it.
        merged: CustomerId,
    },
    /// A kind this version does not know yet.
    #[serde(other)]
    Unknown,
}

impl EventKind {
    /// The customer this event belongs to, if it is about one.
    pub fn customer(&self) -> Option<CustomerId> {
        match self {
            EventKind::CustomerAdded { customer, .. }
            | EventKind::CustomerEdited { customer, .. }
            | EventKind::StampsAdded { customer, .. }
            | EventKind::RewardRedeemed { customer, .. }
            | EventKind::EventVoided { customer, .. }
            | EventKind::CustomerRemoved { customer } => Some(*customer),
            EventKind::FeedbackGiven { customer, .. }
            | EventKind::QuestionAnswered { customer, .. }
            | EventKind::ComplaintOpened { customer, .. }
            | EventKind::ComplaintUpdated { customer, .. } => Some(*customer),
            EventKind::BirthdayRewarded { customer, .. } => Some(*customer),
            EventKind::MessagingChanged { customer, .. } | EventKind::MessageSent { customer, .. } => Some(*customer),
            EventKind::OpeningBalance { customer, .. } => Some(*customer),
            EventKind::ReferralRewarded { customer, .. } => Some(*customer),
            EventKind::BonusStampsGiven { customer, .. } | EventKind::OwnerVoided { customer, .. } => Some(*customer),
            EventKind::ShopConfigured { .. } | EventKind::ProgramChanged { .. } | EventKind::ShopEdited { .. } | EventKind::Unknown => None,
            EventKind::PerksChanged { .. } => None,
            EventKind::CustomersMerged { merged, .. } => Some(*merged),
        }
    }

    /// Whether this event is about the shop rather than a customer.
    pub fn is_shop_event(&self) -> bool {
        matches!(self, EventKind::ShopConfigured { .. } | EventKind::ProgramChanged { .. } | EventKind::ShopEdited { .. })
            || matches!(self, EventKind::PerksChanged { .. })
    }
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

/// One immutable fact, with everything needed to merge it with other devices' facts later.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Random and unique on every device.
    pub id: EventId,
    /// The device that made it.
    pub device: DeviceId,
    /// Orders events across devices.
    pub hlc: Hlc,
    /// Wall-clock time at the device, for people ("3 days ago"); stored as milliseconds since
    /// the epoch.
    #[serde(with = "chrono::serde::ts_milliseconds")]
    pub at: DateTime<Utc>,
    /// Who made it.
    pub actor: Actor,
    /// What happened.
    pub kind: EventKind,
}

impl Event {
    /// A new event stamped with the device's clock. `id` comes from the shell's random source.
    pub fn new(
        id: EventId,
        clock: &mut super::hlc::Clock,
        now: DateTime<Utc>,
        actor: Actor,
        kind: EventKind,
    ) -> Event {
        let hlc = clock.tick(now.timestamp_millis());
        Event { id, device: clock.device(), hlc, at: now, actor, kind }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_kinds_from_newer_versions_are_kept_as_unknown() {
        let json = r#"{"id":"00000000000000000000000000000001","device":"00000000000000000000000000000002",
            "hlc":{"millis":5,"counter":0,"device":"00000000000000000000000000000002"},
            "at":1793527200000,"actor":"staff","kind":{"type":"customer_waved","hand":"left"}}"#;
        let event: Event = serde_json::from_str(json).unwrap();
        assert_eq!(event.kind, EventKind::Unknown);
        assert_eq!(event.kind.customer(), None);
    }

    #[test]
    fn a_stored_event_with_a_bad_phone_is_a_decoding_error() {
        let json = |phone: &str| {
            format!(
                r#"{{"id":"00000000000000000000000000000001","device":"00000000000000000000000000000002",
                "hlc":{{"millis":5,"counter":0,"device":"00000000000000000000000000000002"}},"at":1793527200000,
                "actor":"staff","kind":{{"type":"customer_added","customer":"00000000000000000000000000000003",
                "profile":{{"name":"Asha","phone":"{phone}","notes":""}},"welcome_stamps":0}}}}"#
            )
        };
        assert!(serde_json::from_str::<Event>(&json("+919876543210")).is_ok());
        for bad in ["", "+", "é", "+९१९८७६५४३२१०", "9876543210"] {
            assert!(serde_json::from_str::<Event>(&json(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn actors_of_old_events_decode_unchanged_and_named_staff_round_trip() {
        assert_eq!(serde_json::from_str::<Actor>(r#""owner""#).unwrap(), Actor::Owner);
        assert_eq!(serde_json::from_str::<Actor>(r#""staff""#).unwrap(), Actor::Staff);
        // What older versions wrote is what this one writes for them.
        assert_eq!(serde_json::to_string(&Actor::Owner).unwrap(), r#""owner""#);
        assert_eq!(serde_json::to_string(&Actor::Staff).unwrap(), r#""staff""#);
        let named = Actor::StaffMember(super::super::staff::StaffId::from_bytes([0xab; 16]));
        let json = serde_json::to_string(&named).unwrap();
        assert_eq!(json, format!(r#"{{"staff_member":"{}"}}"#, "ab".repeat(16)));
        assert_eq!(serde_json::from_str::<Actor>(&json).unwrap(), named);
        assert!(serde_json::from_str::<Actor>(r#""cashier""#).is_err());
    }
}
