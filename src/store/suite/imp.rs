//! The suite's fixtures: a tiny executor, a hand-made log, the demo shop as commits.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::domain::demo::demo_events;
use crate::domain::{
    Actor, ApplyOutcome, Clock, Country, Customer, CustomerId, CustomerProfile, DeviceId, Event, EventId, EventKind, Earning,
    Phone, Program, ShopProfile, ShopState,
};
use crate::store::{Commit, Durability, Store};


/// Runs a future that never has to wait, such as any [`MemoryStore`](super::super::memory::MemoryStore)
/// call. A real executor would be a dependency; this one polls with a waker that does nothing
/// and gives up loudly if the future ever waits, which would mean it needs a real one.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for _ in 0..1_000 {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
    panic!("block_on: the future kept waiting; it needs a real executor")
}

pub(super) fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).single().expect("a valid time")
}

pub(super) fn device() -> DeviceId {
    DeviceId::from_bytes([0xd0; 16])
}

pub(super) fn program() -> Program {
    Program { stamps_per_reward: 10, reward: "1 free chai".into(), earning: Earning::PerVisit { stamps: 1 }, welcome_stamps: 1 }
}

/// A small hand-made log: set-up, `customers` customers, a few stamps each.
pub(super) struct Script {
    clock: Clock,
    next_id: u8,
    at: DateTime<Utc>,
    customers: BTreeMap<CustomerId, Customer>,
    shop: Option<ShopState>,
    rev: u64,
    log: Vec<Event>,
}

impl Script {
    pub(super) fn new() -> Self {
        Script { clock: Clock::new(device()), next_id: 1, at: now() - Duration::days(10), customers: BTreeMap::new(), shop: None, rev: 0, log: Vec::new() }
    }

    pub(super) fn event(&mut self, kind: EventKind) -> Event {
        let mut id = [0u8; 16];
        id[0] = 0xee;
        id[15] = self.next_id;
        self.next_id += 1;
        self.at += Duration::minutes(7);
        Event::new(EventId::from_bytes(id), &mut self.clock, self.at, Actor::Staff, kind)
    }

    /// Folds `event` into the script's records and returns the commit a counter action
    /// would make for it.
    pub(super) fn commit(&mut self, event: Event) -> Commit {
        self.log.push(event.clone());
        commit_for(&mut self.customers, &mut self.shop, &mut self.rev, &self.log, event)
    }

    pub(super) fn set_up(&mut self) -> Commit {
        let kind = EventKind::ShopConfigured {
            profile: ShopProfile { name: "Test Tea".into(), country: Country::India },
            program: program(),
            demo: false,
        };
        let event = self.event(kind);
        self.commit(event)
    }

    pub(super) fn add_customer(&mut self, n: u8, name: &str) -> Commit {
        let profile = CustomerProfile {
            name: name.into(),
            phone: Phone::from_e164_unchecked(format!("+9198765432{n:02}")),
            birthday: None,
            notes: String::new(),
            extras: Default::default(),
        };
        let kind = EventKind::CustomerAdded { customer: customer_id(n), profile, welcome_stamps: 1, card_size: Some(10), referred_by: None };
        let event = self.event(kind);
        self.commit(event)
    }

    pub(super) fn stamp(&mut self, n: u8) -> Commit {
        let event = self.event(EventKind::StampsAdded { customer: customer_id(n), stamps: 1, bill: None, card_size: Some(10), same_visit: false, cooldown_override: false });
        self.commit(event)
    }
}

pub(super) fn customer_id(n: u8) -> CustomerId {
    CustomerId::from_bytes([n; 16])
}

/// Folds one event into the materialized records, giving every changed customer the next
/// `rev`, exactly as the app does before committing; an event the record cannot take in
/// incrementally refolds the customer from `log` (the events so far, this one included).
pub(super) fn commit_for(
    customers: &mut BTreeMap<CustomerId, Customer>,
    shop: &mut Option<ShopState>,
    rev: &mut u64,
    log: &[Event],
    event: Event,
) -> Commit {
    let customer = event.kind.customer().map(|id| {
        let customer = customers.entry(id).or_insert_with(|| Customer::empty(id));
        if customer.apply(&event) == ApplyOutcome::NeedsRebuild {
            *customer = Customer::fold(id, log);
        }
        *rev += 1;
        customer.rev = *rev;
        customer.clone()
    });
    let shop = if event.kind.is_shop_event() {
        match shop {
            Some(state) => {
                state.apply(&event);
            }
            None => *shop = ShopState::from_event(&event),
        }
        shop.clone()
    } else {
        None
    };
    Commit { event, customer, shop, base_rev: None, follow_up: None, linked: Vec::new() }
}

/// The demo shop's set-up and the whole history of its first `customers` customers, plus
/// undos of every seventh stamp and of the first redemption, folded into commits in order.
pub fn demo_commits(seed: u64, customers: usize) -> Vec<Commit> {
    let events = demo_events(seed, DeviceId::from_bytes([0xde; 16]), now());
    let kept: Vec<CustomerId> = events
        .iter()
        .filter_map(|event| match event.kind {
            EventKind::CustomerAdded { customer, .. } => Some(customer),
            _ => None,
        })
        .take(customers)
        .collect();
    let mut log: Vec<Event> =
        events.into_iter().filter(|event| event.kind.customer().is_none_or(|id| kept.contains(&id))).collect();

    // Undos, made by another device after the demo history, so the log has all three kinds.
    let mut clock = Clock::new(DeviceId::from_bytes([0xdf; 16]));
    if let Some(latest) = log.iter().map(|event| event.hlc).max() {
        assert_eq!(clock.observe(latest, now().timestamp_millis()), Ok(()));
    }
    let mut targets: Vec<(CustomerId, EventId)> = log
        .iter()
        .filter(|event| matches!(event.kind, EventKind::StampsAdded { .. }))
        .step_by(7)
        .filter_map(|event| Some((event.kind.customer()?, event.id)))
        .collect();
    if let Some(redeemed) = log.iter().find(|event| matches!(event.kind, EventKind::RewardRedeemed { .. })) {
        if let Some(customer) = redeemed.kind.customer() {
            targets.push((customer, redeemed.id));
        }
    }
    let clocks: BTreeMap<EventId, crate::domain::Hlc> = log.iter().map(|event| (event.id, event.hlc)).collect();
    for (n, (customer, target)) in targets.into_iter().enumerate() {
        let mut id = [0xaa; 16];
        id[..8].copy_from_slice(&(n as u64).to_le_bytes());
        id[8..].copy_from_slice(&seed.to_le_bytes());
        let kind = EventKind::EventVoided { customer, target, target_hlc: clocks.get(&target).copied() };
        log.push(Event::new(EventId::from_bytes(id), &mut clock, now(), Actor::Owner, kind));
    }

    let mut customers = BTreeMap::new();
    let mut shop = None;
    let mut rev = 0;
    let mut so_far = Vec::with_capacity(log.len());
    log.into_iter()
        .map(|event| {
            so_far.push(event.clone());
            commit_for(&mut customers, &mut shop, &mut rev, &so_far, event)
        })
        .collect()
}

/// The records the commits leave behind: the last version of each customer, and the shop.
pub fn materialized(commits: &[Commit]) -> (Option<ShopState>, BTreeMap<CustomerId, Customer>) {
    let mut shop = None;
    let mut customers = BTreeMap::new();
    for commit in commits {
        if let Some(customer) = &commit.customer {
            customers.insert(customer.id, customer.clone());
        }
        if let Some(state) = &commit.shop {
            shop = Some(state.clone());
        }
    }
    (shop, customers)
}

pub(super) fn sorted_events(mut events: Vec<Event>) -> Vec<Event> {
    events.sort_by_key(|event| event.id);
    events
}

pub(super) fn sorted_customers(mut customers: Vec<Customer>) -> Vec<Customer> {
    customers.sort_by_key(|customer| customer.id);
    customers
}

pub(super) fn without_rev(customers: impl IntoIterator<Item = Customer>) -> Vec<Customer> {
    let mut customers: Vec<Customer> = customers.into_iter().map(|customer| Customer { rev: 0, ..customer }).collect();
    customers.sort_by_key(|customer| customer.id);
    customers
}

pub(super) async fn commit_all<S: Store>(store: &S, commits: &[Commit], durability: Durability) {
    for commit in commits {
        assert_eq!(store.commit(commit, durability).await, Ok(true), "commit of {:?}", commit.event.id);
    }
}
