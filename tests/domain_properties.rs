//! Property tests of the fold: the promises that no stamp is ever lost or counted twice, and
//! that a program change never takes a ready reward away or hands one out.
#![cfg(not(target_arch = "wasm32"))]

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::{
    ApplyOutcome, Change, Clock, Counter, Customer, CustomerForm, CustomerId, DeviceId, EventId, EventKind, Money, Program,
    SearchIndex, ShopProfile, ShopState,
};
use mohar::domain::{Country, Earning, Event};
use proptest::prelude::*;

#[path = "common/arrival.rs"]
mod arrival;
use arrival::shuffled;

/// One thing a clerk (or the owner) can do.
#[derive(Clone, Debug)]
enum Action {
    Stamp { bill: u64 },
    Redeem,
    /// Undo the n-th earlier action (modulo how many there are).
    Undo(usize),
    /// The owner changes the stamps for a reward.
    ChangeCardSize(u32),
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        6 => (0u64..2_000).prop_map(|bill| Action::Stamp { bill }),
        2 => Just(Action::Redeem),
        1 => any::<usize>().prop_map(Action::Undo),
        1 => (1u32..15).prop_map(Action::ChangeCardSize),
    ]
}

fn program() -> impl Strategy<Value = Program> {
    let per_visit = (1u32..4).prop_map(|stamps| Earning::PerVisit { stamps });
    let per_amount = (1u64..500, proptest::option::of(0u64..300), proptest::option::of(1u32..6)).prop_map(|(per, minimum, cap)| {
        Earning::PerAmount { amount_per_stamp: Money::from_major(per), minimum_bill: minimum.map(Money::from_major), cap_per_visit: cap }
    });
    (1u32..15, prop_oneof![per_visit, per_amount], 0u32..5).prop_map(|(stamps_per_reward, earning, welcome_stamps)| {
        fitted(Program { stamps_per_reward, reward: "1 free chai".into(), earning, welcome_stamps }, stamps_per_reward)
    })
}

/// `program` with a card of `size`, its other numbers brought within what that card allows
/// (welcome stamps below a full card, at most one card per visit), as an owner would.
fn fitted(program: Program, size: u32) -> Program {
    let earning = match program.earning {
        Earning::PerVisit { stamps } => Earning::PerVisit { stamps: stamps.min(size) },
        Earning::PerAmount { amount_per_stamp, minimum_bill, cap_per_visit } => {
            Earning::PerAmount { amount_per_stamp, minimum_bill, cap_per_visit: cap_per_visit.map(|cap| cap.min(size)) }
        }
    };
    Program { stamps_per_reward: size, welcome_stamps: program.welcome_stamps.min(size - 1), earning, ..program }
}

struct Ids(u128);

impl Ids {
    fn next(&mut self) -> [u8; 16] {
        self.0 += 1;
        self.0.to_le_bytes()
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
}

/// What a run of actions left: every event, the customer after each accepted action with the
/// card size in force then, and the customer's summary just before and just after each program
/// change.
struct Run {
    events: Vec<Event>,
    states: Vec<(Customer, u32)>,
    id: CustomerId,
    changes: Vec<(mohar::domain::CardSummary, mohar::domain::CardSummary)>,
}

/// Runs the actions through the counter's rules (refused actions are skipped, as at a real
/// counter).
fn run(program: &Program, actions: &[Action]) -> Run {
    let mut ids = Ids(0);
    let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
    let set_up = Counter::plan_set_up(
        ShopProfile { name: "Chai".into(), country: Country::India },
        program.clone(),
        &mut clock,
        EventId::from_bytes(ids.next()),
        start(),
    )
    .unwrap();
    let mut counter = Counter::new(set_up.shop.clone().unwrap(), clock, SearchIndex::default(), 0);
    let customer_id = CustomerId::from_bytes(ids.next());
    let form = CustomerForm { name: "Asha".into(), phone: "9876543210".into(), ..CustomerForm::default() };
    let added = counter.plan_new_customer(&form, customer_id, EventId::from_bytes(ids.next()), start()).unwrap();
    counter.committed(&added);
    let mut events = vec![set_up.event, added.event.clone()];
    let mut states = vec![(added.customer.clone().unwrap(), program.stamps_per_reward)];
    let mut changes = Vec::new();
    let mut undoable: Vec<EventId> = Vec::new();
    for (step, action) in actions.iter().enumerate() {
        let now = start() + Duration::minutes(step as i64 + 1);
        let current = states.last().unwrap().0.clone();
        let planned: Option<Change> = match action {
            Action::Stamp { bill } => {
                let bill = counter.program().needs_bill_amount().then(|| Money::from_major(*bill));
                counter.plan_stamp(&current, bill, EventId::from_bytes(ids.next()), now).ok()
            }
            Action::Redeem => counter.plan_redeem(&current, EventId::from_bytes(ids.next()), now).ok(),
            Action::Undo(n) if !undoable.is_empty() => {
                let target = undoable[n % undoable.len()];
                counter.plan_undo(&current, target, EventId::from_bytes(ids.next()), now).ok()
            }
            Action::Undo(_) => None,
            Action::ChangeCardSize(size) => {
                let before = current.summary(counter.program().stamps_per_reward);
                let program = fitted(counter.program().clone(), *size);
                let change = counter.plan_program_change(program, EventId::from_bytes(ids.next()), now).unwrap();
                counter.committed(&change);
                changes.push((before, current.summary(*size)));
                events.push(change.event);
                None
            }
        };
        if let Some(change) = planned {
            counter.committed(&change);
            if matches!(change.event.kind, EventKind::StampsAdded { .. } | EventKind::RewardRedeemed { .. }) {
                undoable.push(change.event.id);
            }
            events.push(change.event);
            states.push((change.customer.unwrap(), counter.program().stamps_per_reward));
        }
    }
    Run { events, states, id: customer_id, changes }
}

fn actions(max: usize) -> impl Strategy<Value = Vec<Action>> {
    prop::collection::vec(action(), 0..max)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// A program change never takes a ready reward away or hands one out, and the card in
    /// progress keeps its stamps and its size.
    #[test]
    fn program_changes_keep_rewards_ready(program in program(), actions in actions(80)) {
        let run = run(&program, &actions);
        for (before, after) in &run.changes {
            prop_assert_eq!(after.rewards_ready, before.rewards_ready);
            if before.stamps_on_card > 0 {
                prop_assert_eq!((after.stamps_on_card, after.card_size), (before.stamps_on_card, before.card_size));
            }
        }
    }

    /// The same set of events gives the same customer and shop in any arrival order, and the
    /// record the counter kept step by step is exactly that fold.
    #[test]
    fn fold_is_order_independent(program in program(), actions in actions(80), seed in any::<u64>()) {
        let run = run(&program, &actions);
        let in_order = Customer::fold(run.id, &run.events);
        let mut expected = run.states.last().unwrap().0.clone();
        expected.rev = 0;
        prop_assert_eq!(&in_order, &expected);
        let shuffled = shuffled(&run.events, seed);
        prop_assert_eq!(Customer::fold(run.id, &shuffled), in_order.clone());
        prop_assert_eq!(ShopState::fold(&shuffled), ShopState::fold(&run.events));
        // Folding in one at a time in any order, rebuilding when the record says so, ends the same.
        let mut incremental = Customer::empty(run.id);
        for (seen, event) in shuffled.iter().enumerate() {
            let before = incremental.clone();
            if incremental.apply(event) == ApplyOutcome::NeedsRebuild {
                prop_assert_eq!(&incremental, &before, "a refused event must leave the record as it was");
                incremental = Customer::fold(run.id, &shuffled[..=seen]);
            }
        }
        prop_assert_eq!(incremental, in_order);
    }

    /// Applying events again (a retried sync, a re-import) changes nothing: folding repeats is
    /// the same, and the record refuses every repeat of an event it still holds.
    #[test]
    fn fold_is_idempotent(program in program(), actions in actions(80)) {
        let run = run(&program, &actions);
        let once = Customer::fold(run.id, &run.events);
        let twice = Customer::fold(run.id, run.events.iter().chain(run.events.iter()));
        prop_assert_eq!(&twice, &once);
        for event in &run.events {
            let held = once.recent.iter().any(|recent| recent.id == event.id || recent.voided_by == Some(event.id))
                || once.profile_hlc == Some(event.hlc)
                || event.kind.customer() != Some(run.id);
            let mut again = once.clone();
            let outcome = again.apply(event);
            if held {
                prop_assert_eq!(outcome, ApplyOutcome::Unchanged, "re-applying {:?}", &event.kind);
            }
            if outcome != ApplyOutcome::Applied {
                prop_assert_eq!(&again, &once);
            }
        }
        prop_assert_eq!(once.card_sequence() as usize, run.events.iter().filter(|event| event.kind.customer() == Some(run.id)).count());
    }

    /// Undoing a stamp or a redemption right after it restores exactly what the clerk saw, and
    /// undoing any recent one, when allowed, equals never having done it.
    #[test]
    fn undo_restores_the_previous_card(program in program(), actions in actions(60)) {
        let run = run(&program, &actions);
        let events = &run.events;
        let states = &run.states;
        // states[k] is the customer after the k-th accepted customer event (events minus the
        // set-up and program changes).
        let customer_events: Vec<&Event> = events.iter().filter(|event| event.kind.customer().is_some()).collect();
        for (index, event) in customer_events.iter().enumerate().skip(2) {
            if let EventKind::EventVoided { target, .. } = event.kind {
                if customer_events[index - 1].id == target {
                    let per = states[index].1;
                    prop_assert_eq!(states[index].0.summary(per), states[index - 2].0.summary(per));
                }
            }
        }
        let (last, per) = states.last().unwrap();
        for recent in &last.recent {
            if let Ok(kind) = last.void(recent.id, *per) {
                let void = Event {
                    id: EventId::from_bytes([0xee; 16]),
                    device: DeviceId::from_bytes([1; 16]),
                    hlc: mohar::domain::Hlc { millis: i64::MAX, counter: 0, device: DeviceId::from_bytes([1; 16]) },
                    at: start(),
                    actor: mohar::domain::Actor::Staff,
                    kind,
                };
                let mut undone = last.clone();
                prop_assert_eq!(undone.apply(&void), ApplyOutcome::Applied);
                let never_done = Customer::fold(run.id, events.iter().filter(|event| event.id != recent.id));
                let (a, b) = (undone.summary(*per), never_done.summary(*per));
                prop_assert_eq!((a.stamps_on_card, a.card_size, a.rewards_ready, a.visits, a.rewards_redeemed), (b.stamps_on_card, b.card_size, b.rewards_ready, b.visits, b.rewards_redeemed));
            }
        }
    }

    /// A removal (one, or two from different devices) commutes with every other event: in any
    /// arrival order, folded at once or one at a time, the customer ends removed, with the same
    /// card as without the removal, and out of the search index.
    #[test]
    fn removal_commutes_with_other_events(program in program(), actions in actions(60), seed in any::<u64>(), at in 0usize..80, twice in any::<bool>()) {
        let run = run(&program, &actions);
        let removal = |byte: u8, millis: i64| Event {
            id: EventId::from_bytes([byte; 16]),
            device: DeviceId::from_bytes([byte; 16]),
            hlc: mohar::domain::Hlc { millis, counter: 0, device: DeviceId::from_bytes([byte; 16]) },
            at: start(),
            actor: mohar::domain::Actor::Staff,
            kind: EventKind::CustomerRemoved { customer: run.id },
        };
        let mut events = run.events.clone();
        let position = at % (events.len() + 1);
        let millis = events.get(position).map_or(i64::MAX / 2, |event| event.hlc.millis);
        events.insert(position, removal(0xd1, millis));
        if twice {
            events.push(removal(0xd0, millis + 1));
        }
        let without = Customer::fold(run.id, &run.events);
        let removed = Customer::fold(run.id, &events);
        prop_assert!(removed.is_removed());
        prop_assert_eq!(removed.removed_by, Some(EventId::from_bytes([if twice { 0xd0 } else { 0xd1 }; 16])));
        prop_assert_eq!(removed.summary(program.stamps_per_reward), without.summary(program.stamps_per_reward));
        let shuffled = shuffled(&events, seed);
        prop_assert_eq!(&Customer::fold(run.id, &shuffled), &removed);
        let mut incremental = Customer::empty(run.id);
        for (seen, event) in shuffled.iter().enumerate() {
            if incremental.apply(event) == ApplyOutcome::NeedsRebuild {
                incremental = Customer::fold(run.id, &shuffled[..=seen]);
            }
        }
        prop_assert_eq!(&incremental, &removed);
        let stored: Customer = serde_json::from_str(&serde_json::to_string(&removed).unwrap()).unwrap();
        prop_assert_eq!(&stored, &removed);
        let mut index = SearchIndex::default();
        index.apply_customer(&without);
        index.apply_customer(&removed);
        prop_assert!(index.is_empty());
    }

    /// Whatever the clerk does, rewards are never negative: no more redemptions than full cards.
    #[test]
    fn redemptions_never_exceed_full_cards(program in program(), actions in actions(80)) {
        let run = run(&program, &actions);
        for (state, per) in &run.states {
            let cards = state.cards();
            prop_assert!(cards.resolve(*per).completed >= cards.redeemed);
            let summary = state.summary(*per);
            prop_assert!(summary.stamps_on_card < summary.card_size);
            prop_assert!(state.recent.len() <= mohar::domain::RECENT_LEN);
        }
    }
}

/// The example from the issue: 23 stamps at 10 per reward is 2 rewards ready and 3 on the card.
/// (A per-visit program may not give more than a card a visit; a bill with no cap can.)
#[test]
fn full_cards_accumulate() {
    let earning = Earning::PerAmount { amount_per_stamp: Money::from_major(1), minimum_bill: None, cap_per_visit: None };
    let program = Program { earning, ..Program::default() };
    let run = run(&program, &[Action::Stamp { bill: 23 }]);
    let summary = run.states.last().unwrap().0.summary(10);
    assert_eq!((summary.rewards_ready, summary.stamps_on_card, summary.balance), (2, 3, 23));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Stored data is input: damaged records, events and index snapshots decode to a value or an
    /// error, never a panic, and whatever decodes can be summarized and folded into.
    #[test]
    fn damaged_stored_data_never_panics(actions in actions(50), edits in prop::collection::vec((any::<prop::sample::Index>(), any::<char>()), 1..6), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let run = run(&Program::default(), &actions);
        let (customer, per) = run.states.last().unwrap();
        let mut record: Vec<char> = serde_json::to_string(customer).unwrap().chars().collect();
        let mut event: Vec<char> = serde_json::to_string(run.events.last().unwrap()).unwrap().chars().collect();
        for (at, replacement) in &edits {
            let index = at.index(record.len());
            record[index] = *replacement;
            let index = at.index(event.len());
            event[index] = *replacement;
        }
        let record: String = record.into_iter().collect();
        if let Ok(mut read) = serde_json::from_str::<Customer>(&record) {
            let _ = read.summary(*per);
            for event in &run.events {
                let _ = read.apply(event);
            }
            let _ = read.void(run.events.last().unwrap().id, *per);
        }
        let _ = serde_json::from_str::<Event>(&event.into_iter().collect::<String>());
        let mut index = SearchIndex::default();
        if let Some(entry) = mohar::domain::IndexEntry::from_customer(customer) {
            index.upsert(entry);
        }
        let mut snapshot = index.encode();
        for (at, replacement) in &edits {
            let index = at.index(snapshot.len());
            snapshot[index] = *replacement as u8;
        }
        if let Ok(read) = SearchIndex::decode(&snapshot) {
            let _ = read.search("98", 10);
            let _ = read.search("", 10);
        }
        let _ = SearchIndex::decode(&bytes);
        let mut with_header = mohar::domain::search::SNAPSHOT_HEADER.to_vec();
        with_header.extend(&bytes);
        if let Ok(read) = SearchIndex::decode(&with_header) {
            let _ = read.search("a", 10);
        }
    }
}
