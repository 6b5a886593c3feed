//! The demo shop: a tea stall with realistic customers in four scripts and months of visits,
//! so a new user can try every screen before setting up their own shop.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::customer::CustomerProfile;
use super::event::{Actor, Event, EventKind};
use super::hlc::Clock;
use super::ids::{CustomerId, DeviceId, EventId};
use super::phone::{Country, Phone};
use super::program::{Earning, Program};
use super::shop::ShopProfile;

const GIVEN_NAMES: &[&str] = &[
    "राम", "सीमा", "अनिल", "पूजा", "राजेश", "सुनीता", "विकास", "कविता", "अमित", "नेहा", "मोहन", "गीता",
    "রহিম", "ফাতেমা", "সুমন", "নাসরিন", "তানভীর", "রুমা", "আরিফ", "শাহানা",
    "ભાવેશ", "હેતલ", "જીગ્નેશ", "કિંજલ", "ઈરફાન", "ફાલ્ગુની",
    "Ravi", "Priya", "Arjun", "Ananya", "Rahul", "Sneha", "Vikram", "Meera", "Karan", "Divya", "Imran", "Farah",
];
const FAMILY_NAMES: &[&str] = &[
    "शर्मा", "वर्मा", "गुप्ता", "यादव", "सिंह", "पटेल",
    "হোসেন", "রহমান", "আহমেদ", "দাস",
    "પટેલ", "શાહ", "દેસાઈ", "મેમણ",
    "Sharma", "Iyer", "Reddy", "Nair", "Khan", "Das", "Mehta", "Joshi",
];
const NOTES: &[&str] = &[
    "कम चीनी", "अदरक वाली चाय", "Less sugar", "Extra strong, no sugar", "Prefers kulhad",
    "Brings own cup", "চিনি কম", "Lemon tea", "Pays by UPI", "Buys biscuits for office", "", "", "",
];

/// How many customers the demo shop has.
pub const DEMO_CUSTOMERS: usize = 60;

/// A small deterministic random source (xorshift64*), so the demo shop (and the benchmark's
/// synthetic shop) is the same for a seed. Not for anything secret.
pub struct SeededRandom(u64);

impl SeededRandom {
    /// A generator for `seed` (any value).
    pub fn new(seed: u64) -> Self {
        SeededRandom(seed | 1)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number below `bound`.
    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound.max(1)
    }

    /// Sixteen random bytes for an id.
    pub fn id(&mut self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&self.next().to_le_bytes());
        bytes[8..].copy_from_slice(&self.next().to_le_bytes());
        bytes
    }

    /// One of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// The demo shop's name and country.
pub fn demo_profile() -> ShopProfile {
    ShopProfile { name: "Sharma Tea Stall".into(), country: Country::India }
}

/// The demo shop's program.
pub fn demo_program() -> Program {
    Program { stamps_per_reward: 10, reward: "1 free chai".into(), earning: Earning::PerVisit { stamps: 1 }, welcome_stamps: 1 }
}

/// The demo shop's events: set-up, [`DEMO_CUSTOMERS`] customers with notes and phones, and
/// about six months of visits and redemptions ending before `now`. `seed` should be random so
/// that two devices trying the demo do not make the same ids.
pub fn demo_events(seed: u64, device: DeviceId, now: DateTime<Utc>) -> Vec<Event> {
    let mut random = SeededRandom::new(seed);
    let mut clock = Clock::new(device);
    let program = demo_program();
    let start = now - Duration::days(180);
    let mut events = Vec::new();
    let mut push = |random: &mut SeededRandom, clock: &mut Clock, at: DateTime<Utc>, kind: EventKind| {
        let event = Event::new(EventId::from_bytes(random.id()), clock, at, Actor::Staff, kind);
        events.push(event);
    };
    push(&mut random, &mut clock, start, EventKind::ShopConfigured { profile: demo_profile(), program: program.clone(), demo: true });

    // Customers join over the first months; each then visits at their own rhythm.
    let mut visits_by_customer = Vec::new();
    for n in 0..DEMO_CUSTOMERS {
        let customer = CustomerId::from_bytes(random.id());
        let given = random.pick(GIVEN_NAMES);
        let family = pick_family_in_script(&mut random, given);
        let mobile = format!("{}{:09}", 6 + random.below(4), random.below(1_000_000_000));
        let phone = Phone::parse(&mobile, Country::India).unwrap_or_else(|_| Phone::from_e164_unchecked(format!("+91{mobile}")));
        let birthday = (random.below(3) == 0)
            .then(|| NaiveDate::from_ymd_opt(1960 + random.below(45) as i32, 1 + random.below(12) as u32, 1 + random.below(28) as u32))
            .flatten();
        let profile = CustomerProfile { name: format!("{given} {family}"), phone, birthday, notes: random.pick(NOTES).to_owned(), extras: Default::default() };
        let joined = start + Duration::hours(1 + (n as i64) * 40 + random.below(30) as i64);
        push(&mut random, &mut clock, joined, EventKind::CustomerAdded { customer, profile, welcome_stamps: program.welcome_stamps, card_size: Some(program.stamps_per_reward), referred_by: None });
        // Regulars come every day or two; others weekly or monthly.
        let interval_hours = [20, 30, 50, 170, 700][random.below(5) as usize] as i64;
        visits_by_customer.push((customer, joined, interval_hours));
    }
    let mut timeline = Vec::new();
    for (customer, joined, interval) in visits_by_customer {
        let mut at = joined;
        while at < now - Duration::hours(2) {
            timeline.push((at, customer));
            at += Duration::hours(interval / 2 + random.below(interval as u64) as i64 + 1);
        }
    }
    super::sort::sort(&mut timeline);
    let mut balances = std::collections::HashMap::new();
    for (at, customer) in timeline {
        let balance: &mut u32 = balances.entry(customer).or_insert(program.welcome_stamps);
        if *balance >= program.stamps_per_reward && random.below(2) == 0 {
            *balance -= program.stamps_per_reward;
            let kind = EventKind::RewardRedeemed { customer, stamps_used: program.stamps_per_reward, reward: program.reward.clone() };
            push(&mut random, &mut clock, at, kind);
        }
        *balance += 1;
        push(&mut random, &mut clock, at + Duration::seconds(30), EventKind::StampsAdded { customer, stamps: 1, bill: None, card_size: Some(program.stamps_per_reward), same_visit: false, cooldown_override: false });
    }
    events
}

/// A family name in the same script as the given name, so names read naturally.
fn pick_family_in_script<'a>(random: &mut SeededRandom, given: &str) -> &'a str {
    let script = |text: &str| text.chars().next().map_or(0, |c| c as u32 >> 7);
    let same: Vec<&'a str> = FAMILY_NAMES.iter().copied().filter(|family| script(family) == script(given)).collect();
    random.pick(&same)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Customer, ShopState};
    use chrono::TimeZone;

    #[test]
    fn demo_has_customers_in_four_scripts_with_months_of_visits() {
        let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
        let events = demo_events(42, DeviceId::from_bytes([9; 16]), now);
        let shop = ShopState::fold(&events).expect("demo has a set-up");
        assert_eq!(shop.program.stamps_per_reward, 10);
        let customers: Vec<Customer> = events
            .iter()
            .filter_map(|event| match &event.kind {
                EventKind::CustomerAdded { customer, .. } => Some(Customer::fold(*customer, &events)),
                _ => None,
            })
            .collect();
        assert_eq!(customers.len(), DEMO_CUSTOMERS);
        let has_script = |low: char, high: char| customers.iter().any(|c| c.name().chars().any(|ch| (low..=high).contains(&ch)));
        assert!(has_script('\u{0900}', '\u{097F}'), "Devanagari");
        assert!(has_script('\u{0980}', '\u{09FF}'), "Bengali");
        assert!(has_script('\u{0A80}', '\u{0AFF}'), "Gujarati");
        assert!(has_script('A', 'z'), "Latin");
        assert!(customers.iter().all(|c| c.profile.as_ref().is_some_and(|p| p.phone.as_str().starts_with("+91"))));
        let total_visits: u32 = customers.iter().map(|c| c.summary(10).visits).sum();
        assert!(total_visits > 1_000, "{total_visits} visits");
        assert!(events.iter().any(|e| matches!(e.kind, EventKind::RewardRedeemed { .. })));
        assert!(events.iter().all(|e| e.at <= now));
    }
}
