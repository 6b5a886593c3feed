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

use std::borrow::Cow;
use std::collections::HashMap;

use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};

use super::cards::CardState;
use super::customer::Customer;
use super::ids::CustomerId;
use super::search_haystack::{Haystacks, KEYS_VERSION, NO_MATCH};
use super::search_phonetic::phonetic_key;
use super::search_text::normalize;

/// The version of the index encoding, the last byte of [`SNAPSHOT_HEADER`]. Version 1 kept
/// cards as [`CardState`]; version 2 adds the built search keys after the entries, so start-up
/// does not normalize and romanize 100 000 names again. Bytes of another version are refused,
/// so start-up rebuilds the index from the customer records.
pub const SNAPSHOT_VERSION: u8 = 2;

/// The first bytes of an encoded index. The encoding before it had no header and began with the
/// entry count as a varint; three 0xFF bytes there would mean more than two million customers,
/// so old bytes are never mistaken for new ones.
pub const SNAPSHOT_HEADER: [u8; 4] = [0xFF, 0xFF, 0xFF, SNAPSHOT_VERSION];

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

/// All customers' names and phones, searchable by substring.
#[derive(Clone, Debug, Default)]
pub struct SearchIndex {
    entries: Vec<IndexEntry>,
    /// Where each customer's entry is. Ids are random, so the fast non-cryptographic hash leaves
    /// nothing to exploit; start-up inserts every customer before search answers.
    positions: HashMap<CustomerId, u32, FxBuildHasher>,
    /// The searchable texts, appended as entries change.
    haystacks: Haystacks,
    /// The segment that is current for each entry; older segments of an entry are stale.
    current_segment: Vec<u32>,
    stale_segments: usize,
}

/// Why stored index bytes could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IndexDecodeError {
    /// The bytes are not an index written by this version.
    #[error("the stored search index is damaged: {0}")]
    Corrupt(String),
    /// The index was written by another version of its encoding (start-up rebuilds it from the
    /// customer records).
    #[error("the stored search index is of another version, not {SNAPSHOT_VERSION}")]
    OtherVersion,
}

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
        self.entries.len()
    }

    /// Whether there are no customers yet.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry of one customer.
    pub fn get(&self, id: &CustomerId) -> Option<&IndexEntry> {
        self.positions.get(id).map(|&position| &self.entries[position as usize])
    }

    /// The customer with this E.164 phone, if any.
    pub fn find_phone(&self, phone: &str) -> Option<&IndexEntry> {
        self.entries.iter().find(|entry| entry.phone == phone)
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
        self.entries.swap_remove(position);
        self.current_segment.swap_remove(position);
        if let Some(moved) = self.entries.get(position) {
            self.positions.insert(moved.id, position as u32);
        }
        self.rebuild_haystack();
    }

    /// Adds a customer or replaces their entry.
    pub fn upsert(&mut self, entry: IndexEntry) {
        match self.positions.get(&entry.id) {
            Some(&position) => {
                let existing = &mut self.entries[position as usize];
                let keys_changed = existing.name != entry.name || existing.phone != entry.phone;
                *existing = entry;
                if keys_changed {
                    self.stale_segments += 1;
                    self.append_segment(position);
                    if self.stale_segments > 1_000 && self.stale_segments > self.entries.len() / 8 {
                        self.rebuild_haystack();
                    }
                }
            }
            None => {
                let position = self.entries.len() as u32;
                self.positions.insert(entry.id, position);
                self.entries.push(entry);
                self.current_segment.push(0);
                self.append_segment(position);
            }
        }
    }

    fn append_segment(&mut self, position: u32) {
        let entry = &self.entries[position as usize];
        self.current_segment[position as usize] = self.haystacks.push(position, &entry.name, &entry.phone);
    }

    /// The index of a decoded snapshot, like [`SearchIndex::from_entries`] but with the id map
    /// sized once and, when the snapshot carries keys of this version, its texts taken as they
    /// are, since start-up waits for it. A snapshot this code wrote never repeats an id; bytes
    /// that do are taken the slow way (a later entry replaces an earlier one).
    pub(crate) fn from_decoded(decoded: DecodedSnapshot) -> SearchIndex {
        let DecodedSnapshot { entries, keys } = decoded;
        let count = entries.len();
        let mut positions = HashMap::with_capacity_and_hasher(count, FxBuildHasher);
        for (position, entry) in entries.iter().enumerate() {
            if positions.insert(entry.id, position as u32).is_some() {
                return SearchIndex::from_entries(entries);
            }
        }
        let stored = keys.and_then(|(exact, phonetic)| Haystacks::from_texts(exact, phonetic, count));
        let built = stored.is_some();
        let mut index = SearchIndex {
            entries,
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
        for position in 0..self.entries.len() as u32 {
            self.append_segment(position);
        }
    }

    /// Customers whose name contains the query (any script, any case, any encoding of the same
    /// letters) or whose phone digits contain it (last four digits are enough); then customers
    /// whose name sounds like the query in another spelling or script. Within each, names that
    /// start with the query come first, then a later word, then recently seen customers. An
    /// empty query lists the most recently seen customers.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit<'_>> {
        let (exact, phonetic) = search_keys(query);
        if exact.is_empty() {
            return self.recent(limit);
        }
        let mut best = vec![NO_MATCH; self.entries.len()];
        let mut hits = Vec::new();
        self.haystacks.scan_exact(&exact, &self.current_segment, &mut best, &mut hits);
        if let Some(phonetic) = phonetic {
            self.haystacks.scan_phonetic(&phonetic, &self.current_segment, &mut best, &mut hits);
        }
        // Only the first `limit` in order are shown: select them before sorting.
        let order = |a: &u32, b: &u32| {
            best[*a as usize]
                .cmp(&best[*b as usize])
                .then_with(|| self.entries[*b as usize].touched_millis.cmp(&self.entries[*a as usize].touched_millis))
                // Among equals, the index's own order, so that the same query always shows the
                // same first few even though only those are selected before sorting.
                .then_with(|| a.cmp(b))
        };
        if hits.len() > limit && limit > 0 {
            hits.select_nth_unstable_by(limit - 1, order);
        }
        hits.truncate(limit);
        hits.sort_by(order);
        hits.into_iter().map(|position| &self.entries[position as usize]).collect()
    }

    /// The most recently seen customers.
    pub fn recent(&self, limit: usize) -> Vec<SearchHit<'_>> {
        let mut all: Vec<&IndexEntry> = self.entries.iter().collect();
        if all.len() > limit {
            all.select_nth_unstable_by(limit, |a, b| b.touched_millis.cmp(&a.touched_millis));
            all.truncate(limit);
        }
        all.sort_by(|a, b| b.touched_millis.cmp(&a.touched_millis));
        all
    }

    /// Every entry, in insertion order.
    pub fn entries(&self) -> &[IndexEntry] {
        &self.entries
    }

    /// The index as one compact binary value for storage: [`SNAPSHOT_HEADER`], then (postcard)
    /// the entries, the keys' version and the two texts of their current keys.
    pub fn encode(&self) -> Vec<u8> {
        let (exact, phonetic) = self.haystacks.current_texts(&self.current_segment);
        match postcard::to_extend(&(&self.entries, KEYS_VERSION, exact, phonetic), SNAPSHOT_HEADER.to_vec()) {
            Ok(encoded) => encoded,
            // Encoding plain data into a growable vector does not fail; an empty value would be
            // refused at the next start, which then rebuilds the index from the records.
            Err(_) => Vec::new(),
        }
    }

    /// Reads bytes written by [`SearchIndex::encode`]. Bytes of another version (the previous
    /// one had no version byte and stored a stamp balance) or damaged bytes are an error, never
    /// a panic.
    pub fn decode(bytes: &[u8]) -> Result<SearchIndex, IndexDecodeError> {
        Ok(SearchIndex::from_decoded(SearchIndex::decode_parts(bytes)?))
    }

    /// The first half of [`SearchIndex::decode`]: the entries and stored keys of the bytes, not
    /// yet indexed (the benchmark times the halves apart).
    pub(crate) fn decode_parts(bytes: &[u8]) -> Result<DecodedSnapshot, IndexDecodeError> {
        let Some(rest) = bytes.strip_prefix(&SNAPSHOT_HEADER[..]) else {
            return Err(IndexDecodeError::OtherVersion);
        };
        let corrupt = |error: postcard::Error| IndexDecodeError::Corrupt(error.to_string());
        let ((entries, keys_version, exact, phonetic), left): ((Vec<IndexEntry>, u8, String, String), &[u8]) =
            postcard::take_from_bytes(rest).map_err(corrupt)?;
        if !left.is_empty() {
            return Err(IndexDecodeError::Corrupt(format!("{} bytes after the entries", left.len())));
        }
        // Keys built by another version's rules are built again from the entries.
        let keys = (keys_version == KEYS_VERSION).then_some((exact, phonetic));
        Ok(DecodedSnapshot { entries, keys })
    }
}

/// A snapshot's decoded parts: its entries, and its texts of search keys when they were built
/// by this version's rules.
#[derive(Debug)]
pub(crate) struct DecodedSnapshot {
    pub(crate) entries: Vec<IndexEntry>,
    pub(crate) keys: Option<(String, String)>,
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
mod tests {
    use super::*;

    fn entry(byte: u8, name: &str, phone: &str, touched: i64) -> IndexEntry {
        IndexEntry { id: CustomerId::from_bytes([byte; 16]), name: name.into(), phone: phone.into(), card: CardState::default(), touched_millis: touched }
    }

    fn names(hits: Vec<SearchHit<'_>>) -> Vec<String> {
        hits.into_iter().map(|hit| hit.name.clone()).collect()
    }

    fn sample() -> SearchIndex {
        SearchIndex::from_entries([
            entry(1, "Ramesh Kumar", "+919876543210", 10),
            entry(2, "सीमा देवी", "+919812340000", 20),
            entry(3, "রহিম উদ্দিন", "+8801712345678", 30),
            entry(4, "Priya Ramesh", "+919800011111", 40),
        ])
    }

    #[test]
    fn finds_by_last_four_phone_digits_and_by_any_digits() {
        let index = sample();
        assert_eq!(names(index.search("3210", 10)), ["Ramesh Kumar"]);
        assert_eq!(names(index.search("98 12", 10)), ["सीमा देवी"]);
        assert_eq!(names(index.search("৫৬৭৮", 10)), ["রহিম উদ্দিন"]);
    }

    #[test]
    fn finds_names_case_insensitively_in_any_script_prefix_first() {
        let index = sample();
        assert_eq!(names(index.search("RAMESH", 10)), ["Ramesh Kumar", "Priya Ramesh"]);
        assert_eq!(names(index.search("सीमा", 10)), ["सीमा देवी"]);
        assert_eq!(names(index.search("রহিম", 10)), ["রহিম উদ্দিন"]);
        assert!(index.search("zzz", 10).is_empty());
    }

    #[test]
    fn an_edited_name_is_found_by_its_new_name_only() {
        let mut index = sample();
        index.upsert(entry(1, "Suresh Kumar", "+919876543210", 50));
        assert_eq!(names(index.search("suresh", 10)), ["Suresh Kumar"]);
        assert!(names(index.search("ramesh kumar", 10)).is_empty());
        assert_eq!(index.len(), 4);
    }

    #[test]
    fn empty_query_lists_recent_customers() {
        assert_eq!(names(sample().search("  ", 2)), ["Priya Ramesh", "রহিম উদ্দিন"]);
    }

    #[test]
    fn encode_decode_round_trip_and_garbage_is_an_error() {
        let index = sample();
        let decoded = SearchIndex::decode(&index.encode()).unwrap();
        assert_eq!(decoded.entries(), index.entries());
        assert!(SearchIndex::decode(&[0xff, 0xff, 0xff]).is_err());
    }

    #[test]
    fn an_index_of_the_previous_version_is_refused_and_bad_bytes_never_panic() {
        // The previous encoding: the entries with a stamp balance, without a header.
        #[derive(Serialize)]
        struct OldEntry {
            id: CustomerId,
            name: String,
            phone: String,
            balance: u32,
            touched_millis: i64,
        }
        let old: Vec<OldEntry> = (0..3u8)
            .map(|n| OldEntry { id: CustomerId::from_bytes([n; 16]), name: format!("n{n}"), phone: "+919876543210".into(), balance: 7, touched_millis: 1 })
            .collect();
        let old_bytes = postcard::to_allocvec(&old).unwrap();
        assert_eq!(SearchIndex::decode(&old_bytes).map(|index| index.len()), Err(IndexDecodeError::OtherVersion));
        let mut bytes = sample().encode();
        bytes.push(0);
        assert!(matches!(SearchIndex::decode(&bytes), Err(IndexDecodeError::Corrupt(_))));
        let huge_count: Vec<u8> = SNAPSHOT_HEADER.iter().copied().chain([0xff; 9]).chain([0x01]).collect();
        assert!(SearchIndex::decode(&huge_count).is_err());
        assert!(SearchIndex::decode(&[]).is_err());
        let good = sample().encode();
        for cut in 0..good.len() {
            let _ = SearchIndex::decode(&good[..cut]);
            let mut flipped = good.clone();
            flipped[cut] ^= 0x5a;
            let _ = SearchIndex::decode(&flipped);
        }
    }

    #[test]
    fn a_removed_customer_is_no_longer_found_and_the_others_still_are() {
        let mut index = sample();
        index.upsert(entry(1, "Suresh Kumar", "+919876543210", 50));
        index.remove(&CustomerId::from_bytes([1; 16]));
        assert_eq!(index.len(), 3);
        assert!(index.search("kumar", 10).is_empty());
        assert!(index.search("3210", 10).is_empty());
        assert!(index.find_phone("+919876543210").is_none());
        assert!(index.get(&CustomerId::from_bytes([1; 16])).is_none());
        // The entry moved into the removed one's place is still found by name and by id.
        assert_eq!(names(index.search("priya", 10)), ["Priya Ramesh"]);
        assert_eq!(index.get(&CustomerId::from_bytes([4; 16])).map(|e| e.name.as_str()), Some("Priya Ramesh"));
        assert_eq!(names(index.search("ramesh", 10)), ["Priya Ramesh"]);
        index.remove(&CustomerId::from_bytes([1; 16]));
        assert_eq!(index.len(), 3);
        let decoded = SearchIndex::decode(&index.encode()).unwrap();
        assert_eq!(decoded.entries(), index.entries());
        index.upsert(entry(9, "Asha", "+919876543210", 60));
        assert_eq!(names(index.search("3210", 10)), ["Asha"]);
    }

    #[test]
    fn a_search_that_found_nobody_fills_the_phone_or_the_name() {
        assert_eq!(new_customer_prefill(" 98765 43210 "), (String::new(), "98765 43210".to_owned()));
        assert_eq!(new_customer_prefill("+91-98765"), (String::new(), "+91-98765".to_owned()));
        assert_eq!(new_customer_prefill("९८७६५४३२१०"), (String::new(), "9876543210".to_owned()));
        assert_eq!(new_customer_prefill(" Asha Rani "), ("Asha Rani".to_owned(), String::new()));
        assert_eq!(new_customer_prefill("सीमा"), ("सीमा".to_owned(), String::new()));
        assert_eq!(new_customer_prefill("Asha 2"), ("Asha 2".to_owned(), String::new()));
        assert_eq!(new_customer_prefill(""), (String::new(), String::new()));
        assert_eq!(new_customer_prefill("--"), ("--".to_owned(), String::new()));
    }

    #[test]
    fn many_edits_compact_the_haystack_without_losing_anyone() {
        let mut index = SearchIndex::default();
        for n in 0..2_000u32 {
            let mut id = [0u8; 16];
            id[..4].copy_from_slice(&n.to_le_bytes());
            index.upsert(IndexEntry { id: CustomerId::from_bytes(id), name: format!("name{n}"), phone: format!("+91{n:010}"), card: CardState::default(), touched_millis: 0 });
        }
        for round in 0..3 {
            for n in 0..2_000u32 {
                let mut id = [0u8; 16];
                id[..4].copy_from_slice(&n.to_le_bytes());
                index.upsert(IndexEntry { id: CustomerId::from_bytes(id), name: format!("r{round}x{n}"), phone: format!("+91{n:010}"), card: CardState::default(), touched_millis: 0 });
            }
        }
        assert_eq!(index.len(), 2_000);
        assert_eq!(names(index.search("r2x1999", 10)), ["r2x1999"]);
        assert!(index.search("r1x", 10).is_empty());
    }
}
