//! The search-index snapshot round-trips any index: whatever customers were added, edited and
//! removed, in any script, with any card counts and times, decoding the encoded bytes gives the
//! same entries, finds the same customers, and encodes to the same bytes again.

#![cfg(not(target_arch = "wasm32"))]

use mohar::domain::{CardState, CustomerId, IndexEntry, SearchIndex};
use proptest::prelude::*;

/// Names as people type them, and texts that are not: Latin with and without accents and
/// capitals, Devanagari, Bengali, Gujarati, digits in every script, zero-width joiners, nukta
/// letters in two encodings, control characters, emoji and the empty name.
fn name() -> impl Strategy<Value = String> {
    proptest::string::string_regex("([A-Za-zé ]|[क-ह्‍ािी]|[অ-হ়্ো]|[અ-હ્ા]|[०-९]|\u{200d}|\u{0}|\u{1}|😀){0,12}").expect("regex")
}

fn phone() -> impl Strategy<Value = String> {
    prop_oneof![(0u64..10_000_000_000).prop_map(|n| format!("+91{n:010}")), proptest::string::string_regex("[+0-9a-zक ]{0,16}").expect("regex")]
}

fn card() -> impl Strategy<Value = CardState> {
    (any::<u32>(), any::<u32>(), proptest::option::of(any::<u32>()), any::<u32>()).prop_map(|(completed, redeemed, card_size, stamps)| CardState { completed, redeemed, card_size, stamps })
}

#[derive(Clone, Debug)]
enum Step {
    /// Adds or replaces the entry of customer `n` (a small number, so edits happen).
    Upsert(u8, String, String, CardState, i64),
    Remove(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u8..24, name(), phone(), card(), any::<i64>()).prop_map(|(n, name, phone, card, touched)| Step::Upsert(n, name, phone, card, touched)),
        1 => (0u8..24).prop_map(Step::Remove),
    ]
}

fn id(n: u8) -> CustomerId {
    CustomerId::from_bytes([n; 16])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn any_index_round_trips(steps in proptest::collection::vec(step(), 0..60), queries in proptest::collection::vec(name(), 1..4)) {
        let mut index = SearchIndex::default();
        for step in steps {
            match step {
                Step::Upsert(n, name, phone, card, touched_millis) => index.upsert(IndexEntry { id: id(n), name, phone, card, touched_millis }),
                Step::Remove(n) => index.remove(&id(n)),
            }
        }
        let bytes = index.encode();
        let decoded = SearchIndex::decode(&bytes).expect("an encoded index decodes");
        prop_assert_eq!(decoded.entries(), index.entries());
        for entry in index.entries() {
            prop_assert_eq!(decoded.get(&entry.id), Some(entry));
            prop_assert_eq!(decoded.find_phone(&entry.phone).map(|found| &found.phone), Some(&entry.phone));
        }
        for query in queries.iter().map(String::as_str).chain(["", "a", "9"]) {
            let found = |index: &SearchIndex| index.search(query, 100).into_iter().map(|hit| hit.id).collect::<Vec<_>>();
            prop_assert_eq!(found(&decoded), found(&index), "query {:?}", query);
        }
        prop_assert_eq!(decoded.encode(), bytes);
    }
}
