//! Tests that the index start-up builds in one pass ([`SearchIndex::from_columns`], the id map
//! sized once) finds exactly what the step-by-step build finds.

use super::*;
use crate::domain::search_haystack::KEYS_VERSION;

fn entry(n: u32, name: &str, touched: i64) -> IndexEntry {
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&n.to_le_bytes());
    IndexEntry { id: CustomerId::from_bytes(id), name: name.into(), phone: format!("+91{:010}", 9_000_000_000u64 + u64::from(n)), card: CardState::default(), touched_millis: touched }
}

#[test]
fn a_decoded_snapshot_answers_like_the_index_it_was_made_from() {
    let names = ["Ramesh Kumar", "ΟΔΥΣΣΕΥΣ", "सीमा देवी", "রহিম উদ্দিন", "Asha ९८७", "asha"];
    let index = SearchIndex::from_entries((0..600u32).map(|n| entry(n, names[n as usize % names.len()], i64::from(n % 7))));
    let decoded = SearchIndex::decode(&index.encode()).unwrap();
    for query in ["ramesh", "οδυσσευς", "सीमा", "উদ্দিন", "987", "asha", "0001", "9000000", ""] {
        let found = |index: &SearchIndex| index.search(query, 30).into_iter().map(|hit| hit.id).collect::<Vec<_>>();
        assert_eq!(found(&decoded), found(&index), "{query}");
    }
}

#[test]
fn equal_matches_keep_the_index_order_when_only_the_first_few_are_shown() {
    // 100 names that start with "asha", all seen at the same time: the first ten in the index.
    let index = SearchIndex::from_entries((0..100u32).map(|n| entry(n, &format!("Asha {n}"), 5)));
    let shown: Vec<String> = index.search("asha", 10).into_iter().map(|hit| hit.name.clone()).collect();
    assert_eq!(shown, (0..10).map(|n| format!("Asha {n}")).collect::<Vec<_>>());
    // The most recently seen first, whatever their place.
    let index = SearchIndex::from_entries((0..100u32).map(|n| entry(n, &format!("Asha {n}"), i64::from(n))));
    let shown: Vec<String> = index.search("asha", 3).into_iter().map(|hit| hit.name.clone()).collect();
    assert_eq!(shown, ["Asha 99", "Asha 98", "Asha 97"]);
}

#[test]
fn a_snapshot_that_repeats_an_id_keeps_the_later_entry() {
    let entries = vec![entry(1, "First", 1), entry(2, "Other", 2), entry(1, "Later", 3)];
    // Version 2 (postcard), and version 3 with the third id made the first's.
    let v2 = postcard::to_extend(&(&entries, KEYS_VERSION, "", ""), vec![0xFF, 0xFF, 0xFF, 2]).unwrap();
    let mut v3 = SearchIndex::from_entries([entry(1, "First", 1), entry(2, "Other", 2), entry(3, "Later", 3)]).encode();
    let id_at = super::super::search_snapshot::IDS_AT;
    v3.copy_within(id_at..id_at + 16, id_at + 32);
    for bytes in [v2, v3] {
        let decoded = SearchIndex::decode(&bytes).unwrap();
        assert_eq!(decoded.len(), 2);
        assert_eq!(decoded.get(&entry(1, "", 0).id).map(|e| e.name.as_str()), Some("Later"));
        assert!(decoded.search("first", 10).is_empty());
        assert_eq!(decoded.search("later", 10).len(), 1);
    }
}

/// The snapshot of `index` with its stored texts replaced, to see what start-up makes of them.
fn with_keys(index: &SearchIndex, keys_version: u8, exact: &str, phonetic: &str) -> Vec<u8> {
    super::super::search_snapshot::encode_stored_keys(index, keys_version, exact, phonetic)
}

fn found(index: &SearchIndex, query: &str) -> Vec<CustomerId> {
    index.search(query, 100).into_iter().map(|hit| hit.id).collect()
}

#[test]
fn a_snapshot_keeps_the_built_keys_and_start_up_uses_them_as_they_are() {
    let index = SearchIndex::from_entries((0..50u32).map(|n| entry(n, ["Ramesh", "रमेश", "রমেশ"][n as usize % 3], 1)));
    let (exact, phonetic) = index.haystacks.current_texts(&index.current_segment);
    // Stored keys that differ from the entries' own are what the decoded index searches: proof
    // that start-up takes them instead of building them again.
    let swapped_exact = exact.replace("ramesh", "suresh");
    let decoded = SearchIndex::decode(&with_keys(&index, KEYS_VERSION, &swapped_exact, &phonetic)).unwrap();
    assert_eq!(found(&decoded, "suresh").len(), 17);
    assert_eq!(found(&decoded, "ramesh").len(), 50, "by sound: every script's Ramesh");
}

#[test]
fn keys_of_another_version_or_of_the_wrong_count_are_built_again_from_the_entries() {
    let index = SearchIndex::from_entries((0..50u32).map(|n| entry(n, ["Ramesh", "रमेश", "রমেশ"][n as usize % 3], 1)));
    let (exact, phonetic) = index.haystacks.current_texts(&index.current_segment);
    let swapped_exact = exact.replace("ramesh", "suresh");
    for bytes in [
        with_keys(&index, KEYS_VERSION.wrapping_add(1), &swapped_exact, &phonetic),
        with_keys(&index, KEYS_VERSION, &swapped_exact[..swapped_exact.len() - 1], &phonetic),
        with_keys(&index, KEYS_VERSION, &format!("{swapped_exact}x\u{1}\u{0}"), &format!("{phonetic}x\u{0}")),
        with_keys(&index, KEYS_VERSION, "", ""),
    ] {
        let decoded = SearchIndex::decode(&bytes).unwrap();
        assert!(found(&decoded, "suresh").is_empty());
        for query in ["ramesh", "रमेश", "0001", ""] {
            assert_eq!(found(&decoded, query), found(&index, query), "{query}");
        }
    }
}

#[test]
fn a_snapshot_of_an_edited_index_stores_only_the_current_keys() {
    let mut index = SearchIndex::from_entries((0..10u32).map(|n| entry(n, "Asha", 1)));
    index.upsert(entry(3, "Seema", 2));
    let (exact, _) = index.haystacks.current_texts(&index.current_segment);
    assert_eq!(exact.matches("asha").count(), 9);
    let decoded = SearchIndex::decode(&index.encode()).unwrap();
    assert_eq!(found(&decoded, "seema"), found(&index, "seema"));
    assert_eq!(found(&decoded, "asha").len(), 9);
}

#[test]
fn the_keys_of_a_fixed_sample_are_unchanged() {
    // If this fails, the rules that build the keys changed: snapshots written before hold keys
    // of the old rules. Change KEYS_VERSION (search_haystack.rs) so start-up builds them again,
    // then update the texts below.
    let index = SearchIndex::from_entries(
        ["Ramesh Kumar", "सीमा देवी", "রহিম উদ্দিন", "પ્રજ્ઞેશ", "Zoë ९८", "ΟΔΥΣΣΕΥΣ"].iter().enumerate().map(|(n, name)| entry(n as u32, name, 1)),
    );
    let (exact, phonetic) = index.haystacks.current_texts(&index.current_segment);
    assert_eq!(exact, "ramesh kumar\u{1}919000000000\0सीमा द\u{947}वी\u{1}919000000001\0রহিম উদ\u{9cd}দিন\u{1}919000000002\0પ\u{acd}રજ\u{acd}ઞ\u{ac7}શ\u{1}919000000003\0zoë 98\u{1}919000000004\0οδυσσευσ\u{1}919000000005\0");
    assert_eq!(phonetic, "rames kumar\0sim debi\0rahim udin\0pragnes\0jue 98\0οδυσσευσ\0");
}
