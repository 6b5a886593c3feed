//! Who may do what. Staff run the counter; the owner alone changes how the shop works. A shop
//! without an owner PIN has no way to tell people apart, so there everyone is the owner (as
//! before PINs existed).

use chrono::{DateTime, TimeDelta, Utc};

use super::event::Actor;
use super::visit::UNDO_WINDOW;

/// Something a person at the counter may ask to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// Stamp a visit (outside the cooldown).
    Stamp,
    /// Give a ready reward.
    Redeem,
    /// Add a customer.
    AddCustomer,
    /// Correct a customer's details.
    EditCustomer,
    /// Undo a stamp or redemption made `age` ago.
    Void {
        /// How long ago the action was made.
        age: TimeDelta,
    },
    /// Stamp a customer again inside the cooldown.
    StampInsideCooldown,
    /// Change the program (stamps for a reward, earning, welcome stamps).
    ChangeProgram,
    /// Change tiers for regulars.
    ChangeTiers,
    /// Change rewards (the reward, birthday and referral rewards).
    ChangeRewards,
    /// Export the shop's data.
    Export,
    /// Give stamps beyond what the program's rules earn.
    BonusStamps,
    /// Open Settings (the owner's screens).
    OpenSettings,
    /// See the activity of everyone.
    ViewActivity,
}

/// The answer for one person and one action.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Go ahead.
    Allowed,
    /// Only with the owner's PIN typed now.
    NeedsOwnerPin,
}

/// Whether a staff member may do this by themselves.
pub fn staff_may(action: Action) -> bool {
    match action {
        Action::Stamp | Action::Redeem | Action::AddCustomer | Action::EditCustomer => true,
        Action::Void { age } => age <= UNDO_WINDOW,
        Action::StampInsideCooldown
        | Action::ChangeProgram
        | Action::ChangeTiers
        | Action::ChangeRewards
        | Action::Export
        | Action::BonusStamps
        | Action::OpenSettings
        | Action::ViewActivity => false,
    }
}

/// Whether `actor` may do `action`, in a shop that has (or has not) an owner PIN.
pub fn permission(actor: Actor, owner_pin_set: bool, action: Action) -> Permission {
    if !owner_pin_set || actor.is_owner() || staff_may(action) {
        Permission::Allowed
    } else {
        Permission::NeedsOwnerPin
    }
}

/// Whether a stamp for a customer last stamped at `last_stamp` falls inside the cooldown at
/// `now`. A clock that went back (a last stamp "in the future") counts as inside.
pub fn inside_cooldown(last_stamp: Option<DateTime<Utc>>, now: DateTime<Utc>, cooldown: TimeDelta) -> bool {
    cooldown > TimeDelta::zero() && last_stamp.is_some_and(|last| now - last < cooldown)
}

/// What "Add stamp" needs from this person: nothing more, or the owner's PIN because the
/// customer was stamped inside the cooldown (an owner at the counter needs none; a shop with
/// no owner PIN has no cooldown, as before).
pub fn stamp_permission(actor: Actor, owner_pin_set: bool, last_stamp: Option<DateTime<Utc>>, now: DateTime<Utc>, cooldown: TimeDelta) -> Permission {
    if inside_cooldown(last_stamp, now, cooldown) {
        permission(actor, owner_pin_set, Action::StampInsideCooldown)
    } else {
        permission(actor, owner_pin_set, Action::Stamp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::ids::StaffId;

    #[test]
    fn staff_run_the_counter_and_the_owner_runs_the_shop() {
        let staff = Actor::StaffMember(StaffId::from_bytes([1; 16]));
        for action in [Action::Stamp, Action::Redeem, Action::AddCustomer, Action::EditCustomer, Action::Void { age: TimeDelta::seconds(30) }] {
            assert_eq!(permission(staff, true, action), Permission::Allowed, "{action:?}");
        }
        for action in [
            Action::ChangeProgram,
            Action::ChangeTiers,
            Action::ChangeRewards,
            Action::Export,
            Action::BonusStamps,
            Action::OpenSettings,
            Action::ViewActivity,
            Action::StampInsideCooldown,
            Action::Void { age: UNDO_WINDOW + TimeDelta::seconds(1) },
        ] {
            assert_eq!(permission(staff, true, action), Permission::NeedsOwnerPin, "{action:?}");
            assert_eq!(permission(Actor::Staff, true, action), Permission::NeedsOwnerPin, "{action:?}");
            assert_eq!(permission(Actor::Owner, true, action), Permission::Allowed, "{action:?}");
            // No owner PIN: everyone is the owner, as before PINs.
            assert_eq!(permission(staff, false, action), Permission::Allowed, "{action:?}");
        }
    }
}
