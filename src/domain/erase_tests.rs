use chrono::{TimeZone, Utc};

use super::*;
use crate::domain::demo::demo_events;
use crate::domain::DeviceId;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
}

#[test]
fn the_details_leave_every_entry_and_the_record_and_the_counts_stay() {
    let log = demo_events(5, DeviceId::from_bytes([2; 16]), now());
    let (customer, before) = log
        .iter()
        .filter_map(|event| event.kind.customer())
        .map(|id| (id, Customer::fold(id, log.iter())))
        .find(|(_, customer)| customer.summary(10).visits > 3)
        .expect("a regular in the demo");
    let details = before.profile.clone().unwrap();
    let mut clock = Clock::new(DeviceId::from_bytes([3; 16]));
    let erasure = plan_erasure(customer, &log, Country::India, &mut clock, EventId::from_bytes([9; 16]), now(), 77);

    assert!(!erasure.redacted.is_empty());
    let written = serde_json::to_string(&(&erasure.redacted, &erasure.record)).unwrap();
    assert!(!written.contains(&details.name), "the name is gone");
    assert!(!written.contains(details.phone.as_str()), "the phone is gone");
    assert_eq!(erasure.record.profile, Some(erased_profile(Country::India)));
    assert!(erasure.record.is_removed());
    assert_eq!(erasure.record.rev, 77);
    let (old, new) = (before.summary(10), erasure.record.summary(10));
    assert_eq!((old.visits, old.balance, old.rewards_redeemed), (new.visits, new.balance, new.rewards_redeemed));

    // Erasing again changes nothing more and adds no second removal.
    let mut again_log = log.clone();
    for event in erasure.redacted.iter().chain(&erasure.removal) {
        again_log.retain(|kept| kept.id != event.id);
        again_log.push(event.clone());
    }
    let again = plan_erasure(customer, &again_log, Country::India, &mut clock, EventId::from_bytes([8; 16]), now(), 78);
    assert!(again.redacted.is_empty());
    assert_eq!(again.removal, None);
    assert_eq!(again.record.profile, erasure.record.profile);
}

#[test]
fn the_placeholder_is_a_valid_number_in_both_countries() {
    for country in Country::ALL {
        let profile = erased_profile(country);
        assert_eq!(profile.phone.country(), Some(country));
        assert!(is_erased(&profile));
    }
}
