//! The counter's referral actions (issue 10, see `referral.rs`): who "Referred by" names, and the
//! bonus for both customers on the friend's first stamp. A child of `counter.rs` so that it
//! plans through the same private helpers (clock, revisions, in-flight changes).

use chrono::{DateTime, Utc};

use super::{Change, Counter, CustomerForm};
use crate::domain::customer::{Customer, CustomerProfile};
use crate::domain::error::DomainError;
use crate::domain::event::EventKind;
use crate::domain::ids::{CustomerId, EventId};
use crate::domain::referral::{self, ReferralError};
use crate::domain::search::IndexEntry;

impl Counter {
    /// The customer a clerk typed in "Referred by": a referral code or a phone number.
    pub fn find_referrer(&self, text: &str) -> Result<&IndexEntry, DomainError> {
        referral::find_referrer(self.index(), text, self.shop().profile.country).map_err(DomainError::Referral)
    }

    /// The referrer a clerk typed for a new customer whose phone number is `own_phone` (as
    /// typed): their own number is a self-referral, said so rather than "not found".
    pub fn find_referrer_of(&self, text: &str, own_phone: &str) -> Result<&IndexEntry, DomainError> {
        let country = self.shop().profile.country;
        if let (Ok(typed), Ok(own)) = (crate::domain::Phone::parse(text, country), crate::domain::Phone::parse(own_phone, country)) {
            if typed == own {
                return Err(DomainError::Referral(ReferralError::SelfReferral));
            }
        }
        self.find_referrer(text)
    }

    /// Whether a new customer's id gives a referral code no customer here has yet: the screen
    /// draws ids until one does.
    pub fn referral_code_free(&self, id: CustomerId) -> bool {
        referral::code_is_free(self.index(), id)
    }

    /// The referrer of a new customer's form, checked: a customer of the shop, not removed, and
    /// not the new customer themselves (the same phone number).
    pub(super) fn referrer_for(&self, form: &CustomerForm, profile: &CustomerProfile) -> Result<Option<CustomerId>, DomainError> {
        let Some(referrer) = form.referred_by else { return Ok(None) };
        let Some(entry) = self.index().get(&referrer) else {
            // Removed customers leave the index.
            return Err(DomainError::Referral(ReferralError::ReferrerRemoved));
        };
        if entry.phone == profile.phone.as_str() {
            return Err(DomainError::Referral(ReferralError::SelfReferral));
        }
        Ok(Some(referrer))
    }

    /// The referral bonus due with a planned stamp, on both cards: when `stamp` is a visit's
    /// stamp of a friend who had no visit before it (`current`, the record it was planned from),
    /// who was brought by `referrer` and has not had their bonus yet, and the shop gives one.
    /// The bonus events join `stamp` as its linked changes (one strict transaction); otherwise
    /// the stamp is returned as it was. `ids` are the two bonus events' ids.
    pub fn with_referral_bonus(
        &mut self,
        stamp: Change,
        current: &Customer,
        referrer: Option<&Customer>,
        ids: [EventId; 2],
        now: DateTime<Utc>,
    ) -> Result<Change, DomainError> {
        let stamps = self.shop().perks.referral_stamps;
        let Some(friend) = stamp.customer.clone() else { return Ok(stamp) };
        let first_visit = matches!(stamp.event.kind, EventKind::StampsAdded { same_visit: false, .. }) && current.visit_totals().visits == 0;
        let due = stamps > 0
            && first_visit
            && !friend.referral_bonus_received()
            && referrer.is_some_and(|referrer| Some(referrer.id) == friend.referred_by && referrer.id != friend.id && !referrer.is_removed());
        let (Some(referrer), true) = (referrer, due) else { return Ok(stamp) };
        let card_size = Some(self.program().stamps_per_reward);
        let kind = |customer| EventKind::ReferralRewarded { customer, friend: friend.id, stamps, card_size };
        // The friend's own bonus rides on the stamp's record: that change writes the record with
        // both events folded in, so the screen shows it at once.
        let own = self.event(ids[0], now, kind(friend.id));
        let with_bonus = self.customer_change(&friend, stamp.base_rev, own, now)?;
        let theirs = self.event(ids[1], now, kind(referrer.id));
        let referrer_change = self.customer_change(referrer, Some(referrer.rev), theirs, now)?;
        // The stamp's own record (without the bonus) is replaced by the final one, so its
        // revision is no longer waited for.
        self.abandoned(&stamp);
        let own_event = Change { customer: None, ..with_bonus.clone() };
        Ok(Change { customer: with_bonus.customer, linked: vec![own_event, referrer_change], ..stamp })
    }
}

#[cfg(test)]
#[path = "counter_referral_tests.rs"]
mod tests;
