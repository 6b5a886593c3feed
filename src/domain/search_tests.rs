//! The search index's own tests: searching, editing, removing and the snapshot round trip.

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
