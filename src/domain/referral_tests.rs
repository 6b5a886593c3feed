use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::customer::Customer;
use crate::domain::event::{Actor, Event, EventKind};
use crate::domain::hlc::Hlc;
use crate::domain::ids::DeviceId;

fn customer_id(first: [u8; 5], rest: u8) -> CustomerId {
    let mut bytes = [rest; 16];
    bytes[..5].copy_from_slice(&first);
    CustomerId::from_bytes(bytes)
}

#[test]
fn a_code_is_seven_readable_characters_and_reads_back_forgivingly() {
    let id = customer_id([0x12, 0x34, 0x56, 0x78, 0x9a], 0xff);
    let code = code(id);
    assert_eq!(code.len(), CODE_LEN + 1);
    assert_eq!(code.chars().nth(4), Some('-'));
    assert!(code.chars().all(|c| c == '-' || (c.is_ascii_alphanumeric() && !"ILOU".contains(c))), "{code}");
    let bits = code_bits(id);
    assert_eq!(parse_code(&code), Some(bits));
    assert_eq!(parse_code(&code.to_lowercase().replace('-', " ")), Some(bits));
    // Typed look-alikes: O for 0, I and L for 1.
    assert_eq!(parse_code("O1IL-0AB"), parse_code("0111-0AB"));
    for wrong in ["", "ABCDEF", "ABCDEFGH", "ABCD-EFU", "ABCD-ÉFG", "9876543210"] {
        assert_eq!(parse_code(wrong), None, "{wrong}");
    }
}

#[test]
fn every_code_differs_when_the_first_35_bits_differ() {
    // The 35th bit is the third of the fifth byte.
    let a = customer_id([0, 0, 0, 0, 0b0010_0000], 0);
    let b = customer_id([0, 0, 0, 0, 0b0000_0000], 0);
    // Only bits beyond the 35th differ: the same code.
    let c = customer_id([0, 0, 0, 0, 0b0001_1111], 9);
    assert_ne!(code(a), code(b));
    assert_eq!(code(b), code(c));
}

fn index_with(ids: &[(CustomerId, &str)]) -> SearchIndex {
    SearchIndex::from_entries(ids.iter().map(|(id, phone)| IndexEntry {
        id: *id,
        name: "Asha".into(),
        phone: (*phone).into(),
        card: Default::default(),
        touched_millis: 0,
    }))
}

#[test]
fn a_referrer_is_found_by_code_or_phone_and_a_shared_code_is_refused() {
    let asha = customer_id([1, 2, 3, 4, 5], 1);
    let ravi = customer_id([9, 9, 9, 9, 9], 2);
    let index = index_with(&[(asha, "+919876543210"), (ravi, "+919876543211")]);
    assert_eq!(find_referrer(&index, &code(asha), Country::India).map(|e| e.id), Ok(asha));
    assert_eq!(find_referrer(&index, "98765 43211", Country::India).map(|e| e.id), Ok(ravi));
    assert_eq!(find_referrer(&index, "ZZZZ-ZZZ", Country::India).map(|e| e.id), Err(ReferralError::NotFound));
    assert_eq!(find_referrer(&index, "98765 00000", Country::India).map(|e| e.id), Err(ReferralError::NotFound));
    assert!(!code_is_free(&index, customer_id([1, 2, 3, 4, 5], 7)));
    assert!(code_is_free(&index, customer_id([1, 2, 3, 5, 5], 7)));
    // Two customers from before referrals with the same code: neither is picked.
    let twin = customer_id([1, 2, 3, 4, 5], 3);
    let index = index_with(&[(asha, "+919876543210"), (twin, "+919876543212")]);
    assert_eq!(find_referrer(&index, &code(asha), Country::India).map(|e| e.id), Err(ReferralError::Ambiguous));
}

fn bonus(id: u8, millis: i64, customer: CustomerId, friend: CustomerId) -> Event {
    let device = DeviceId::from_bytes([7; 16]);
    Event {
        id: EventId::from_bytes([id; 16]),
        device,
        hlc: Hlc { millis, counter: 0, device },
        at: Utc.timestamp_millis_opt(millis).unwrap(),
        actor: Actor::Owner,
        kind: EventKind::ReferralRewarded { customer, friend, stamps: 2, card_size: Some(10) },
    }
}

#[test]
fn two_bonuses_for_the_same_friend_count_once_in_either_order() {
    let asha = customer_id([1, 2, 3, 4, 5], 1);
    let ravi = customer_id([9, 9, 9, 9, 9], 2);
    // Two devices each gave Ravi's first stamp offline: the later clock has the smaller id.
    let first = bonus(9, 1_000, asha, ravi);
    let second = bonus(4, 2_000, asha, ravi);
    let mut a = Customer::empty(asha);
    assert_eq!(a.apply(&first), ApplyOutcome::Applied);
    assert_eq!(a.apply(&second), ApplyOutcome::Applied);
    let mut b = Customer::empty(asha);
    assert_eq!(b.apply(&second), ApplyOutcome::Applied);
    assert_eq!(b.apply(&first), ApplyOutcome::Applied);
    assert_eq!(b.apply(&first), ApplyOutcome::Unchanged);
    let folded = Customer::fold(asha, [&first, &second]);
    for record in [&a, &b, &folded] {
        assert_eq!(record.stamps_earned(), 2);
        assert_eq!(record.friends_brought(), 1);
        assert_eq!(record.referrals.get(&ravi), Some(&EventId::from_bytes([4; 16])));
    }
    assert_eq!(a, b);
    assert_eq!(a, folded);
}
