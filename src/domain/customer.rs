//! A customer's card, folded from that customer's events.
//!
//! The fold is a set-based merge: each stamp or redemption is kept under its event id, undos
//! are a set of voided ids, and the profile is last-writer-wins by hybrid logical clock. So the
//! same set of events gives the same customer in any arrival order, and applying an event twice
//! changes nothing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::event::{Event, EventKind};
use super::hlc::Hlc;
use super::ids::{CustomerId, EventId};
use super::money::Money;
use super::phone::{Country, Phone};
use super::program::Program;
use super::shop::validate_name;

/// The longest notes, in characters.
pub const MAX_NOTES_CHARS: usize = 500;

/// What the shop knows about a customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    /// The name the staff call the customer by.
    pub name: String,
    /// The customer's mobile number, E.164.
    pub phone: Phone,
    /// For greetings, when the customer shared it.
    #[serde(default, with = "crate::domain::iso_date::optional")]
    pub birthday: Option<NaiveDate>,
    /// Preferences such as "less sugar".
    pub notes: String,
}

impl CustomerProfile {
    /// Builds a profile from what the clerk typed, checking every field.
    pub fn from_form(
        name: &str,
        phone: &str,
        birthday: Option<NaiveDate>,
        notes: &str,
        country: Country,
        today: NaiveDate,
    ) -> Result<CustomerProfile, DomainError> {
        validate_name(name)?;
        let phone = Phone::parse(phone, country)?;
        if birthday.is_some_and(|day| day > today) {
            return Err(DomainError::BirthdayInFuture);
        }
        let notes = notes.trim();
        if notes.chars().count() > MAX_NOTES_CHARS {
            return Err(DomainError::NotesTooLong { max: MAX_NOTES_CHARS });
        }
        Ok(CustomerProfile { name: name.trim().to_owned(), phone, birthday, notes: notes.to_owned() })
    }
}

/// What one counted event did to the card. Externally tagged (serde's default): internally
/// tagged enums make serde buffer every value, which costs kilobytes of wasm per type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Contribution {
    /// Stamps earned; `visit` is false for welcome stamps.
    Stamps {
        /// How many.
        stamps: u32,
        /// Whether it was a visit (true) or a welcome gift (false).
        visit: bool,
        /// When (stored as milliseconds since the epoch: quicker to write than RFC 3339 text).
        #[serde(with = "chrono::serde::ts_milliseconds")]
        at: DateTime<Utc>,
        /// The bill, for per-amount programs.
        bill: Option<Money>,
    },
    /// A reward redeemed.
    Redemption {
        /// Stamps it cost.
        stamps_used: u32,
        /// When (milliseconds since the epoch).
        #[serde(with = "chrono::serde::ts_milliseconds")]
        at: DateTime<Utc>,
    },
}

/// A customer's materialized state, stored next to the event log and updated in the same
/// transaction as each event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    /// The customer's id.
    pub id: CustomerId,
    /// Known once the `CustomerAdded` (or an edit) has arrived.
    pub profile: Option<CustomerProfile>,
    /// The clock of the event that set the profile.
    pub profile_hlc: Option<Hlc>,
    /// When the customer joined.
    #[serde(with = "chrono::serde::ts_milliseconds_option")]
    pub joined_at: Option<DateTime<Utc>>,
    /// Every stamp and redemption, by event id.
    pub contributions: BTreeMap<EventId, Contribution>,
    /// Ids of undone events (possibly of events not arrived yet).
    pub voided: BTreeSet<EventId>,
    /// Local write sequence, set by the device that stores the record; lets start-up find the
    /// records changed since the last search-index snapshot.
    #[serde(default)]
    pub rev: u64,
}

/// The numbers a clerk sees for a customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CardSummary {
    /// Stamps on the current (not yet full) card.
    pub stamps_on_card: u32,
    /// Full cards waiting to be redeemed.
    pub rewards_ready: u32,
    /// Stamps earned minus stamps redeemed.
    pub balance: u32,
    /// Visits that earned stamps.
    pub visits: u32,
    /// The latest visit.
    pub last_visit: Option<DateTime<Utc>>,
    /// Rewards redeemed so far.
    pub rewards_redeemed: u32,
}

impl Customer {
    /// A customer with no events yet.
    pub fn empty(id: CustomerId) -> Customer {
        Customer {
            id,
            profile: None,
            profile_hlc: None,
            joined_at: None,
            contributions: BTreeMap::new(),
            voided: BTreeSet::new(),
            rev: 0,
        }
    }

    /// Folds a set of events (in any order, with repeats) into a customer.
    pub fn fold<'a>(id: CustomerId, events: impl IntoIterator<Item = &'a Event>) -> Customer {
        let mut customer = Customer::empty(id);
        for event in events {
            customer.apply(event);
        }
        customer
    }

    /// Folds one event in; returns whether the customer changed. Events about other customers
    /// and repeats of events already folded change nothing.
    pub fn apply(&mut self, event: &Event) -> bool {
        if event.kind.customer() != Some(self.id) {
            return false;
        }
        match &event.kind {
            EventKind::CustomerAdded { profile, welcome_stamps, .. } => {
                let mut changed = self.set_profile(profile, event.hlc);
                if self.joined_at.is_none_or(|joined| event.at < joined) {
                    self.joined_at = Some(event.at);
                    changed = true;
                }
                if *welcome_stamps > 0 {
                    let welcome = Contribution::Stamps { stamps: *welcome_stamps, visit: false, at: event.at, bill: None };
                    changed |= self.contributions.insert(event.id, welcome).is_none();
                }
                changed
            }
            EventKind::CustomerEdited { profile, .. } => self.set_profile(profile, event.hlc),
            EventKind::StampsAdded { stamps, bill, .. } => {
                let stamps = Contribution::Stamps { stamps: *stamps, visit: true, at: event.at, bill: *bill };
                self.contributions.insert(event.id, stamps).is_none()
            }
            EventKind::RewardRedeemed { stamps_used, .. } => {
                let redemption = Contribution::Redemption { stamps_used: *stamps_used, at: event.at };
                self.contributions.insert(event.id, redemption).is_none()
            }
            EventKind::EventVoided { target, .. } => self.voided.insert(*target),
            EventKind::ShopConfigured { .. } | EventKind::ProgramChanged { .. } | EventKind::Unknown => false,
        }
    }

    fn set_profile(&mut self, profile: &CustomerProfile, hlc: Hlc) -> bool {
        if self.profile_hlc.is_some_and(|current| current >= hlc) {
            return false;
        }
        self.profile = Some(profile.clone());
        self.profile_hlc = Some(hlc);
        true
    }

    fn counted(&self) -> impl Iterator<Item = (&EventId, &Contribution)> {
        self.contributions.iter().filter(|(id, _)| !self.voided.contains(id))
    }

    /// Stamps ever earned (not undone).
    pub fn stamps_earned(&self) -> u64 {
        self.counted()
            .map(|(_, contribution)| match contribution {
                Contribution::Stamps { stamps, .. } => u64::from(*stamps),
                Contribution::Redemption { .. } => 0,
            })
            .sum()
    }

    /// Stamps spent on rewards (not undone).
    pub fn stamps_used(&self) -> u64 {
        self.counted()
            .map(|(_, contribution)| match contribution {
                Contribution::Redemption { stamps_used, .. } => u64::from(*stamps_used),
                Contribution::Stamps { .. } => 0,
            })
            .sum()
    }

    /// Stamps earned and not yet spent; never negative, even if two offline devices both
    /// redeemed the same card (that conflict is for the owner to see, not to hide in a minus).
    pub fn balance(&self) -> u32 {
        self.stamps_earned().saturating_sub(self.stamps_used()).min(u64::from(u32::MAX)) as u32
    }

    /// The numbers shown at the counter, with the card size in force now.
    pub fn summary(&self, stamps_per_reward: u32) -> CardSummary {
        let per_reward = stamps_per_reward.max(1);
        let balance = self.balance();
        let mut visits = 0;
        let mut last_visit = None;
        let mut rewards_redeemed = 0;
        for (_, contribution) in self.counted() {
            match contribution {
                Contribution::Stamps { visit: true, at, .. } => {
                    visits += 1;
                    if last_visit.is_none_or(|last| *at > last) {
                        last_visit = Some(*at);
                    }
                }
                Contribution::Stamps { visit: false, .. } => {}
                Contribution::Redemption { .. } => rewards_redeemed += 1,
            }
        }
        CardSummary {
            stamps_on_card: balance % per_reward,
            rewards_ready: balance / per_reward,
            balance,
            visits,
            last_visit,
            rewards_redeemed,
        }
    }

    /// The event for stamping a visit under `program`, or why not.
    pub fn stamp(&self, program: &Program, bill: Option<Money>) -> Result<EventKind, DomainError> {
        let stamps = program.stamps_for_visit(bill)?;
        if stamps == 0 {
            return Err(DomainError::NoStampsEarned);
        }
        Ok(EventKind::StampsAdded { customer: self.id, stamps, bill })
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

    /// The event for undoing `target` (a stamp or a redemption of this customer), or why not.
    pub fn void(&self, target: EventId) -> Result<EventKind, DomainError> {
        let contribution = self.contributions.get(&target).ok_or(DomainError::NotVoidable)?;
        if self.voided.contains(&target) {
            return Err(DomainError::AlreadyVoided);
        }
        if let Contribution::Stamps { stamps, .. } = contribution {
            if self.stamps_earned() < self.stamps_used() + u64::from(*stamps) {
                return Err(DomainError::VoidWouldGoNegative);
            }
        }
        Ok(EventKind::EventVoided { customer: self.id, target })
    }

    // TEMPORARY (card helper, branch c-card): a stand-in for the domain helper's
    // `Customer::card_sequence` (the count of distinct events folded into the customer), so the
    // card code compiles on this branch. When merging, keep the domain helper's version and
    // drop this one.
    /// The customer's card sequence: grows with every event folded into the customer, so the
    /// card issued after a change is recognisably newer than the ones before it.
    pub fn card_sequence(&self) -> u32 {
        let count = self.contributions.len() + self.voided.len() + usize::from(self.profile.is_some());
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// The customer's name, or an empty text while only later events have arrived.
    pub fn name(&self) -> &str {
        self.profile.as_ref().map_or("", |profile| profile.name.as_str())
    }
}
