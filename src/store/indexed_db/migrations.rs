//! Ordered schema migrations: `MIGRATIONS[n]` brings a database from version `n` to `n + 1`.
//! They run inside the `versionchange` transaction, so a failing step aborts the whole upgrade
//! and leaves the old version intact.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;

use super::{CUSTOMERS, EVENTS, META, VERSIONS};

/// One step. It gets the database being upgraded and the upgrade transaction (under the crate's
/// wrapper: a step that moves data reads and writes through it).
pub(super) type Migration = fn(&Database, &web_sys::IdbTransaction) -> indexed_db_futures::Result<()>;

pub(super) const MIGRATIONS: &[Migration] = &[v0_create_stores, v1_add_versions, super::follow_ups::v2_add_follow_ups, v3_add_customer_hlc, super::dash::v4_add_dash];

// A new schema version must come with its migration step, and vice versa.
const _: () = assert!(MIGRATIONS.len() == crate::store::SCHEMA_VERSION as usize);

/// Runs every step of `steps` from `from` up to `to`, in order.
pub(super) fn run(
    steps: &[Migration],
    db: &Database,
    tx: &web_sys::IdbTransaction,
    from: u32,
    to: u32,
) -> indexed_db_futures::Result<()> {
    for version in from..to {
        let step = steps
            .get(version as usize)
            .ok_or_else(|| js_sys::Error::new(&format!("no migration from version {version}")))?;
        step(db, tx)?;
    }
    Ok(())
}

/// Version 0 → 1: the three object stores and their indices.
fn v0_create_stores(db: &Database, _tx: &web_sys::IdbTransaction) -> indexed_db_futures::Result<()> {
    let events = db.create_object_store(EVENTS).build()?;
    events.create_index("hlc", KeyPath::One("h")).build()?;
    events.create_index("customer", KeyPath::One("c")).build()?;
    let customers = db.create_object_store(CUSTOMERS).build()?;
    customers.create_index("rev", KeyPath::One("r")).build()?;
    db.create_object_store(META).build()?;
    Ok(())
}

/// Version 1 → 2: the ledger of replaced record versions (see `versions.rs`), which lets a
/// commit refuse a stale change by a failing `add`. It starts empty: the records stored now
/// are the current versions, which no entry marks replaced, and every tab of version 1 was
/// closed by the upgrade, so none holds a change planned from an older one.
fn v1_add_versions(db: &Database, _tx: &web_sys::IdbTransaction) -> indexed_db_futures::Result<()> {
    db.create_object_store(VERSIONS).build()?;
    Ok(())
}

/// Version 3 → 4 (staff and owner, the Activity screen): the index `customer_hlc` on the log,
/// `[c, h]`, so one customer's events are read newest first a page at a time. The browser
/// fills it from the events already stored, inside this upgrade (once, a few seconds at a
/// million events); shop events, which have no `c`, are not in it.
fn v3_add_customer_hlc(_db: &Database, tx: &web_sys::IdbTransaction) -> indexed_db_futures::Result<()> {
    let events = tx.object_store(EVENTS)?;
    let key_path = js_sys::Array::of2(&"c".into(), &"h".into());
    events.create_index_with_str_sequence("customer_hlc", &key_path)?;
    Ok(())
}
