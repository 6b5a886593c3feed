//! The owner's corrections (issue 10): bonus stamps beyond the program's rules, and voiding one
//! of a customer's events older than the undo window. Both are owner-only
//! (`permissions::Action::BonusStamps`, `Action::Void`), both need a reason, and both are events
//! folded by the customer's record like any other (`BonusStampsGiven` counts as stamps that are
//! not a visit, `OwnerVoided` as an undo that reaches any age), so they are counted once by
//! event id in any order of arrival and shown in the Activity with who did it and why.
//!
//! The planners are `Counter::plan_bonus_stamps` and `Counter::plan_owner_void`
//! (`counter_owner_fix.rs`); the rules they check are here, as plain functions.

use super::customer::Customer;
use super::error::DomainError;
use super::event::{Event, EventKind};
use super::ids::{CustomerId, EventId};

/// The most bonus stamps the owner gives at once.
pub const MAX_BONUS_STAMPS: u32 = 100;
/// The longest reason, in characters.
pub const MAX_REASON_CHARS: usize = 200;

/// Why a correction was refused (besides the card's own rules, `DomainError::AlreadyVoided`,
/// `DomainError::VoidWouldGoNegative` and `DomainError::NotVoidable`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum CorrectionError {
    /// No reason was written: every correction says why.
    #[error("write the reason")]
    ReasonMissing,
    /// The reason is longer than [`MAX_REASON_CHARS`].
    #[error("the reason is too long (at most {max} characters)")]
    ReasonTooLong {
        /// The longest allowed reason.
        max: usize,
    },
    /// Bonus stamps outside 1 to [`MAX_BONUS_STAMPS`].
    #[error("give between 1 and {max} bonus stamps")]
    BonusOutOfRange {
        /// The most stamps at once.
        max: u32,
    },
}

impl From<CorrectionError> for DomainError {
    fn from(error: CorrectionError) -> DomainError {
        DomainError::Correction(error)
    }
}

/// The reason as it is recorded (trimmed), or why not.
pub fn reason(text: &str) -> Result<String, CorrectionError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(CorrectionError::ReasonMissing);
    }
    if text.chars().count() > MAX_REASON_CHARS {
        return Err(CorrectionError::ReasonTooLong { max: MAX_REASON_CHARS });
    }
    Ok(text.to_owned())
}

/// The event for giving `stamps` bonus stamps to `customer`, whose card in progress would
/// start at `card_size`, or why not.
pub fn bonus(customer: &Customer, stamps: u32, why: &str, card_size: u32) -> Result<EventKind, DomainError> {
    if customer.is_removed() {
        return Err(DomainError::CustomerRemoved);
    }
    if !(1..=MAX_BONUS_STAMPS).contains(&stamps) {
        return Err(CorrectionError::BonusOutOfRange { max: MAX_BONUS_STAMPS }.into());
    }
    Ok(EventKind::BonusStampsGiven { customer: customer.id, stamps, reason: reason(why)?, card_size })
}

/// Whether an event of this kind puts stamps on a card or takes them off (what a void undoes).
pub fn voidable(kind: &EventKind) -> bool {
    match kind {
        EventKind::StampsAdded { .. } | EventKind::RewardRedeemed { .. } | EventKind::BonusStampsGiven { .. } | EventKind::ReferralRewarded { .. } => true,
        EventKind::BirthdayRewarded { stamps, .. } => *stamps > 0,
        EventKind::ComplaintUpdated { apology, .. } => apology.is_some(),
        _ => false,
    }
}

/// The target of an undo or an owner's void.
pub fn void_target(kind: &EventKind) -> Option<EventId> {
    match kind {
        EventKind::EventVoided { target, .. } | EventKind::OwnerVoided { target, .. } => Some(*target),
        _ => None,
    }
}

/// The event for the owner voiding `target`, one of customer `id`'s events in `log` (that
/// customer's whole log, as the store reads it), or why not:
/// not a stamp, redemption or bonus of this customer, already voided (by an undo or by the
/// owner), or a void that would leave fewer cards filled than rewards redeemed.
/// `stamps_per_reward` is the current program's, as for [`Customer::summary`].
pub fn owner_void(id: CustomerId, log: &[Event], target: EventId, why: &str, stamps_per_reward: u32) -> Result<EventKind, DomainError> {
    // A kept card of merged duplicates (issue 14): `log` holds the whole group's logs, and the
    // members' events are the card's (`merge::fold_card`).
    let card = crate::domain::merge::card_members(id, log);
    let ours = |event: &Event| event.kind.customer().is_some_and(|customer| card.contains(&customer));
    let Some(found) = log.iter().find(|event| event.id == target && ours(event)) else {
        return Err(DomainError::NotVoidable);
    };
    if !voidable(&found.kind) {
        return Err(DomainError::NotVoidable);
    }
    if log.iter().any(|event| ours(event) && void_target(&event.kind) == Some(target)) {
        return Err(DomainError::AlreadyVoided);
    }
    let why = reason(why)?;
    // Fold the log without the target: the same check as an undo's, on the whole history.
    let without = crate::domain::merge::fold_card(id, log.iter().filter(|event| event.id != target));
    let cards = without.cards();
    if cards.resolve(stamps_per_reward).completed < cards.redeemed {
        return Err(DomainError::VoidWouldGoNegative);
    }
    Ok(EventKind::OwnerVoided { customer: id, target, target_hlc: found.hlc, reason: why })
}

