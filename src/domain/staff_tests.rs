use chrono::{TimeDelta, TimeZone};

use super::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 10, 0, 0).unwrap()
}

const OWNER: PinHash = PinHash([1; 32]);
const ASHA_PIN: PinHash = PinHash([2; 32]);
const WRONG: PinHash = PinHash([9; 32]);

fn book() -> (StaffBook, StaffId) {
    let mut book = StaffBook::new([7; 16]);
    book.set_owner_pin(OWNER);
    let asha = StaffId::from_bytes([3; 16]);
    book.add_staff(asha, " Asha ", ASHA_PIN).unwrap();
    (book, asha)
}

#[test]
fn each_person_signs_in_with_their_own_pin_only() {
    let (mut book, asha) = book();
    assert_eq!(book.name_of(asha), Some("Asha"));
    assert_eq!(book.verify(Actor::Owner, &OWNER, now()), Ok(()));
    assert_eq!(book.verify(Actor::StaffMember(asha), &ASHA_PIN, now()), Ok(()));
    assert_eq!(book.verify(Actor::StaffMember(asha), &OWNER, now()), Err(PinError::Wrong { tries_left: 4 }));
    assert_eq!(book.verify(Actor::Owner, &ASHA_PIN, now()), Err(PinError::Wrong { tries_left: 3 }));
    book.remove_staff(asha);
    assert_eq!(book.verify(Actor::StaffMember(asha), &ASHA_PIN, now()), Err(PinError::NoSuchPerson));
    assert_eq!(book.name_of(asha), Some("Asha"), "a removed member's name stays for the activity");
}

#[test]
fn five_wrong_tries_lock_entry_for_a_growing_delay_even_for_the_right_pin() {
    let (mut book, _) = book();
    for left in (1..FREE_TRIES).rev() {
        assert_eq!(book.verify(Actor::Owner, &WRONG, now()), Err(PinError::Wrong { tries_left: left }));
    }
    let first = now() + FIRST_LOCK;
    assert_eq!(book.verify(Actor::Owner, &WRONG, now()), Err(PinError::Locked { until: first.timestamp_millis() }));
    assert_eq!(book.verify(Actor::Owner, &OWNER, now() + TimeDelta::seconds(29)), Err(PinError::Locked { until: first.timestamp_millis() }));
    // The lock survives a reload: it is data, saved with the book.
    let mut reloaded: StaffBook = serde_json::from_str(&serde_json::to_string(&book).unwrap()).unwrap();
    assert_eq!(reloaded.verify(Actor::Owner, &OWNER, now() + TimeDelta::seconds(29)), Err(PinError::Locked { until: first.timestamp_millis() }));
    // After the lock, five more wrong tries lock for twice as long.
    let later = first + TimeDelta::seconds(1);
    for _ in 1..FREE_TRIES {
        assert!(matches!(reloaded.verify(Actor::Owner, &WRONG, later), Err(PinError::Wrong { .. })));
    }
    let second = later + FIRST_LOCK * 2;
    assert_eq!(reloaded.verify(Actor::Owner, &WRONG, later), Err(PinError::Locked { until: second.timestamp_millis() }));
    // The right PIN after the lock opens and forgets the wrong tries.
    assert_eq!(reloaded.verify(Actor::Owner, &OWNER, second), Ok(()));
    assert_eq!(reloaded.lock, PinLock::default());
}

#[test]
fn a_pin_hash_is_stored_as_hex_and_read_back() {
    let hash = PinHash(std::array::from_fn(|i| i as u8 * 7));
    let json = serde_json::to_string(&hash).unwrap();
    assert_eq!(json.len(), 64 + 2);
    assert_eq!(serde_json::from_str::<PinHash>(&json).unwrap(), hash);
    for bad in [r#""""#, &format!(r#""{}""#, "a".repeat(63)), &format!(r#""{}""#, "g".repeat(64)), &format!(r#""{}""#, "a".repeat(65))] {
        assert!(serde_json::from_str::<PinHash>(bad).is_err(), "{bad}");
    }
}

#[test]
fn locks_grow_to_an_hour_and_no_further() {
    assert_eq!(lock_length(1), FIRST_LOCK);
    assert_eq!(lock_length(2), FIRST_LOCK * 2);
    assert_eq!(lock_length(8), LONGEST_LOCK);
    assert_eq!(lock_length(u32::MAX), LONGEST_LOCK);
}

#[test]
fn pins_are_four_to_eight_digits_in_any_of_the_shops_scripts() {
    assert_eq!(read_pin(" 1234 "), Ok("1234".into()));
    assert_eq!(read_pin("१२३४"), Ok("1234".into()));
    assert_eq!(read_pin("১২৩৪৫"), Ok("12345".into()));
    assert_eq!(read_pin("૧૨૩૪"), Ok("1234".into()));
    for bad in ["", "123", "123456789", "12a4", "12 34"] {
        assert_eq!(read_pin(bad), Err(PinError::Malformed), "{bad:?}");
    }
}

#[test]
fn a_shop_without_pins_is_asked_once_and_a_book_of_before_decodes() {
    let mut book = StaffBook::new([0; 16]);
    assert!(book.should_ask_for_owner_pin());
    book.pin_prompt_dismissed = true;
    assert!(!book.should_ask_for_owner_pin());
    // Fields added later default: the cooldown to ten minutes.
    let old: StaffBook = serde_json::from_str(r#"{"salt":"000102030405060708090a0b0c0d0e0f"}"#).unwrap();
    assert_eq!(old.cooldown_minutes, DEFAULT_COOLDOWN_MINUTES);
    assert!(!old.has_owner_pin());
}
