//! Property test of convergence: three tablets act offline in any interleaving (new customers,
//! stamps, redemptions, undos, program changes) and sync with one server in any order; after
//! each has synced twice more, all three hold the same events, the same shop and, for every
//! customer, a stored record equal to the fold of that customer's events.
#![cfg(not(target_arch = "wasm32"))]

mod sync_support;

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Duration, TimeZone, Utc};
use mohar::domain::sync::{plan_received, ReceivedPlan, ReplicationLog};
use mohar::domain::{
    Change, Clock, Counter, Country, Customer, CustomerForm, CustomerId, DeviceId, Event, EventId, Program, SearchIndex,
    ShopProfile,
};
use proptest::prelude::*;
use sync_support::{run_sync, FakeCouch, Local};

#[derive(Clone, Debug)]
enum Op {
    NewCustomer { tablet: usize },
    Stamp { tablet: usize, pick: usize },
    Redeem { tablet: usize, pick: usize },
    Undo { tablet: usize, pick: usize },
    CardSize { tablet: usize, size: u32 },
    Sync { tablet: usize },
    Wait { seconds: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        2 => (0..3usize).prop_map(|tablet| Op::NewCustomer { tablet }),
        6 => (0..3usize, any::<usize>()).prop_map(|(tablet, pick)| Op::Stamp { tablet, pick }),
        2 => (0..3usize, any::<usize>()).prop_map(|(tablet, pick)| Op::Redeem { tablet, pick }),
        1 => (0..3usize, any::<usize>()).prop_map(|(tablet, pick)| Op::Undo { tablet, pick }),
        1 => (0..3usize, 2u32..6).prop_map(|(tablet, size)| Op::CardSize { tablet, size }),
        3 => (0..3usize).prop_map(|tablet| Op::Sync { tablet }),
        2 => (1i64..900).prop_map(|seconds| Op::Wait { seconds }),
    ]
}

/// A tablet: the pure counter, its event log and stored records, and its `_local` logs.
struct Tablet {
    counter: Counter,
    events: BTreeMap<EventId, Event>,
    records: BTreeMap<CustomerId, Customer>,
    logs: HashMap<String, ReplicationLog>,
    device: DeviceId,
    /// The tablet's own events, newest last, for Undo.
    own: Vec<(CustomerId, EventId)>,
    skew: i64,
}

impl Tablet {
    fn commit(&mut self, change: Change) {
        if let Some(customer) = &change.customer {
            let stored = self.records.get(&customer.id).map(|record| record.rev);
            assert_eq!(stored, change.base_rev, "a commit is planned from the stored record");
            self.records.insert(customer.id, customer.clone());
        }
        self.events.insert(change.event.id, change.event.clone());
        self.counter.committed(&change);
    }

    fn pick(&self, pick: usize) -> Option<Customer> {
        let live: Vec<&Customer> = self.records.values().filter(|customer| !customer.is_removed()).collect();
        (!live.is_empty()).then(|| live[pick % live.len()].clone())
    }
}

impl Local for Tablet {
    fn device(&self) -> DeviceId {
        self.device
    }
    fn events(&self) -> &BTreeMap<EventId, Event> {
        &self.events
    }
    fn logs(&mut self) -> &mut HashMap<String, ReplicationLog> {
        &mut self.logs
    }
    fn store(&mut self, events: Vec<Event>, now: DateTime<Utc>) {
        let records: BTreeMap<CustomerId, Customer> = self.records.clone();
        let mut logs = BTreeMap::new();
        loop {
            match plan_received(&mut self.counter, &events, &records, &logs, now).0 {
                ReceivedPlan::NeedsLogs(ids) => {
                    for id in ids {
                        let log: Vec<Event> = self.events.values().filter(|event| event.kind.customer() == Some(id)).cloned().collect();
                        logs.insert(id, log);
                    }
                }
                ReceivedPlan::Commits(changes) => {
                    // One transaction: every record is checked against what was stored before it.
                    for change in &changes {
                        let stored = change.customer.as_ref().and_then(|customer| records.get(&customer.id)).map(|record| record.rev);
                        assert_eq!(stored, change.base_rev, "received events are planned from the stored record");
                        assert!(!self.events.contains_key(&change.event.id), "an event is received once");
                    }
                    for change in changes {
                        if let Some(customer) = &change.customer {
                            self.records.insert(customer.id, customer.clone());
                        }
                        self.events.insert(change.event.id, change.event.clone());
                        self.counter.committed(&change);
                    }
                    return;
                }
            }
        }
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap()
}

/// Three tablets of one shop, set up on the first and paired (each holds the set-up event).
fn tablets(skews: [i64; 3]) -> Vec<Tablet> {
    let mut clock = Clock::new(DeviceId::from_bytes([1; 16]));
    let profile = ShopProfile { name: "Chai Point".into(), country: Country::India };
    let set_up = Counter::plan_set_up(profile, Program::default(), &mut clock, EventId::from_bytes([0xee; 16]), start()).unwrap();
    (0..3u8)
        .map(|n| {
            let device = DeviceId::from_bytes([n + 1; 16]);
            let mut clock = Clock::new(device);
            clock.observe(set_up.event.hlc, start().timestamp_millis()).unwrap();
            let counter = Counter::new(set_up.shop.clone().unwrap(), clock, SearchIndex::default(), 0);
            let events = BTreeMap::from([(set_up.event.id, set_up.event.clone())]);
            Tablet { counter, events, records: BTreeMap::new(), logs: HashMap::new(), device, own: Vec::new(), skew: skews[n as usize] }
        })
        .collect()
}

fn run(ops: &[Op], skews: [i64; 3], sync_order: &[usize]) -> Vec<Tablet> {
    let mut server = FakeCouch::default();
    let mut tablets = tablets(skews);
    let mut now = start() + Duration::minutes(1);
    let mut next_id = 0u128;
    let mut fresh = || {
        next_id += 1;
        next_id.to_le_bytes()
    };
    let mut session = 0;
    for op in ops {
        now += Duration::seconds(1);
        let tablet_now = |tablet: &Tablet| now + Duration::seconds(tablet.skew);
        let planned = match op {
            Op::NewCustomer { tablet } => {
                let t = &mut tablets[*tablet];
                let n = u128::from_le_bytes(fresh());
                let form = CustomerForm { name: format!("Customer {n}"), phone: format!("98765{:05}", n % 100_000), ..CustomerForm::default() };
                let at = tablet_now(t);
                Some((*tablet, t.counter.plan_new_customer(&form, CustomerId::from_bytes(fresh()), EventId::from_bytes(fresh()), at)))
            }
            Op::Stamp { tablet, pick } | Op::Redeem { tablet, pick } | Op::Undo { tablet, pick } => {
                let t = &mut tablets[*tablet];
                let at = tablet_now(t);
                t.pick(*pick).map(|current| {
                    let id = EventId::from_bytes(fresh());
                    let change = match op {
                        Op::Stamp { .. } => t.counter.plan_stamp(&current, None, id, at),
                        Op::Redeem { .. } => t.counter.plan_redeem(&current, id, at),
                        _ => match t.own.iter().rev().find(|(customer, _)| *customer == current.id) {
                            Some((_, target)) => t.counter.plan_undo(&current, *target, id, at),
                            None => t.counter.plan_stamp(&current, None, id, at),
                        },
                    };
                    (*tablet, change)
                })
            }
            Op::CardSize { tablet, size } => {
                let t = &mut tablets[*tablet];
                let program = Program { stamps_per_reward: *size, ..Program::default() };
                let at = tablet_now(t);
                Some((*tablet, t.counter.plan_program_change(program, EventId::from_bytes(fresh()), at)))
            }
            Op::Sync { tablet } => {
                session += 1;
                let t = &mut tablets[*tablet];
                let at = tablet_now(t);
                run_sync(t, &mut server, at, &format!("s{session}"), 4).expect("the fake server never fails here");
                None
            }
            Op::Wait { seconds } => {
                now += Duration::seconds(*seconds);
                None
            }
        };
        if let Some((tablet, Ok(change))) = planned {
            let t = &mut tablets[tablet];
            if let Some(customer) = change.event.kind.customer() {
                t.own.push((customer, change.event.id));
            }
            t.commit(change);
        }
    }
    // Back online: every tablet syncs twice, in the order given.
    for round in 0..2 {
        for &tablet in sync_order {
            now += Duration::seconds(5);
            let t = &mut tablets[tablet];
            let at = now + Duration::seconds(t.skew);
            run_sync(t, &mut server, at, &format!("final{round}-{tablet}"), 4).unwrap();
        }
    }
    tablets
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn three_tablets_converge_whatever_they_did_offline_and_whatever_order_they_sync_in(
        ops in proptest::collection::vec(op(), 1..60),
        skews in proptest::array::uniform3(-300i64..300),
        order in Just(vec![0usize, 1, 2]).prop_shuffle(),
    ) {
        let tablets = run(&ops, skews, &order);
        let first = &tablets[0];
        for tablet in &tablets {
            prop_assert_eq!(&tablet.events, &first.events);
            prop_assert_eq!(tablet.counter.shop(), first.counter.shop());
            let mut customers: Vec<CustomerId> = tablet.events.values().filter_map(|event| event.kind.customer()).collect();
            customers.dedup();
            for id in customers {
                let mut stored = tablet.records.get(&id).cloned().expect("every customer has a record");
                stored.rev = 0;
                let fold = Customer::fold(id, tablet.events.values());
                prop_assert_eq!(&stored, &fold);
                prop_assert_eq!(fold.summary(first.counter.program().stamps_per_reward), first.records[&id].summary(first.counter.program().stamps_per_reward));
            }
        }
    }
}
