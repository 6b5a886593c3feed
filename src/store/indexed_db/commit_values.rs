//! The keys and values of one commit (a counter action, the checked write, the benchmark's
//! sample), made in the browser by one `JSON.parse` (issue 15, "The counter on a slow tablet").
//!
//! Why: a commit's plain values — the event's key and `{ j, h, c }`, the customer's key and
//! `{ j, r }`, the ledger entry's key and value, the delta's key — were made one by one, each
//! text copied across the wasm boundary and decoded on its own (`TextDecoder.decode`, with a
//! fixed cost per call) and each property set by one more call into JS: about twenty calls per
//! commit. A CPU profile at 4× throttling put encoding at a tenth of a commit's time on the page
//! (README, "The commit at 4×"). Here serde_json writes them all as one JSON array inside wasm,
//! and the browser decodes that one text and builds every value in one native `JSON.parse`.
//! The values are the same as before (same properties, same order, numbers exact below 2^53),
//! so what is stored, and every reader of it, is unchanged.

use js_sys::{Array, JSON};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::encode::{hlc_key, to_json};
use super::versions::Version;
use super::JsFailure;
use crate::store::{Commit, StoreError};

/// An event as stored: its JSON, its clock as sortable text, its customer (absent for shop
/// events).
#[derive(Serialize)]
struct StoredEvent<'a> {
    j: &'a str,
    h: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    c: Option<&'a str>,
}

/// A customer record as stored: its JSON and its `rev`.
#[derive(Serialize)]
struct StoredRecord<'a> {
    j: &'a str,
    r: u64,
}

/// `[event key, event, customer key, record, ledger key, ledger value, delta key]`, the four
/// customer entries `null` for a commit without a record.
type Wire<'a> = (
    &'a str,
    StoredEvent<'a>,
    Option<&'a str>,
    Option<StoredRecord<'a>>,
    Option<(&'a str, i64)>,
    Option<(i64, u64)>,
    [&'a str; 1],
);

/// The plain values of a commit, as JS values.
pub(super) struct CommitValues {
    pub key: JsValue,
    pub event: JsValue,
    /// The customer's key and record.
    pub customer: Option<(JsValue, JsValue)>,
    /// The entry of the replaced version in the ledger (`versions`).
    pub version: Option<Version>,
    /// The key of the commit's delta in `dash` (`[event key]`).
    pub delta_key: JsValue,
}

impl CommitValues {
    pub(super) fn of(commit: &Commit) -> Result<CommitValues, StoreError> {
        let key = commit.event.id.0.to_hex();
        let event_json = to_json(&commit.event)?;
        let hlc = hlc_key(&commit.event.hlc);
        let event_customer = commit.event.kind.customer().map(|id| id.0.to_hex());
        let record = commit
            .customer
            .as_ref()
            .map(|customer| {
                Ok::<_, StoreError>((customer.id.0.to_hex(), to_json(customer)?, customer.rev))
            })
            .transpose()?;
        // The base of a change planned from no record is -1, as `Version::new` writes it; a
        // rev is milliseconds times 1 000, exact as a JS number.
        let base = commit.base_rev.map_or(-1, |base| base as i64);
        let wire: Wire<'_> = (
            &key,
            StoredEvent {
                j: &event_json,
                h: &hlc,
                c: event_customer.as_deref(),
            },
            record.as_ref().map(|(id, _, _)| id.as_str()),
            record
                .as_ref()
                .map(|(_, json, rev)| StoredRecord { j: json, r: *rev }),
            record.as_ref().map(|(id, _, _)| (id.as_str(), base)),
            record.as_ref().map(|(_, _, rev)| (base, *rev)),
            [&key],
        );
        let text = to_json(&wire)?;
        let parsed: Array = JSON::parse(&text)
            .map_err(|error| StoreError::WriteFailed(JsFailure::from_js(&error).describe()))?
            .unchecked_into();
        let customer = record.as_ref().map(|_| (parsed.get(2), parsed.get(3)));
        let version = record.as_ref().map(|_| Version {
            key: parsed.get(4),
            value: parsed.get(5),
        });
        Ok(CommitValues {
            key: parsed.get(0),
            event: parsed.get(1),
            customer,
            version,
            delta_key: parsed.get(6),
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::domain::{
        Actor, Clock, Country, Customer, CustomerId, CustomerProfile, DeviceId, Earning, Event,
        EventId, EventKind, Phone, Program, ShopProfile,
    };
    use crate::store::indexed_db::encode::{customer_key, customer_value, event_key, event_value};

    fn text(value: &JsValue) -> String {
        JSON::stringify(value)
            .expect("stringify")
            .as_string()
            .expect("text")
    }

    /// The values one `JSON.parse` makes are the ones the store made field by field before
    /// (and still makes for batches): same properties in the same order, same numbers.
    fn same_as_field_by_field(commit: &Commit) {
        let values = CommitValues::of(commit).expect("encoded");
        assert_eq!(values.key.as_string(), event_key(&commit.event).as_string());
        assert_eq!(
            text(&values.event),
            text(&event_value(&commit.event).expect("event"))
        );
        assert_eq!(
            text(&values.delta_key),
            text(&js_sys::Array::of1(&event_key(&commit.event)).into())
        );
        match &commit.customer {
            Some(customer) => {
                let (key, record) = values.customer.expect("a record");
                assert_eq!(key.as_string(), customer_key(customer.id).as_string());
                assert_eq!(
                    text(&record),
                    text(&customer_value(customer).expect("record"))
                );
                let version = values.version.expect("a ledger entry");
                let expected =
                    Version::new(&customer_key(customer.id), commit.base_rev, customer.rev);
                assert_eq!(text(&version.key), text(&expected.key));
                assert_eq!(text(&version.value), text(&expected.value));
            }
            None => assert!(values.customer.is_none() && values.version.is_none()),
        }
    }

    #[wasm_bindgen_test]
    fn a_commits_values_are_the_ones_stored_field_by_field() {
        let mut clock = Clock::new(DeviceId::from_bytes([7; 16]));
        let at = Utc
            .with_ymd_and_hms(2026, 11, 26, 18, 30, 0)
            .single()
            .expect("a time");
        let id = CustomerId::from_bytes([3; 16]);
        let profile = CustomerProfile {
            // A name that JSON must escape inside the record's text, and one not in Latin script.
            name: "Asha \"Chai\" \\ आशा".into(),
            phone: Phone::from_e164_unchecked("+919876543210".to_string()),
            birthday: None,
            notes: String::new(),
            extras: Default::default(),
        };
        let added = Event::new(
            EventId::from_bytes([1; 16]),
            &mut clock,
            at,
            Actor::Staff,
            EventKind::CustomerAdded {
                customer: id,
                profile,
                welcome_stamps: 1,
                card_size: Some(10),
                referred_by: None,
            },
        );
        let mut customer = Customer::empty(id);
        customer.apply(&added);
        customer.rev = 1_764_181_800_000_001;
        let new_customer = Commit {
            event: added,
            customer: Some(customer.clone()),
            shop: None,
            base_rev: None,
            follow_up: None,
            linked: Vec::new(),
        };
        same_as_field_by_field(&new_customer);

        let stamped = Event::new(
            EventId::from_bytes([2; 16]),
            &mut clock,
            at,
            Actor::Staff,
            EventKind::StampsAdded {
                customer: id,
                stamps: 1,
                bill: None,
                card_size: Some(10),
                same_visit: false,
                cooldown_override: false,
            },
        );
        let base = customer.rev;
        customer.apply(&stamped);
        customer.rev = base + 7;
        same_as_field_by_field(&Commit {
            event: stamped,
            customer: Some(customer),
            shop: None,
            base_rev: Some(base),
            follow_up: None,
            linked: Vec::new(),
        });

        // A shop event: no customer, so no `c` in the event and no record.
        let program = Program {
            stamps_per_reward: 10,
            reward: "1 free chai".into(),
            earning: Earning::PerVisit { stamps: 1 },
            welcome_stamps: 1,
        };
        let configured = Event::new(
            EventId::from_bytes([4; 16]),
            &mut clock,
            at,
            Actor::Staff,
            EventKind::ShopConfigured {
                profile: ShopProfile {
                    name: "Test Tea".into(),
                    country: Country::India,
                },
                program,
                demo: false,
            },
        );
        same_as_field_by_field(&Commit {
            event: configured,
            customer: None,
            shop: None,
            base_rev: None,
            follow_up: None,
            linked: Vec::new(),
        });
    }
}
