//! The searchable text of the index: two long strings scanned with `memchr::memmem`, one with
//! every customer's normalized name and phone digits, one with their names' phonetic keys.
//!
//! An entry whose name or phone changes is appended again rather than patched in place, so a
//! keystroke never rebuilds anything; its older versions stay in the text as stale segments
//! until the index compacts them.

use std::sync::OnceLock;

use memchr::arch::all::packedpair::HeuristicFrequencyRank;
use memchr::memmem;

use super::search_phonetic::phonetic_key;
use super::search_prefilter::ByteSet;
use super::search_text::normalize;

/// The version of the keys [`Haystacks::push`] writes. A snapshot keeps the built texts so that
/// start-up need not normalize and romanize every name again; it records this version, and keys
/// of another version are rebuilt from the entries. Change it whenever `normalize`,
/// `phonetic_key` or the layout below changes what is written (the test
/// `the_keys_of_a_fixed_sample_are_unchanged` fails until it is changed). Version 2: an n
/// before "mb"/"mp" folds to one n (`search_phonetic::fold`). Version 3: each character is
/// lower-cased on its own (`search_case.rs`) and ς is σ, so a Σ that ends a word is σ, no
/// longer ς.
pub(super) const KEYS_VERSION: u8 = 3;

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
    /// The [`ByteSet`] of each segment's exact and phonetic keys, in segment order: a query
    /// looks only inside the segments whose sets cover its own (`search_prefilter.rs`).
    sets: Vec<[ByteSet; 2]>,
    /// How common each byte is in each text, sampled when first needed after a change.
    ranks: OnceLock<[ByteRanks; 2]>,
}

/// How common each byte is in a text, 0 (absent) to 255 (the most common), for `memmem` to look
/// for a query's rarest bytes first. Its built-in ranking is tuned to English text and takes
/// every byte above 0x7F for rare, but names in Devanagari, Bengali and Gujarati are mostly
/// such bytes (each letter is 0xE0, 0xA4..0xAB, then one of 64 bytes): with that ranking every
/// letter of the text is a candidate, and a keystroke in those scripts took 10–20 times longer
/// than one in Latin letters.
#[derive(Clone, Copy, Debug)]
struct ByteRanks([u8; 256]);

impl ByteRanks {
    /// Sample this many bytes at most (spread over the text): enough for frequencies, and cheap
    /// to redo after a change.
    const SAMPLE: usize = 1 << 18;
    const CHUNK: usize = 4096;

    fn of(text: &[u8]) -> ByteRanks {
        let mut counts = [0u32; 256];
        let step = (text.len() / Self::SAMPLE).max(1);
        for chunk in text.chunks(Self::CHUNK).step_by(step) {
            for &byte in chunk {
                counts[byte as usize] += 1;
            }
        }
        let most = counts.iter().copied().max().unwrap_or(0).max(1) as u64;
        let mut ranks = [0u8; 256];
        for (rank, &count) in ranks.iter_mut().zip(&counts) {
            // A byte seen at all ranks above one never seen, so that absent bytes go first.
            *rank = if count == 0 { 0 } else { (1 + u64::from(count) * 254 / most) as u8 };
        }
        ByteRanks(ranks)
    }
}

impl HeuristicFrequencyRank for ByteRanks {
    fn rank(&self, byte: u8) -> u8 {
        self.0[byte as usize]
    }
}

impl Haystacks {
    /// Forgets every segment.
    pub(super) fn clear(&mut self) {
        self.exact.clear();
        self.phonetic.clear();
        self.segments.clear();
        self.sets.clear();
        self.ranks.take();
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
        let sets = [
            ByteSet::of(&self.exact.as_bytes()[segment.exact as usize..]),
            ByteSet::of(&self.phonetic.as_bytes()[segment.phonetic as usize..]),
        ];
        self.sets.push(sets);
        self.ranks.take();
        self.segments.len() as u32 - 1
    }

    /// The keys of each entry's current segment, in entry order, without the stale ones: what a
    /// snapshot stores. `current[entry]` is the entry's current segment. (Tests compare them;
    /// the snapshot itself writes each segment's keys, see `search_snapshot.rs`.)
    #[cfg(test)]
    pub(super) fn current_texts(&self, current: &[u32]) -> (String, String) {
        let mut exact = String::with_capacity(self.exact.len());
        let mut phonetic = String::with_capacity(self.phonetic.len());
        for &segment in current {
            let (own_exact, own_phonetic) = self.segment_texts(segment);
            exact.push_str(own_exact);
            phonetic.push_str(own_phonetic);
        }
        (exact, phonetic)
    }

    /// The exact and the phonetic keys of one segment, each with its closing `\0`.
    pub(super) fn segment_texts(&self, segment: u32) -> (&str, &str) {
        let segment = segment as usize;
        let next = self.segments.get(segment + 1);
        let start = self.segments[segment];
        (
            &self.exact[start.exact as usize..next.map_or(self.exact.len(), |n| n.exact as usize)],
            &self.phonetic[start.phonetic as usize..next.map_or(self.phonetic.len(), |n| n.phonetic as usize)],
        )
    }

    /// The haystacks of texts written by [`Haystacks::current_texts`] for `count` entries, one
    /// segment per entry in order; `None` unless each text holds exactly `count` keys.
    pub(super) fn from_texts(exact: String, phonetic: String, count: usize) -> Option<Haystacks> {
        let exact_ends = memchr::memchr_iter(0, exact.as_bytes());
        let mut phonetic_ends = memchr::memchr_iter(0, phonetic.as_bytes());
        let mut segments = Vec::with_capacity(count);
        let (mut exact_start, mut phonetic_start) = (0u32, 0u32);
        for exact_end in exact_ends {
            let phonetic_end = phonetic_ends.next()?;
            if segments.len() == count {
                return None;
            }
            segments.push(Segment { exact: exact_start, phonetic: phonetic_start, entry: segments.len() as u32 });
            exact_start = exact_end as u32 + 1;
            phonetic_start = phonetic_end as u32 + 1;
        }
        let complete = segments.len() == count
            && phonetic_ends.next().is_none()
            && exact_start as usize == exact.len()
            && phonetic_start as usize == phonetic.len();
        if !complete {
            return None;
        }
        let mut haystacks = Haystacks { exact, phonetic, segments, sets: Vec::new(), ranks: OnceLock::new() };
        haystacks.sets = (0..haystacks.segments.len() as u32)
            .map(|segment| {
                let (exact, phonetic) = haystacks.segment_texts(segment);
                [ByteSet::of(exact.as_bytes()), ByteSet::of(phonetic.as_bytes())]
            })
            .collect();
        Some(haystacks)
    }

    /// Records in `best` the rank of every current segment whose name or phone digits contain
    /// `needle` (or, with `phonetic`, whose phonetic key does, with ranks from
    /// [`PHONETIC_RANK`]), and in `hits` each entry seen for the first time. `current[entry]` is
    /// the entry's current segment; older segments of an entry are stale and ignored. Looks
    /// only inside the segments whose [`ByteSet`] covers the needle's, unless most do; finds
    /// what [`Haystacks::scan_text`] finds (property-tested in `search_prefilter_tests.rs`).
    pub(super) fn scan(&self, needle: &str, phonetic: bool, current: &[u32], best: &mut [u8], hits: &mut Vec<u32>) {
        if needle.is_empty() {
            return;
        }
        let candidates = self.candidates(needle, phonetic);
        // When most segments may hold the query (one or two common letters), one pass of
        // `memmem` over the whole text costs less than a search inside each of them.
        if candidates.len() > self.segments.len() / 8 {
            self.scan_text(needle, phonetic, current, best, hits);
        } else {
            self.scan_inside(&candidates, needle, phonetic, current, best, hits);
        }
    }

    /// [`Haystacks::scan`] inside every segment whose set covers the needle's, however many:
    /// for the tests, which compare it with [`Haystacks::scan_text`] on small indexes too.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub(super) fn scan_sets(&self, needle: &str, phonetic: bool, current: &[u32], best: &mut [u8], hits: &mut Vec<u32>) {
        if !needle.is_empty() {
            self.scan_inside(&self.candidates(needle, phonetic), needle, phonetic, current, best, hits);
        }
    }

    /// The segments whose [`ByteSet`] of the exact (or phonetic) key covers the needle's.
    pub(super) fn candidates(&self, needle: &str, phonetic: bool) -> Vec<u32> {
        let wanted = ByteSet::of(needle.as_bytes());
        let which = usize::from(phonetic);
        (0..self.sets.len() as u32).filter(|&segment| self.sets[segment as usize][which].covers(&wanted)).collect()
    }

    /// Looks for the needle inside each of `candidates` (segments, ascending).
    fn scan_inside(&self, candidates: &[u32], needle: &str, phonetic: bool, current: &[u32], best: &mut [u8], hits: &mut Vec<u32>) {
        let text = if phonetic { self.phonetic.as_bytes() } else { self.exact.as_bytes() };
        let base = if phonetic { PHONETIC_RANK } else { 0 };
        let start_of = |segment: &Segment| if phonetic { segment.phonetic } else { segment.exact } as usize;
        let finder = memmem::Finder::new(needle.as_bytes());
        for &index in candidates {
            let segment = self.segments[index as usize];
            if current[segment.entry as usize] != index {
                continue;
            }
            let start = start_of(&segment);
            let end = self.segments.get(index as usize + 1).map_or(text.len(), start_of);
            if let Some(found) = finder.find(&text[start..end]) {
                // The first match in the segment, ranked as `scan_text` ranks it.
                record(best, hits, segment.entry, base + rank_at(text, start, start + found));
            }
        }
    }

    /// [`Haystacks::scan`] through the whole text with `memmem`, without the sets.
    pub(super) fn scan_text(&self, needle: &str, phonetic: bool, current: &[u32], best: &mut [u8], hits: &mut Vec<u32>) {
        if needle.is_empty() {
            return;
        }
        let (text, base) = if phonetic { (self.phonetic.as_bytes(), PHONETIC_RANK) } else { (self.exact.as_bytes(), 0) };
        let start_of = |segment: &Segment| if phonetic { segment.phonetic } else { segment.exact } as usize;
        let ranks = self.ranks.get_or_init(|| [ByteRanks::of(self.exact.as_bytes()), ByteRanks::of(self.phonetic.as_bytes())]);
        let finder = memmem::FinderBuilder::new().build_forward_with_ranker(&ranks[usize::from(phonetic)], needle.as_bytes());
        let mut from = 0usize;
        while let Some(found) = finder.find(&text[from..]) {
            let offset = from + found;
            let index = self.segments.partition_point(|segment| start_of(segment) <= offset) - 1;
            let segment = self.segments[index];
            let start = start_of(&segment);
            if current[segment.entry as usize] == index as u32 {
                record(best, hits, segment.entry, base + rank_at(text, start, offset));
            }
            // One match per segment is enough: skip to the next one.
            from = self.segments.get(index + 1).map_or(text.len(), start_of);
            if from >= text.len() {
                break;
            }
        }
    }
}

/// The rank of a match at `offset` in a segment starting at `start`: 0 at the start of the
/// name, 1 at a later word or the phone, 2 inside a word.
fn rank_at(text: &[u8], start: usize, offset: usize) -> u8 {
    if offset == start {
        0
    } else if matches!(text[offset - 1], b' ' | 1) {
        1
    } else {
        2
    }
}

/// Notes a match of `entry` with `rank`: its best rank so far, and the entry in `hits` the
/// first time.
fn record(best: &mut [u8], hits: &mut Vec<u32>, entry: u32, rank: u8) {
    let slot = &mut best[entry as usize];
    if *slot == NO_MATCH {
        hits.push(entry);
    }
    *slot = (*slot).min(rank);
}
