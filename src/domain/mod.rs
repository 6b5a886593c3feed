//! The pure domain of Mohar.
//!
//! Nothing in this module touches the outside world: no `web_sys`, no `leptos`, no IndexedDB,
//! no clock and no random source. Time (`now`) and fresh ids are passed in as arguments, so
//! every rule here is deterministic and is tested natively with `cargo test`.

pub mod backup;
pub mod activity;
// The owner's dashboard (issue 12).
pub mod analytics;
pub mod bill;
pub mod btree;
pub mod birthday;
pub mod card;
pub mod card_check;
pub mod cards;
pub mod conflicts;
pub mod counter;
pub mod customer;
pub mod demo;
pub mod error;
pub mod erase;
pub mod event;
mod event_decode;
pub mod export;
pub mod feedback;
pub mod follow_up;
pub mod hlc;
pub mod ids;
pub mod import;
pub mod import_plan;
pub mod import_lock;
pub mod iso_date;
pub mod know;
// Merging duplicate customers (issue 14).
pub mod merge;
// Messages that bring customers back (issue 11).
pub mod messages;
pub mod money;
pub mod owner_fix;
pub mod permissions;
pub mod perks;
pub mod phone;
pub mod program;
pub mod record;
// Referrals (issue 10).
pub mod referral;
pub mod relative_time;
pub mod reward_moment;
pub mod search;
mod search_haystack;
// Issue 15: each key's bytes and byte pairs, so a keystroke looks inside few keys (search2).
mod search_prefilter;
mod search_snapshot;
pub mod search_phonetic;
// Issue 15: lower case from 185 runs instead of core's 1 462-pair table (search_text).
mod search_case;
pub mod search_text;
pub mod shop;
pub mod sort;
pub mod state_hash;
pub mod staff;
// Sync over the CouchDB replication protocol (issue 14).
pub mod sync;
pub mod visit;

pub use counter::{Change, Counter, CustomerForm, SNAPSHOT_AFTER_CHANGES};
pub use cards::{CardState, ResolvedCards};
pub use customer::{ApplyOutcome, CardSummary, Checkpoint, Contribution, Customer, CustomerProfile, PendingVoid, Recent, RECENT_LEN};
pub use error::DomainError;
pub use event::{Actor, Event, EventKind};
pub use hlc::{Clock, ClockAhead, Hlc, MAX_CLOCK_AHEAD_MILLIS};
pub use ids::{CustomerId, DeviceId, EventId, Id128, StaffId};
pub use money::Money;
pub use phone::{Country, Phone, PhoneError};
pub use program::{Earning, Program};
pub use search::{IndexEntry, SearchIndex};
pub use shop::{ShopProfile, ShopState};
