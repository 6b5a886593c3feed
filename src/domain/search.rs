//! The compact search index the counter searches as the clerk types.
//!
//! Reading 100 000 customer records out of IndexedDB takes seconds, so start-up instead loads
//! this index (one binary value) and reads a customer's full record only when it is opened.
//! Searching scans one text with every customer's normalized name and phone digits, and one
//! with their names' phonetic keys, which takes a few milliseconds at 100 000 customers. A name
//! is found however it was typed: in another encoding of the same letters
//! ([`search_text`](super::search_text)), or in another script, "ramesh" for रमेश and রমেশ for
//! "Ramesh" ([`search_phonetic`](super::search_phonetic)). Matches in the name's own script
//! come before phonetic ones.
//!
//! The index keeps its customers in columns (ids, cards, times, one text of every name and
//! phone) rather than as one allocated [`IndexEntry`] each, so that start-up can take a
//! snapshot's columns as they are ([`search_snapshot`](super::search_snapshot)); an entry is
//! made the first time something asks for it (a search result, an opened customer) and kept.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};

use super::cards::CardState;
use super::customer::Customer;
use super::ids::CustomerId;
use super::search_haystack::{Haystacks, NO_MATCH};
use super::search_phonetic::phonetic_key;
use super::search_text::normalize;

pub use super::search_snapshot::{is_outdated, IndexDecodeError, SNAPSHOT_HEADER, SNAPSHOT_VERSION};

/// What the counter needs to list a customer in search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// The customer.
    pub id: CustomerId,
    /// The customer's name as typed.
    pub name: String,
    /// E.164 phone number.
    pub phone: String,
    /// Full cards, redemptions and the card in progress; with the current program's size
    /// ([`CardState::resolve`]) they give rewards ready and stamps on the card.
    pub card: CardState,
    /// Milliseconds since the epoch of the latest change, to list recent customers first.
    pub touched_millis: i64,
}

impl IndexEntry {
    /// The entry for a customer's current state; `None` while the customer has no profile, and
    /// for a removed customer (who is not searchable and whose phone is free again).
    pub fn from_customer(customer: &Customer) -> Option<IndexEntry> {
        if customer.is_removed() {
            return None;
        }
        let profile = customer.profile.as_ref()?;
        let summary = customer.summary(1);
        let touched = summary.last_visit.or(customer.joined_at).map_or(0, |at| at.timestamp_millis());
        let card = customer.cards();
        Some(IndexEntry {
            id: customer.id,
            name: profile.name.clone(),
            phone: profile.phone.as_str().to_owned(),
            card,
            touched_millis: touched,
        })
    }
}

/// Turns native digits (Devanagari, Bengali, Gujarati) into ASCII digits, so "९८७६" finds 9876.
pub fn ascii_digits(text: &str) -> Cow<'_, str> {
    fn ascii(c: char) -> Option<char> {
        let base = match c {
            '\u{0966}'..='\u{096F}' => 0x0966,
            '\u{09E6}'..='\u{09EF}' => 0x09E6,
            '\u{0AE6}'..='\u{0AEF}' => 0x0AE6,
            _ => return None,
        };
        char::from_digit(c as u32 - base, 10)
    }
    if text.chars().any(|c| ascii(c).is_some()) {
        Cow::Owned(text.chars().map(|c| ascii(c).unwrap_or(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Where one entry's name and phone are in [`SearchIndex`]'s text of fields: the name first,
/// the phone right after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct FieldSpan {
    pub(super) start: u32,
    pub(super) name_len: u32,
    pub(super) phone_len: u32,
}

impl FieldSpan {
    fn name(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start + self.name_len) as usize
    }

    fn phone(self) -> std::ops::Range<usize> {
        let name_end = (self.start + self.name_len) as usize;
        name_end..name_end + self.phone_len as usize
    }
}

/// The columns of an index without its id map and search keys: what a snapshot holds, and what
/// [`SearchIndex::from_columns`] indexes. Entry `n` is the `n`th of every column.
#[derive(Clone, Debug, Default)]
pub(super) struct Columns {
    pub(super) ids: Vec<CustomerId>,
    pub(super) cards: Vec<CardState>,
    pub(super) touched: Vec<i64>,
    /// Every entry's name then phone, in [`FieldSpan`]s.
    pub(super) fields: String,
    pub(super) spans: Vec<FieldSpan>,
}

impl Columns {
    pub(super) fn with_capacity(count: usize, field_bytes: usize) -> Columns {
        Columns {
            ids: Vec::with_capacity(count),
            cards: Vec::with_capacity(count),
            touched: Vec::with_capacity(count),
            fields: String::with_capacity(field_bytes),
            spans: Vec::with_capacity(count),
        }
    }

    fn len(&self) -> usize {
        self.ids.len()
    }

    fn push_fields(&mut self, name: &str, phone: &str) -> FieldSpan {
        let span = FieldSpan { start: self.fields.len() as u32, name_len: name.len() as u32, phone_len: phone.len() as u32 };
        self.fields.push_str(name);
        self.fields.push_str(phone);
        span
    }

    pub(super) fn push(&mut self, entry: &IndexEntry) {
        let span = self.push_fields(&entry.name, &entry.phone);
        self.ids.push(entry.id);
        self.cards.push(entry.card);
        self.touched.push(entry.touched_millis);
        self.spans.push(span);
    }

    pub(super) fn name(&self, position: usize) -> &str {
        &self.fields[self.spans[position].name()]
    }

    pub(super) fn phone(&self, position: usize) -> &str {
        &self.fields[self.spans[position].phone()]
    }

    fn entry(&self, position: usize) -> IndexEntry {
        IndexEntry {
            id: self.ids[position],
            name: self.name(position).to_owned(),
            phone: self.phone(position).to_owned(),
            card: self.cards[position],
            touched_millis: self.touched[position],
        }
    }

    fn swap_remove(&mut self, position: usize) {
        self.ids.swap_remove(position);
        self.cards.swap_remove(position);
        self.touched.swap_remove(position);
        self.spans.swap_remove(position);
    }

    /// Drops the names and phones no entry points at any more (edited ones).
    fn compact_fields(&mut self) {
        let mut fields = String::with_capacity(self.fields.len());
        for span in &mut self.spans {
            let start = fields.len() as u32;
            fields.push_str(&self.fields[span.start as usize..(span.start + span.name_len + span.phone_len) as usize]);
            span.start = start;
        }
        self.fields = fields;
    }
}

/// All customers' names and phones, searchable by substring.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    pub(super) columns: Columns,
    /// Each entry as an [`IndexEntry`], made when first asked for: start-up makes none.
    made: Vec<OnceLock<Box<IndexEntry>>>,
    /// Where each customer's entry is. Ids are random, so the fast non-cryptographic hash leaves
    /// nothing to exploit; start-up inserts every customer before search answers.
    positions: HashMap<CustomerId, u32, FxBuildHasher>,
    /// The searchable texts, appended as entries change.
    pub(super) haystacks: Haystacks,
    /// The segment that is current for each entry; older segments of an entry are stale.
    pub(super) current_segment: Vec<u32>,
    stale_segments: usize,
}

/// A way to scan the index's texts for a needle ([`Haystacks::scan`]): the needle, whether it
/// is a phonetic key, each entry's current segment, the best rank of each entry, the entries hit.
type Scan = fn(&Haystacks, &str, bool, &[u32], &mut [u8], &mut Vec<u32>);

/// One search result, borrowed from the index.
pub type SearchHit<'a> = &'a IndexEntry;

impl SearchIndex {
    /// Builds the index from entries (later duplicates of an id replace earlier ones).
    pub fn from_entries(entries: impl IntoIterator<Item = IndexEntry>) -> SearchIndex {
        let mut index = SearchIndex::default();
        for entry in entries {
            index.upsert(entry);
        }
        index
    }

    /// How many customers the index holds.
    pub fn len(&self) -> usize {
        self.columns.len()
    }

    /// Whether there are no customers yet.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every customer's id, in the index's order.
    pub fn ids(&self) -> &[CustomerId] {
        &self.columns.ids
    }

    fn entry_at(&self, position: usize) -> &IndexEntry {
        self.made[position].get_or_init(|| Box::new(self.columns.entry(position)))
    }

    /// The entry of one customer.
    pub fn get(&self, id: &CustomerId) -> Option<&IndexEntry> {
        self.positions.get(id).map(|&position| self.entry_at(position as usize))
    }

    /// The customer with this E.164 phone, if any.
    pub fn find_phone(&self, phone: &str) -> Option<&IndexEntry> {
        (0..self.len()).find(|&position| self.columns.phone(position) == phone).map(|position| self.entry_at(position))
    }

    /// Takes a customer record's current state into the index: their entry added or replaced,
    /// or taken out when they were removed.
    pub fn apply_customer(&mut self, customer: &Customer) {
        match IndexEntry::from_customer(customer) {
            Some(entry) => self.upsert(entry),
            None if customer.is_removed() => self.remove(&customer.id),
            None => {}
        }
    }

    /// Takes a customer out of the index. Removal is rare (a customer added by mistake), so the
    /// searchable text is rebuilt rather than patched: at 100 000 customers that is a few
    /// milliseconds.
    pub fn remove(&mut self, id: &CustomerId) {
        let Some(position) = self.positions.remove(id) else { return };
        let position = position as usize;
        self.columns.swap_remove(position);
        self.made.swap_remove(position);
        self.current_segment.swap_remove(position);
        if let Some(moved) = self.columns.ids.get(position) {
            self.positions.insert(*moved, position as u32);
        }
        self.rebuild_haystack();
    }

    /// Adds a customer or replaces their entry.
    pub fn upsert(&mut self, entry: IndexEntry) {
        let columns = &mut self.columns;
        match self.positions.get(&entry.id) {
            Some(&position) => {
                let at = position as usize;
                let keys_changed = columns.name(at) != entry.name || columns.phone(at) != entry.phone;
                columns.cards[at] = entry.card;
                columns.touched[at] = entry.touched_millis;
                if keys_changed {
                    columns.spans[at] = columns.push_fields(&entry.name, &entry.phone);
                }
                self.made[at] = OnceLock::from(Box::new(entry));
                if keys_changed {
                    self.stale_segments += 1;
                    self.append_segment(position);
                    if self.stale_segments > 1_000 && self.stale_segments > self.len() / 8 {
                        self.rebuild_haystack();
                    }
                }
            }
            None => {
                let position = columns.len() as u32;
                columns.push(&entry);
                self.positions.insert(entry.id, position);
                self.made.push(OnceLock::from(Box::new(entry)));
                self.current_segment.push(0);
                self.append_segment(position);
            }
        }
    }

    fn append_segment(&mut self, position: u32) {
        let columns = &self.columns;
        let at = position as usize;
        self.current_segment[at] = self.haystacks.push(position, columns.name(at), columns.phone(at));
    }

    /// The index of a decoded snapshot's columns and, when it carries keys of this version that
    /// hold one key per entry, its texts of keys taken as they are, since start-up waits for
    /// it. A snapshot this code wrote never repeats an id; bytes that do are taken the slow way
    /// (a later entry replaces an earlier one).
    pub(super) fn from_columns(columns: Columns, keys: Option<(String, String)>) -> SearchIndex {
        let count = columns.len();
        let mut positions = HashMap::with_capacity_and_hasher(count, FxBuildHasher);
        for (position, id) in columns.ids.iter().enumerate() {
            if positions.insert(*id, position as u32).is_some() {
                return SearchIndex::from_entries((0..count).map(|position| columns.entry(position)));
            }
        }
        let stored = keys.and_then(|(exact, phonetic)| Haystacks::from_texts(exact, phonetic, count));
        let built = stored.is_some();
        let mut index = SearchIndex {
            columns,
            made: std::iter::repeat_with(OnceLock::new).take(count).collect(),
            positions,
            haystacks: stored.unwrap_or_default(),
            current_segment: if built { (0..count as u32).collect() } else { vec![0; count] },
            stale_segments: 0,
        };
        if !built {
            for position in 0..count as u32 {
                index.append_segment(position);
            }
        }
        index
    }

    fn rebuild_haystack(&mut self) {
        self.haystacks.clear();
        self.stale_segments = 0;
        self.columns.compact_fields();
        for position in 0..self.len() as u32 {
            self.append_segment(position);
        }
    }

    /// Customers whose name contains the query (any script, any case, any encoding of the same
    /// letters) or whose phone digits contain it (last four digits are enough); then customers
    /// whose name sounds like the query in another spelling or script. Within each, names that
    /// start with the query come first, then a later word, then recently seen customers. An
    /// empty query lists the most recently seen customers.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        self.search_by(query, limit, Haystacks::scan)
    }

    /// [`SearchIndex::search`] through the whole texts, without the byte sets: what the fast
    /// path must always agree with.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(super) fn search_plain(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        self.search_by(query, limit, Haystacks::scan_text)
    }

    /// [`SearchIndex::search`] inside every segment whose byte set covers the query's, however
    /// many: the fast path, tested on small indexes too.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(super) fn search_sets(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        self.search_by(query, limit, Haystacks::scan_sets)
    }

    fn search_by(&self, query: &str, limit: usize, scan: Scan) -> Vec<SearchHit<'_>> {
        let (exact, phonetic) = search_keys(query);
        if exact.is_empty() {
            return self.recent(limit);
        }
        let mut best = vec![NO_MATCH; self.len()];
        let mut hits = Vec::new();
        scan(&self.haystacks, &exact, false, &self.current_segment, &mut best, &mut hits);
        if let Some(phonetic) = phonetic {
            scan(&self.haystacks, &phonetic, true, &self.current_segment, &mut best, &mut hits);
        }
        let touched = &self.columns.touched;
        // Only the first `limit` in order are shown: select them before sorting.
        let order = |a: &u32, b: &u32| {
            best[*a as usize]
                .cmp(&best[*b as usize])
                .then_with(|| touched[*b as usize].cmp(&touched[*a as usize]))
                // Among equals, the index's own order, so that the same query always shows the
                // same first few even though only those are selected before sorting.
                .then_with(|| a.cmp(b))
        };
        if hits.len() > limit && limit > 0 {
            super::sort::select_nth_by(&mut hits, limit - 1, &|a, b| order(&a, &b));
        }
        hits.truncate(limit);
        super::sort::sort_by(&mut hits, order);
        hits.into_iter().map(|position| self.entry_at(position as usize)).collect()
    }

    /// The most recently seen customers.
    pub fn recent(&self, limit: usize) -> Vec<SearchHit<'_>> {
        let touched = &self.columns.touched;
        let newest_first = |a: &u32, b: &u32| touched[*b as usize].cmp(&touched[*a as usize]);
        // Positions as `u32`, like the search's hits, so both share one selection (size).
        let mut all: Vec<u32> = (0..self.len() as u32).collect();
        if all.len() > limit {
            super::sort::select_nth_by(&mut all, limit, &|a, b| newest_first(&a, &b));
            all.truncate(limit);
        }
        super::sort::sort_by(&mut all, newest_first);
        all.into_iter().map(|position| self.entry_at(position as usize)).collect()
    }

    /// Every entry, in the index's order (each made now if it was not yet: for tests and rare
    /// paths; [`SearchIndex::ids`] makes none).
    pub fn entries(&self) -> Vec<&IndexEntry> {
        (0..self.len()).map(|position| self.entry_at(position)).collect()
    }

    /// The index as one binary value for storage, see
    /// [`search_snapshot`](super::search_snapshot).
    pub fn encode(&self) -> Vec<u8> {
        super::search_snapshot::encode(self)
    }

    /// Reads bytes written by [`SearchIndex::encode`], or by the previous version. Bytes of
    /// another version or damaged bytes are an error, never a panic.
    pub fn decode(bytes: &[u8]) -> Result<SearchIndex, IndexDecodeError> {
        super::search_snapshot::decode(bytes)
    }
}

/// What a search that found nobody carries into "New customer": a phone-like query (digits,
/// spaces, dashes, brackets, a plus) becomes the phone, in ASCII digits; anything else the
/// name, as typed. Returns `(name, phone)`.
pub fn new_customer_prefill(query: &str) -> (String, String) {
    let query = query.trim();
    let ascii = ascii_digits(query);
    let phone_like = ascii.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
        && ascii.chars().any(|c| c.is_ascii_digit());
    if phone_like {
        (String::new(), ascii.into_owned())
    } else {
        (query.to_owned(), String::new())
    }
}

/// What a query is compared with: its [`normalize`]d form (for a phone-like query only the
/// digits) and, unless it is phone-like, its phonetic key.
fn search_keys(query: &str) -> (String, Option<String>) {
    let normalized = normalize(query);
    let normalized = normalized.trim();
    let phone_like = !normalized.is_empty()
        && normalized.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
        && normalized.chars().any(|c| c.is_ascii_digit());
    if phone_like {
        (normalized.chars().filter(char::is_ascii_digit).collect(), None)
    } else {
        let phonetic = phonetic_key(normalized);
        (normalized.to_owned(), Some(phonetic).filter(|key| !key.is_empty()))
    }
}

#[cfg(test)]
#[path = "search_build_tests.rs"]
mod build_tests;

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;

// Property tests: proptest is a native-only dev-dependency (the browser suite runs without it).
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "search_prefilter_tests.rs"]
mod prefilter_tests;
