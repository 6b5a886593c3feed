//! The keys and values of one commit (a counter action, the checked write, the benchmark's
//! sample) as the plain texts and numbers the JavaScript writer builds the stored values from
//! (`hot_write.js`, issue 15, "The counter on a slow tablet").
//!
//! Why: made here as JS values, they cost a call into JS per text and per property (about
//! twenty per commit), or, made by one `JSON.parse`, a JSON array whose elements held the
//! event's and the record's JSON texts escaped a second time, which serde_json wrote and the
//! browser then parsed (0.57 ms of a commit's page time at 4× CPU throttling, README "The
//! commit at 4×"). Now serde_json writes each text once, the keys go as one text, and
//! `hot_write.js` builds the objects in plain JavaScript inside the one call that writes them.
//!
//! Each JSON text goes as its own string, not cut out of one shared text: a piece cut out of a
//! JS string keeps the parent's representation, so an event's ASCII JSON beside a record
//! in Devanagari would be stored as two-byte text (twice the bytes on disk and in the clone).
//! The keys are hex, so they share one string and its offsets count bytes and characters alike.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::encode::{hlc_key, to_json};
use crate::domain::analytics::StoredDelta;
use crate::store::{Commit, StoreError};

/// The bits of `flags` in `hot_write.js`.
pub(super) mod flag {
    pub const STRICT: u32 = 1;
    pub const RECORD: u32 = 2;
    pub const REFUSE_REPLACED: u32 = 4;
    pub const EVENT_CUSTOMER: u32 = 8;
    pub const SHOP: u32 = 16;
    pub const FOLLOW_UP: u32 = 32;
    pub const DELTA: u32 = 64;
}

/// What `hot_write.js` builds a commit's stored values from.
pub(super) struct CommitValues {
    /// The event's key, its clock's key, its customer's key (empty for a shop event) and the
    /// record's customer's key (empty without a record), one after another.
    pub keys: String,
    /// Where each of the four keys ends in `keys`.
    pub ends: [u32; 4],
    /// The event's JSON.
    pub event: String,
    /// The record's JSON (empty without a record).
    pub record: String,
    /// The record's `rev`; a JS number is exact up to 2^53, far beyond any rev (milliseconds
    /// times 1 000).
    pub rev: f64,
    /// The rev the change was planned from, -1 for none (as the ledger writes it).
    pub base: f64,
    /// The shop's JSON (empty without one).
    pub shop: String,
    /// The dashboard's delta, when the event changes a figure.
    pub delta: Option<Vec<u8>>,
    /// A question's or complaint's key and value in `follow_ups`.
    pub follow_up: Option<(JsValue, JsValue)>,
    /// `flag::EVENT_CUSTOMER`, `flag::RECORD`, `flag::SHOP` and `flag::FOLLOW_UP` as they
    /// apply; the caller adds the write's own.
    pub flags: u32,
}

impl CommitValues {
    pub(super) fn of(commit: &Commit) -> Result<CommitValues, StoreError> {
        let mut keys = String::with_capacity(152);
        let mut ends = [0; 4];
        let mut flags = 0;
        keys.push_str(&commit.event.id.0.to_hex());
        ends[0] = keys.len() as u32;
        keys.push_str(&hlc_key(&commit.event.hlc));
        ends[1] = keys.len() as u32;
        if let Some(customer) = commit.event.kind.customer() {
            keys.push_str(&customer.0.to_hex());
            flags |= flag::EVENT_CUSTOMER;
        }
        ends[2] = keys.len() as u32;
        let (record, rev) = match &commit.customer {
            Some(customer) => {
                keys.push_str(&customer.id.0.to_hex());
                flags |= flag::RECORD;
                (to_json(customer)?, customer.rev as f64)
            }
            None => (String::new(), 0.0),
        };
        ends[3] = keys.len() as u32;
        let shop = match &commit.shop {
            Some(shop) => {
                flags |= flag::SHOP;
                to_json(shop)?
            }
            None => String::new(),
        };
        let follow_up = match &commit.follow_up {
            Some(item) => {
                flags |= flag::FOLLOW_UP;
                Some((super::follow_ups::follow_up_key(item.id), super::follow_ups::follow_up_value(item)?))
            }
            None => None,
        };
        Ok(CommitValues {
            keys,
            ends,
            event: to_json(&commit.event)?,
            record,
            rev,
            base: commit.base_rev.map_or(-1.0, |base| base as f64),
            shop,
            delta: StoredDelta::of(commit).map(|delta| delta.encode()),
            follow_up,
            flags,
        })
    }

    /// `[event key, event, customer key, record, ledger key, ledger value, delta key, delta]`
    /// as the store writes them, the customer's four and the delta's two `undefined` when the
    /// commit has none.
    pub(super) fn values(&self) -> Array {
        let delta = if self.delta.is_some() { flag::DELTA } else { 0 };
        let [event_end, hlc_end, event_customer_end, record_customer_end] = self.ends;
        super::hot_write::commit_values(
            &self.keys,
            event_end,
            hlc_end,
            event_customer_end,
            record_customer_end,
            &self.event,
            &self.record,
            self.rev,
            self.base,
            self.flags | delta,
            self.delta.as_deref().unwrap_or_default(),
        )
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use wasm_bindgen_test::wasm_bindgen_test;

    use js_sys::{Uint8Array, JSON};
    use wasm_bindgen::JsCast;

    use super::*;
    use crate::store::indexed_db::dash::delta_value;
    use crate::store::indexed_db::versions::Version;
    use crate::domain::{
        Actor, Clock, Country, Customer, CustomerId, CustomerProfile, DeviceId, Earning, Event,
        EventId, EventKind, Phone, Program, ShopProfile,
    };
    use crate::store::indexed_db::encode::{customer_key, customer_value, event_key, event_value};

    fn text(value: &JsValue) -> String {
        JSON::stringify(value).expect("stringify").as_string().expect("text")
    }

    /// The values `hot_write.js` builds are the ones the store made field by field before
    /// (and still makes for batches): same properties in the same order, same numbers, the
    /// delta's bytes in an array of their own (not a view into wasm's memory, which a clone
    /// would copy whole).
    fn same_as_field_by_field(commit: &Commit) {
        let values = CommitValues::of(commit).expect("encoded").values();
        assert_eq!(values.length(), 8);
        assert_eq!(values.get(0).as_string(), event_key(&commit.event).as_string());
        assert_eq!(text(&values.get(1)), text(&event_value(&commit.event).expect("event")));
        match delta_value(commit) {
            Some(expected) => {
                assert_eq!(text(&values.get(6)), text(&js_sys::Array::of1(&event_key(&commit.event)).into()));
                let delta: Uint8Array = values.get(7).dyn_into().expect("a Uint8Array");
                assert_eq!(delta.to_vec(), expected.unchecked_ref::<Uint8Array>().to_vec());
                assert_eq!(delta.buffer().byte_length(), delta.length(), "the delta owns its bytes");
            }
            None => assert!(values.get(6).is_undefined() && values.get(7).is_undefined()),
        }
        match &commit.customer {
            Some(customer) => {
                assert_eq!(values.get(2).as_string(), customer_key(customer.id).as_string());
                assert_eq!(text(&values.get(3)), text(&customer_value(customer).expect("record")));
                let expected = Version::new(&customer_key(customer.id), commit.base_rev, customer.rev);
                assert_eq!(text(&values.get(4)), text(&expected.key));
                assert_eq!(text(&values.get(5)), text(&expected.value));
            }
            None => assert!((2..6).all(|at| values.get(at).is_undefined())),
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
