//! Synthetic shops for the scale benchmark: many customers with names in four scripts (so the
//! search benchmark exercises the phonetic keys of Devanagari, Bengali and Gujarati names),
//! unique valid phones and a stamp history, as the commits a real counter would have made.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{
    Actor, Change, Clock, Counter, Country, Customer, CustomerId, CustomerProfile, Event, EventId, EventKind, Phone, Program,
    ShopProfile,
};

const SYLLABLES_LATIN: &[&str] = &["ra", "mi", "sha", "an", "ku", "pri", "ya", "vi", "dev", "ar", "jun", "nee", "ta", "sa"];
const SYLLABLES_DEVANAGARI: &[&str] = &["रा", "मी", "शा", "अ", "कु", "प्रि", "या", "वि", "दे", "अर्", "जु", "नी", "ता", "सु"];
const SYLLABLES_BENGALI: &[&str] = &["র", "মি", "শা", "আ", "কু", "প্রি", "য়া", "বি", "দে", "অর", "জু", "নী", "তা", "সু"];
const SYLLABLES_GUJARATI: &[&str] = &["ર", "મી", "શા", "અ", "કુ", "પ્રિ", "યા", "વિ", "દે", "અર્", "જુ", "ની", "તા", "સુ"];

pub use crate::domain::demo::SeededRandom;

/// The synthetic name of customer `n`: two words of two or three syllables in one script.
pub fn synthetic_name(n: u64, random: &mut SeededRandom) -> String {
    let syllables = match n % 4 {
        0 => SYLLABLES_LATIN,
        1 => SYLLABLES_DEVANAGARI,
        2 => SYLLABLES_BENGALI,
        _ => SYLLABLES_GUJARATI,
    };
    let word = |random: &mut SeededRandom| {
        let count = 2 + random.next() % 2;
        let mut word = String::new();
        for _ in 0..count {
            word.push_str(syllables[(random.next() % syllables.len() as u64) as usize]);
        }
        word
    };
    let mut name = word(random);
    if n % 4 == 0 {
        // Latin names are capitalized as people type them.
        name = name[..1].to_uppercase() + &name[1..];
    }
    format!("{name} {}", word(random))
}

/// The synthetic phone of customer `n`: a valid Indian mobile, unique for every `n` below 10⁹
/// (7919 is prime, so multiplying by it permutes the residues modulo 10⁹).
pub fn synthetic_phone(n: u64) -> Phone {
    let local = format!("9{:09}", n.wrapping_mul(7919) % 1_000_000_000);
    Phone::parse(&local, Country::India).unwrap_or_else(|_| Phone::from_e164_unchecked(format!("+91{local}")))
}

/// The set-up of the benchmark shop.
pub fn shop_set_up(clock: &mut Clock, random: &mut SeededRandom, now: DateTime<Utc>) -> Change {
    let profile = ShopProfile { name: "Benchmark Kirana".into(), country: Country::India };
    Counter::plan_set_up(profile, Program::default(), clock, EventId::from_bytes(random.id()), now)
        .unwrap_or_else(|error| unreachable!("the benchmark shop is valid: {error}"))
}

/// The stamps of the benchmark's one heavy regular: twice a day for four years.
pub const HEAVY_CUSTOMER_STAMPS: u32 = 3_000;

/// The commits for customer `n` with `visits` stamped visits, ending before `now`. Only the
/// last commit carries the customer record: it is the record after all of them.
pub fn customer_commits(n: u64, visits: u32, clock: &mut Clock, random: &mut SeededRandom, now: DateTime<Utc>, rev: u64) -> Vec<Change> {
    let id = CustomerId::from_bytes(random.id());
    let profile = CustomerProfile { name: synthetic_name(n, random), phone: synthetic_phone(n), birthday: None, notes: String::new(), extras: Default::default() };
    let joined = now - Duration::days(200) + Duration::seconds((random.next() % 86_400) as i64);
    let mut customer = Customer::empty(id);
    let mut changes = Vec::with_capacity(visits as usize + 1);
    let mut push = |at: DateTime<Utc>, kind: EventKind, clock: &mut Clock, random: &mut SeededRandom, customer: &mut Customer| {
        let event = Event::new(EventId::from_bytes(random.id()), clock, at, Actor::Staff, kind);
        customer.apply(&event);
        changes.push(Change { event, customer: None, shop: None, base_rev: None, follow_up: None, linked: Vec::new() });
    };
    push(joined, EventKind::CustomerAdded { customer: id, profile, welcome_stamps: 0, card_size: None, referred_by: None }, clock, random, &mut customer);
    // Every 20 hours, or closer for a heavy regular, so that every visit is before `now`.
    let step_minutes = (20 * 60).min(190 * 24 * 60 / (i64::from(visits) + 1));
    for visit in 0..visits {
        let at = joined + Duration::minutes(step_minutes * i64::from(visit + 1) + (random.next() % 5) as i64);
        push(at, EventKind::StampsAdded { customer: id, stamps: 1, bill: None, card_size: Some(Program::default().stamps_per_reward), same_visit: false, cooldown_override: false }, clock, random, &mut customer);
    }
    customer.rev = rev;
    if let Some(last) = changes.last_mut() {
        last.customer = Some(customer);
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::DeviceId;
    use chrono::TimeZone;
    use std::collections::HashSet;

    #[test]
    fn synthetic_customers_have_unique_valid_phones_and_their_stamps() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap();
        let mut clock = Clock::new(DeviceId::from_bytes([3; 16]));
        let mut random = SeededRandom::new(5);
        let phones: HashSet<String> = (0..10_000).map(|n| synthetic_phone(n).as_str().to_owned()).collect();
        assert_eq!(phones.len(), 10_000);
        let commits = customer_commits(4, 9, &mut clock, &mut random, now, 77);
        assert_eq!(commits.len(), 10);
        let customer = commits.last().and_then(|c| c.customer.clone()).unwrap();
        assert_eq!((customer.balance(), customer.rev), (9, 77));
        assert!(commits[..9].iter().all(|c| c.customer.is_none()));
        assert!(commits.iter().all(|c| c.event.at < now));
        let heavy = customer_commits(5, HEAVY_CUSTOMER_STAMPS, &mut clock, &mut random, now, 78);
        assert!(heavy.iter().all(|c| c.event.at < now));
        let record = heavy.last().and_then(|c| c.customer.clone()).unwrap();
        assert_eq!(record.balance(), HEAVY_CUSTOMER_STAMPS);
        assert!(serde_json::to_string(&record).unwrap().len() < 2_048);
        assert!(synthetic_name(1, &mut random).chars().any(|c| ('\u{0900}'..='\u{097F}').contains(&c)));
        assert!(synthetic_name(3, &mut random).chars().any(|c| ('\u{0A80}'..='\u{0AFF}').contains(&c)));
    }
}
