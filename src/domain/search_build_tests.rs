//! Tests that the index start-up builds in one pass ([`SearchIndex::from_decoded`], the id map
//! sized once) finds exactly what the step-by-step build finds.

use super::*;

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
    let bytes = postcard::to_extend(&entries, SNAPSHOT_HEADER.to_vec()).unwrap();
    let decoded = SearchIndex::decode(&bytes).unwrap();
    assert_eq!(decoded.len(), 2);
    assert_eq!(decoded.get(&entry(1, "", 0).id).map(|e| e.name.as_str()), Some("Later"));
    assert!(decoded.search("first", 10).is_empty());
    assert_eq!(decoded.search("later", 10).len(), 1);
}
