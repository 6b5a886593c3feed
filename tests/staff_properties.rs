//! Property tests of the staff and owner rules: PIN locks, permissions and the cooldown hold
//! whatever the order and timing of tries and stamps.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use mohar::domain::permissions::{inside_cooldown, permission, stamp_permission, staff_may, Action, Permission};
use mohar::domain::staff::{PinError, PinHash, StaffBook, StaffId, FREE_TRIES, LONGEST_LOCK};
use mohar::domain::Actor;
use proptest::prelude::*;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap()
}

const OWNER: PinHash = PinHash([1; 32]);

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![Just(Actor::Owner), Just(Actor::Staff), any::<u8>().prop_map(|b| Actor::StaffMember(StaffId::from_bytes([b; 16])))]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Stamp),
        Just(Action::Redeem),
        Just(Action::AddCustomer),
        Just(Action::EditCustomer),
        (0i64..100_000).prop_map(|s| Action::Void { age: TimeDelta::seconds(s) }),
        Just(Action::StampInsideCooldown),
        Just(Action::ChangeProgram),
        Just(Action::ChangeTiers),
        Just(Action::ChangeRewards),
        Just(Action::Export),
        Just(Action::BonusStamps),
        Just(Action::OpenSettings),
        Just(Action::ViewActivity),
    ]
}

proptest! {
    /// The owner may always; without an owner PIN everyone may; staff need the owner's PIN
    /// exactly for what is not theirs.
    #[test]
    fn only_the_owner_pin_opens_what_staff_may_not_do(actor in actor(), action in action(), pin_set in any::<bool>()) {
        let answer = permission(actor, pin_set, action);
        let expected = if actor.is_owner() || !pin_set || staff_may(action) { Permission::Allowed } else { Permission::NeedsOwnerPin };
        prop_assert_eq!(answer, expected);
        prop_assert_eq!(permission(Actor::Owner, pin_set, action), Permission::Allowed);
        prop_assert_eq!(permission(actor, false, action), Permission::Allowed);
    }

    /// A stamp within the cooldown of the last one needs the owner's PIN from staff, and one
    /// after it never does; a zero cooldown asks nothing.
    #[test]
    fn the_cooldown_asks_exactly_inside_its_window(
        staff in any::<u8>(),
        since_last in -3_600i64..7_200,
        minutes in 0i64..120,
        never in any::<bool>(),
    ) {
        let staff = Actor::StaffMember(StaffId::from_bytes([staff; 16]));
        let cooldown = TimeDelta::minutes(minutes);
        let now = start();
        let last = (!never).then(|| now - TimeDelta::seconds(since_last));
        let inside = inside_cooldown(last, now, cooldown);
        prop_assert_eq!(inside, !never && minutes > 0 && TimeDelta::seconds(since_last) < cooldown);
        let expected = if inside { Permission::NeedsOwnerPin } else { Permission::Allowed };
        prop_assert_eq!(stamp_permission(staff, true, last, now, cooldown), expected);
        prop_assert_eq!(stamp_permission(Actor::Owner, true, last, now, cooldown), Permission::Allowed);
        prop_assert_eq!(stamp_permission(staff, false, last, now, cooldown), Permission::Allowed);
    }

    /// However tries are timed, at most FREE_TRIES wrong PINs are compared between two locks,
    /// a lock never gets shorter than the one before (up to an hour), and while locked even the
    /// right PIN is refused.
    #[test]
    fn wrong_pins_lock_entry_for_ever_longer(tries in proptest::collection::vec((0i64..4_000, any::<bool>()), 1..60)) {
        let mut book = StaffBook::new([0; 16]);
        book.set_owner_pin(OWNER);
        let mut now = start();
        let mut compared_wrong = 0u32;
        let mut last_lock = TimeDelta::zero();
        for (wait, right) in tries {
            now += TimeDelta::seconds(wait);
            let locked = book.lock.locked_at(now);
            let hash = if right { OWNER } else { PinHash([2; 32]) };
            match book.verify(Actor::Owner, &hash, now) {
                Ok(()) => {
                    prop_assert!(right && locked.is_none());
                    compared_wrong = 0;
                    last_lock = TimeDelta::zero();
                }
                Err(PinError::Wrong { tries_left }) => {
                    prop_assert!(!right && locked.is_none());
                    compared_wrong += 1;
                    prop_assert_eq!(tries_left, FREE_TRIES - compared_wrong);
                }
                Err(PinError::Locked { until }) => {
                    if locked.is_none() {
                        // This wrong try locked entry.
                        prop_assert!(!right);
                        compared_wrong += 1;
                        prop_assert_eq!(compared_wrong, FREE_TRIES);
                        compared_wrong = 0;
                        let lock = TimeDelta::milliseconds(until - now.timestamp_millis());
                        prop_assert!(lock >= last_lock && lock <= LONGEST_LOCK);
                        last_lock = lock;
                    } else {
                        prop_assert_eq!(Some(until), locked.map(|at| at.timestamp_millis()));
                    }
                }
                Err(other) => prop_assert!(false, "unexpected {other:?}"),
            }
        }
    }
}
