//! The shop itself: its name, country and current program, folded from shop events.

use serde::{Deserialize, Serialize};

use super::error::DomainError;
use super::event::{Event, EventKind};
use super::hlc::Hlc;
use super::phone::Country;
use super::program::Program;

/// The longest shop or customer name, in characters.
pub const MAX_NAME_CHARS: usize = 80;

/// What the owner typed about the shop at set-up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProfile {
    /// The shop's name as customers know it.
    pub name: String,
    /// Decides the currency and the phone country code.
    pub country: Country,
}

impl ShopProfile {
    /// Checks the profile before it is saved.
    pub fn validate(&self) -> Result<(), DomainError> {
        validate_name(&self.name)
    }
}

/// Checks a shop or customer name: not blank, not too long.
pub fn validate_name(name: &str) -> Result<(), DomainError> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return Err(DomainError::NameMissing);
    }
    if trimmed.chars().count() > MAX_NAME_CHARS {
        return Err(DomainError::NameTooLong { max: MAX_NAME_CHARS });
    }
    Ok(())
}

/// The shop as the fold of its shop-level events: the latest profile and program by hybrid
/// logical clock win, so devices agree whatever order the events arrived in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopState {
    /// The shop's profile.
    pub profile: ShopProfile,
    /// The program in force for new stamps.
    pub program: Program,
    /// When the profile was last set.
    pub profile_hlc: Hlc,
    /// When the program was last set.
    pub program_hlc: Hlc,
    /// Whether a set-up event said this is the demo shop (false in records written before it
    /// was recorded; [`ShopState::is_demo`] recognises those).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub demo: bool,
    /// Tags, birthday reward and tiers (`perks.rs`); empty in shops that never set them.
    #[serde(default, skip_serializing_if = "super::perks::Perks::is_unset")]
    pub perks: super::perks::Perks,
    /// When the extras were last set (`None`: never).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub perks_hlc: Option<Hlc>,
}

impl ShopState {
    /// The shop after its first `ShopConfigured` event, or `None` for other events.
    pub fn from_event(event: &Event) -> Option<Self> {
        match &event.kind {
            EventKind::ShopConfigured { profile, program, demo } => Some(Self {
                profile: profile.clone(),
                program: program.clone(),
                profile_hlc: event.hlc,
                program_hlc: event.hlc,
                demo: *demo,
                perks: Default::default(),
                perks_hlc: None,
            }),
            _ => None,
        }
    }

    /// Folds one shop event in; returns whether anything changed. Applying an event twice, or
    /// an older one after a newer one, changes nothing: the profile and the program each follow
    /// the event with the latest clock, whichever kind set them.
    pub fn apply(&mut self, event: &Event) -> bool {
        match &event.kind {
            EventKind::ShopConfigured { profile, program, demo } => {
                // Any set-up of the demo marks the shop as the demo, in whatever order they came.
                let mut changed = *demo && !self.demo;
                self.demo |= *demo;
                changed |= self.set_profile(profile, event.hlc);
                changed |= self.set_program(program, event.hlc);
                changed
            }
            EventKind::ProgramChanged { program } => self.set_program(program, event.hlc),
            EventKind::ShopEdited { profile } => self.set_profile(profile, event.hlc),
            EventKind::PerksChanged { perks } => {
                if self.perks_hlc.is_some_and(|hlc| event.hlc <= hlc) {
                    return false;
                }
                self.perks = perks.clone();
                self.perks_hlc = Some(event.hlc);
                true
            }
            _ => false,
        }
    }

    fn set_profile(&mut self, profile: &ShopProfile, hlc: Hlc) -> bool {
        if hlc <= self.profile_hlc {
            return false;
        }
        self.profile = profile.clone();
        self.profile_hlc = hlc;
        true
    }

    fn set_program(&mut self, program: &Program, hlc: Hlc) -> bool {
        if hlc <= self.program_hlc {
            return false;
        }
        self.program = program.clone();
        self.program_hlc = hlc;
        true
    }

    /// Whether this is the demo shop, whose data "Leave the demo" may erase. Demo shops made
    /// before the flag was recorded are recognised by their set-up, unchanged since: the demo's
    /// name, country and program, set by one event. A real shop would have to have typed all of
    /// that (welcome stamps included) and never changed it, and leaving still asks first.
    pub fn is_demo(&self) -> bool {
        self.demo
            || (self.profile_hlc == self.program_hlc
                && self.profile == super::demo::demo_profile()
                && self.program == super::demo::demo_program())
    }

    /// Folds a whole log into the shop, in any order. `None` when the log has no set-up.
    pub fn fold<'a>(events: impl IntoIterator<Item = &'a Event>) -> Option<Self> {
        // Two passes, because a program change may arrive before the set-up it follows.
        let events: Vec<&Event> = events.into_iter().collect();
        let mut shop = events.iter().find_map(|event| ShopState::from_event(event))?;
        for event in events {
            shop.apply(event);
        }
        Some(shop)
    }
}

#[cfg(test)]
#[path = "shop_tests.rs"]
mod tests;
