//! The searchable text of the index: two long strings scanned with `memchr::memmem`, one with
//! every customer's normalized name and phone digits, one with their names' phonetic keys.
//!
//! An entry whose name or phone changes is appended again rather than patched in place, so a
//! keystroke never rebuilds anything; its older versions stay in the text as stale segments
//! until the index compacts them.

use memchr::memmem;

use super::search_phonetic::phonetic_key;
use super::search_text::normalize;

/// Ends an entry's keys in both texts; never part of a key, so no match spans two entries.
const END: char = '\u{0}';
/// Separates the name from the phone digits in the exact text.
const FIELD: char = '\u{1}';

/// Ranks of a match: 0 the name starts with the query, 1 a later word or the phone does, 2
/// inside a word; the same plus [`PHONETIC_RANK`] for a match of the phonetic key.
pub(super) const PHONETIC_RANK: u8 = 3;
/// No match.
pub(super) const NO_MATCH: u8 = u8::MAX;

/// Where one version of one entry's keys starts in each text.
#[derive(Clone, Copy, Debug)]
struct Segment {
    exact: u32,
    phonetic: u32,
    entry: u32,
}

/// The two texts and where each entry version starts in them.
#[derive(Clone, Debug, Default)]
pub(super) struct Haystacks {
    /// "normalized name\u{1}phone digits\u{0}" of every entry version.
    exact: String,
    /// "phonetic key of the name\u{0}" of every entry version.
    phonetic: String,
    /// Ascending in both starts.
    segments: Vec<Segment>,
}

impl Haystacks {
    /// Forgets every segment.
    pub(super) fn clear(&mut self) {
        self.exact.clear();
        self.phonetic.clear();
        self.segments.clear();
    }

    /// Appends the keys of entry `entry`; returns the new segment's number.
    pub(super) fn push(&mut self, entry: u32, name: &str, phone: &str) -> u32 {
        let segment = Segment { exact: self.exact.len() as u32, phonetic: self.phonetic.len() as u32, entry };
        let name = normalize(name);
        self.phonetic.push_str(&phonetic_key(&name));
        self.phonetic.push(END);
        self.exact.push_str(&name);
        self.exact.push(FIELD);
        self.exact.extend(phone.chars().filter(char::is_ascii_digit));
        self.exact.push(END);
        self.segments.push(segment);
        self.segments.len() as u32 - 1
    }

    /// Records in `best` the rank of every current segment whose name or phone digits contain
    /// `needle`, and in `hits` each entry seen for the first time. `current[entry]` is the
    /// entry's current segment; older segments of an entry are stale and ignored.
    pub(super) fn scan_exact(&self, needle: &str, current: &[u32], best: &mut [u8], hits: &mut Vec<u32>) {
        self.scan(needle, false, current, best, hits);
    }

    /// The same for the phonetic keys, with ranks from [`PHONETIC_RANK`].
    pub(super) fn scan_phonetic(&self, needle: &str, current: &[u32], best: &mut [u8], hits: &mut Vec<u32>) {
        self.scan(needle, true, current, best, hits);
    }

    fn scan(&self, needle: &str, phonetic: bool, current: &[u32], best: &mut [u8], hits: &mut Vec<u32>) {
        if needle.is_empty() {
            return;
        }
        let (text, base) = if phonetic { (self.phonetic.as_bytes(), PHONETIC_RANK) } else { (self.exact.as_bytes(), 0) };
        let start_of = |segment: &Segment| if phonetic { segment.phonetic } else { segment.exact } as usize;
        let finder = memmem::Finder::new(needle.as_bytes());
        let mut from = 0usize;
        while let Some(found) = finder.find(&text[from..]) {
            let offset = from + found;
            let index = self.segments.partition_point(|segment| start_of(segment) <= offset) - 1;
            let segment = self.segments[index];
            let start = start_of(&segment);
            if current[segment.entry as usize] == index as u32 {
                let rank = base
                    + if offset == start {
                        0
                    } else if matches!(text[offset - 1], b' ' | 1) {
                        1
                    } else {
                        2
                    };
                let slot = &mut best[segment.entry as usize];
                if *slot == NO_MATCH {
                    hits.push(segment.entry);
                }
                *slot = (*slot).min(rank);
            }
            // One match per segment is enough: skip to the next one.
            from = self.segments.get(index + 1).map_or(text.len(), start_of);
            if from >= text.len() {
                break;
            }
        }
    }
}
