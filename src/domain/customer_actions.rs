//! The counter's actions on one customer (stamp, redeem, undo, remove): each checks the card's
//! rules against the folded record and returns the event to record, or the reason it is refused.
//! They only read the customer; the fold in the parent module is what applies the event.

use chrono::{DateTime, Utc};

use super::{Contribution, Customer, RECENT_LEN};
use crate::domain::error::DomainError;
use crate::domain::event::EventKind;
use crate::domain::ids::EventId;
use crate::domain::money::Money;
use crate::domain::program::Program;

impl Customer {
    /// The event for stamping a visit under `program`, or why not.
    pub fn stamp(&self, program: &Program, bill: Option<Money>) -> Result<EventKind, DomainError> {
        self.stamp_visit(program, bill, false)
    }

    /// The event for stamping under `program`; `same_visit` for more stamps on a visit already
    /// stamped (the visit is counted once).
    pub fn stamp_visit(&self, program: &Program, bill: Option<Money>, same_visit: bool) -> Result<EventKind, DomainError> {
        let stamps = program.stamps_for_visit(bill)?;
        if stamps == 0 {
            return Err(DomainError::NoStampsEarned);
        }
        Ok(EventKind::StampsAdded { customer: self.id, stamps, bill, card_size: Some(program.stamps_per_reward), same_visit, cooldown_override: false })
    }

    /// The event for redeeming one reward under `program`, or why not.
    pub fn redeem(&self, program: &Program) -> Result<EventKind, DomainError> {
        if self.summary(program.stamps_per_reward).rewards_ready == 0 {
            return Err(DomainError::NoRewardReady);
        }
        Ok(EventKind::RewardRedeemed {
            customer: self.id,
            stamps_used: program.stamps_per_reward,
            reward: program.reward.clone(),
        })
    }

    /// The event for undoing `target` (one of this customer's recent stamps or redemptions), or
    /// why not. `stamps_per_reward` is the current program's, as for [`Customer::summary`].
    pub fn void(&self, target: EventId, stamps_per_reward: u32) -> Result<EventKind, DomainError> {
        let Some(recent) = self.recent.iter().find(|recent| recent.id == target) else {
            return Err(if self.checkpoint.horizon.is_some() {
                DomainError::UndoOutOfReach { reach: RECENT_LEN }
            } else {
                DomainError::NotVoidable
            });
        };
        if recent.voided_by.is_some() {
            return Err(DomainError::AlreadyVoided);
        }
        if let Contribution::Stamps { .. } = recent.contribution {
            let cards = self.totals(Some(target)).cards;
            if cards.resolve(stamps_per_reward).completed < cards.redeemed {
                return Err(DomainError::VoidWouldGoNegative);
            }
        }
        Ok(EventKind::EventVoided { customer: self.id, target, target_hlc: Some(recent.hlc) })
    }

    /// Whether the customer was removed (added by mistake) or merged into another card (a
    /// merged customer leaves search, lists and counts the way a removed one does).
    pub fn is_removed(&self) -> bool {
        self.removed_by.is_some() || self.merged_into.is_some()
    }

    /// The event for removing a customer added by mistake, or why not: allowed while the
    /// customer has no visits and no redeemed reward (welcome stamps alone do not count), or
    /// within [`UNDO_WINDOW`](crate::domain::visit::UNDO_WINDOW) of joining, so a customer added twice in
    /// a hurry can go even after the first stamp.
    pub fn remove(&self, now: DateTime<Utc>) -> Result<EventKind, DomainError> {
        if self.is_removed() {
            return Err(DomainError::CustomerRemoved);
        }
        let summary = self.summary(1);
        let unused = summary.visits == 0 && summary.rewards_redeemed == 0;
        let just_added = self.joined_at.is_some_and(|joined| now - joined <= crate::domain::visit::UNDO_WINDOW);
        if !unused && !just_added {
            return Err(DomainError::CustomerHasVisits { visits: summary.visits });
        }
        Ok(EventKind::CustomerRemoved { customer: self.id })
    }
}
