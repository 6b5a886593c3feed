// The one transaction of a counter action ("Add stamp", redeem, undo, a new customer), issued
// whole by one call from wasm (src/store/indexed_db/hot_write.rs), and the stored values of a
// commit made from plain texts and numbers (the same builder for the write, the checked write
// after a refusal, and the benchmark's plain-JavaScript comparison).
//
// Why hand-written JavaScript (issue 15, "The counter on a slow tablet"): the commit is timed
// against the same write by plain JavaScript (≤ 1.2× at 4× CPU throttling). Issued from Rust,
// it was about twelve calls into JS, each through wasm-bindgen's glue (every `catch` import
// goes through `handleError` and a wrapper), plus a `Promise` made with a Rust closure, the
// transaction's handlers set and cleared, and the values made by `JSON.parse` of a JSON array
// whose texts were escaped a second time. A CPU profile at 4× (200 commits, 20 000 customers)
// put that at about 2.5 ms of the commit's 7.6 ms on the page's thread, against 4.5 ms for
// IndexedDB's own work, which plain JavaScript pays too (README, "The commit at 4×"). Here
// wasm makes one call with the texts (decoded once each) and numbers; the values, requests,
// commit and outcome are plain JavaScript, as the comparison's own are.
//
// The stored values are exactly the ones the store made before, field by field: an event
// `{ j, h, c }` (`c` absent for a shop event), a record `{ j, r }`, the ledger entry
// `[customer key, base]` → `[base, rev]` (base -1 for a change planned from no record), the
// dashboard's delta `Uint8Array` under `[event key]`, the shop's JSON text under "shop" in
// `meta`, the follow-up as given. A browser test (commit_values.rs) compares them.

// The object stores, as src/store/indexed_db/mod.rs names them (a wrong name would fail every
// commit of the storage suite).
const EVENTS = 'events';
const CUSTOMERS = 'customers';
const VERSIONS = 'versions';
const META = 'meta';
const SHOP_KEY = 'shop';
const FOLLOW_UPS = 'follow_ups';
const DASH = 'dash';

// The bits of `flags`, as hot_write.rs sets them.
const STRICT = 1;
const RECORD = 2;
const REFUSE_REPLACED = 4;
const EVENT_CUSTOMER = 8;
const SHOP = 16;
const FOLLOW_UP = 32;
const DELTA = 64;

const STRICT_OPTIONS = { durability: 'strict' };
const RELAXED_OPTIONS = { durability: 'relaxed' };

// How a failed write settles the promise of `write_commit`, beside its error.
const NOT_BEGUN = 0;
const NOT_ISSUED = 1;
const ABORTED = 2;

// `[event key, event, customer key, record, ledger key, ledger value, delta key, delta]`, the
// customer's four and the delta's two `undefined` when the commit has none. `keys` holds the
// event's key, its clock's key, its customer's key and the record's customer's key one after
// another (all hex, so the offsets count bytes and characters alike), each ending at the
// offset given. The delta is a view into wasm's memory, copied here.
export function commit_values(keys, eventEnd, hlcEnd, eventCustomerEnd, recordCustomerEnd, event, record, rev, base, flags, delta) {
  const eventKey = keys.slice(0, eventEnd);
  const hlc = keys.slice(eventEnd, hlcEnd);
  const stored = flags & EVENT_CUSTOMER ? { j: event, h: hlc, c: keys.slice(hlcEnd, eventCustomerEnd) } : { j: event, h: hlc };
  let customerKey, value, ledgerKey, ledgerValue, deltaKey, deltaValue;
  if (flags & RECORD) {
    customerKey = keys.slice(eventCustomerEnd, recordCustomerEnd);
    value = { j: record, r: rev };
    ledgerKey = [customerKey, base];
    ledgerValue = [base, rev];
  }
  if (flags & DELTA) {
    deltaKey = [eventKey];
    deltaValue = delta.slice();
  }
  return [eventKey, stored, customerKey, value, ledgerKey, ledgerValue, deltaKey, deltaValue];
}

// Writes one commit in one read-write transaction and commits it at once. The promise always
// fulfils: with `undefined` when the transaction completed, else with `[how, error]`:
// NOT_BEGUN when `transaction()` threw; NOT_ISSUED when a request threw while being issued (the
// transaction is aborted and its end awaited first); ABORTED when the transaction aborted (a
// refused `add`'s `ConstraintError`, a `QuotaExceededError`: `tx.error`, null when none).
export function write_commit(db, keys, eventEnd, hlcEnd, eventCustomerEnd, recordCustomerEnd, event, record, rev, base, shop, flags, delta, followUpKey, followUp) {
  const [eventKey, stored, customerKey, value, ledgerKey, ledgerValue, deltaKey, deltaValue] =
    commit_values(keys, eventEnd, hlcEnd, eventCustomerEnd, recordCustomerEnd, event, record, rev, base, flags, delta);
  const stores = [EVENTS];
  if (flags & RECORD) stores.push(CUSTOMERS, VERSIONS);
  if (flags & SHOP) stores.push(META);
  if (flags & FOLLOW_UP) stores.push(FOLLOW_UPS);
  if (flags & DELTA) stores.push(DASH);
  let tx;
  try {
    tx = db.transaction(stores, 'readwrite', flags & STRICT ? STRICT_OPTIONS : RELAXED_OPTIONS);
  } catch (error) {
    return Promise.resolve([NOT_BEGUN, error]);
  }
  return new Promise((resolve) => {
    let issued = true;
    let thrown;
    // A refused request's `error` event is not listened to (it fires once per failed request
    // and, unhandled, aborts the transaction): the `abort` says it all.
    tx.oncomplete = () => resolve(issued ? undefined : [NOT_ISSUED, thrown]);
    tx.onabort = () => resolve(issued ? [ABORTED, tx.error] : [NOT_ISSUED, thrown]);
    try {
      tx.objectStore(EVENTS).add(stored, eventKey);
      if (flags & RECORD) {
        const versions = tx.objectStore(VERSIONS);
        if (flags & REFUSE_REPLACED) versions.add(ledgerValue, ledgerKey);
        else versions.put(ledgerValue, ledgerKey);
        tx.objectStore(CUSTOMERS).put(value, customerKey);
      }
      if (flags & SHOP) tx.objectStore(META).put(shop, SHOP_KEY);
      if (flags & FOLLOW_UP) tx.objectStore(FOLLOW_UPS).put(followUp, followUpKey);
      if (flags & DELTA) tx.objectStore(DASH).put(deltaValue, deltaKey);
      // A browser without `commit()` commits when the requests are done, as IndexedDB always
      // did; calling it only makes the commit start sooner.
      if (tx.commit) tx.commit();
    } catch (error) {
      // Nothing is kept of a transaction that could not issue all its writes.
      issued = false;
      thrown = error;
      try {
        tx.abort();
      } catch {
        // Already ending: its `complete` or `abort` settles the promise all the same.
      }
    }
  });
}
