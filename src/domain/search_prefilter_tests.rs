//! The byte sets' fast path finds exactly what the scan of the whole texts finds, in the same
//! order: on generated indexes with names in four scripts, edited and removed customers (stale
//! segments), and queries of every kind (parts of names, phone digits, other spellings, rare
//! and common letters).

use proptest::prelude::*;

use super::*;
use crate::bench::seed::{synthetic_name, synthetic_phone, SeededRandom};

fn generated(count: u64, seed: u64) -> SearchIndex {
    let mut random = SeededRandom::new(seed);
    let mut index = SearchIndex::from_entries((0..count).map(|n| entry(n, &mut random)));
    // Edits (a new name or phone appends a segment, the old one goes stale) and removals.
    for n in (0..count).step_by(7) {
        let mut edited = entry(n, &mut random);
        edited.touched_millis += 1;
        index.upsert(edited);
    }
    // A removal builds the texts again, so a few of them.
    for n in (3..count).step_by((count as usize / 4).max(11)) {
        index.remove(&id(n));
    }
    index
}

fn id(n: u64) -> CustomerId {
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&n.to_le_bytes());
    CustomerId::from_bytes(bytes)
}

fn entry(n: u64, random: &mut SeededRandom) -> IndexEntry {
    IndexEntry {
        id: id(n),
        name: synthetic_name(n + random.next() % 5, random),
        phone: synthetic_phone(n * 13 + random.next() % 13).as_str().to_owned(),
        card: CardState::default(),
        // Few distinct times, so that ties fall back to the index's order.
        touched_millis: (random.next() % 50) as i64,
    }
}

fn ids(hits: Vec<SearchHit<'_>>) -> Vec<CustomerId> {
    hits.into_iter().map(|hit| hit.id).collect()
}

/// Queries of every kind: the benchmark's, parts of the index's own names and phones, other
/// spellings, and one or two common letters (which take the whole-text path).
fn queries(index: &SearchIndex, random: &mut SeededRandom, count: usize) -> Vec<String> {
    let syllables = ["ra", "mi", "sha", "रा", "मी", "শা", "কু", "an", "dev", "प्रि", "ર", "મી", "য়া", "ku"];
    let entries = index.entries();
    let mut list: Vec<String> = ["a", "r", "9", "91", "ra", "ম", "्", "ramesh", "zz", "0000", "a ", " ", "ি"].map(String::from).to_vec();
    for i in 0..count {
        let pick = |random: &mut SeededRandom| syllables[(random.next() % syllables.len() as u64) as usize];
        let query = match i % 4 {
            0 => format!("{}{}", pick(random), pick(random)),
            1 => format!("{}", 1000 + random.next() % 9000),
            _ => {
                let entry = entries[(random.next() % entries.len() as u64) as usize];
                let text: Vec<char> = if i % 4 == 2 { entry.name.chars().collect() } else { entry.phone.chars().collect() };
                let from = (random.next() % text.len() as u64) as usize;
                let len = 1 + (random.next() % 6) as usize;
                text[from..(from + len).min(text.len())].iter().collect()
            }
        };
        list.push(query);
    }
    list
}

#[test]
fn the_fast_path_finds_what_the_whole_scan_finds_at_scale() {
    let index = generated(10_000, 11);
    let mut random = SeededRandom::new(5);
    for query in queries(&index, &mut random, 120) {
        for limit in [30, 100_000] {
            let plain = ids(index.search_plain(&query, limit));
            assert_eq!(ids(index.search(&query, limit)), plain, "{query:?} limit {limit}");
            assert_eq!(ids(index.search_sets(&query, limit)), plain, "{query:?} limit {limit}");
        }
    }
}

#[test]
fn the_benchmark_queries_look_inside_few_keys() {
    let index = generated(10_000, 3);
    let segments = index.haystacks.candidates("", false).len();
    // Four phone digits, and two syllables in three scripts (bench/search.mjs).
    for (query, phonetic) in [("3210", false), ("9876", false), ("rami", false), ("rami", true), ("रामी", false), ("শাকু", false), ("devan", true)] {
        let left = index.haystacks.candidates(query, phonetic).len();
        // Under one in eight: the fast path, not the whole-text scan (Haystacks::scan).
        assert!(left * 8 <= segments, "{query}: {left} of {segments}");
        println!("{query} ({}): {left} of {segments} keys looked inside", if phonetic { "phonetic" } else { "exact" });
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_fast_path_finds_what_the_whole_scan_finds(count in 1u64..400, seed in any::<u64>(), limit in 1usize..40) {
        let index = generated(count, seed);
        let mut random = SeededRandom::new(seed ^ 0x5EED);
        for query in queries(&index, &mut random, 40) {
            let plain = ids(index.search_plain(&query, limit));
            prop_assert_eq!(ids(index.search(&query, limit)), plain.clone(), "{:?}", query);
            prop_assert_eq!(ids(index.search_sets(&query, limit)), plain, "{:?}", query);
        }
    }
}
