//! The snapshot's layout: what version 3 stores and derives, and that version 2 is still read.

use super::*;
use crate::domain::search::IndexEntry;

fn entry(n: u32, name: &str, card: CardState, touched: i64) -> IndexEntry {
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&n.to_le_bytes());
    IndexEntry { id: CustomerId::from_bytes(id), name: name.into(), phone: format!("+91{:010}", 9_000_000_000u64 + u64::from(n)), card, touched_millis: touched }
}

fn mixed() -> SearchIndex {
    let cards = [
        CardState::default(),
        CardState { completed: 3, redeemed: 1, card_size: Some(10), stamps: 7 },
        CardState { completed: u32::MAX, redeemed: u32::MAX, card_size: Some(u32::MAX), stamps: u32::MAX },
        CardState { completed: 0, redeemed: 0, card_size: None, stamps: 25 },
    ];
    // Latin (ASCII lower case), Indian scripts (their own normal form), and names whose key
    // is neither: an accent, a zero-width joiner, a second encoding of the same letter.
    let names = ["Ramesh Kumar", "सीमा देवी", "রহিম উদ্দিন", "પ્રજ્ઞેશ", "Zoë", "क्‍ष", "ক\u{9bc}", "", "ASHA 2"];
    let touched = [0, -1, i64::MIN, i64::MAX, 1_764_000_000_000];
    SearchIndex::from_entries((0..40u32).map(|n| {
        let n_ = n as usize;
        entry(n, names[n_ % names.len()], cards[n_ % cards.len()], touched[n_ % touched.len()])
    }))
}

/// The lengths of the four sections after the ids: numbers, fields, own keys, phonetic keys.
fn sections(bytes: &[u8]) -> [usize; 4] {
    let count = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
    let mut at = IDS_AT + count * 16;
    let mut lengths = [0; 4];
    for length in &mut lengths {
        *length = u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap()) as usize;
        at += 4 + *length;
    }
    assert_eq!(at, bytes.len());
    lengths
}

#[test]
fn every_entry_and_key_survives_the_round_trip() {
    let mut index = mixed();
    index.upsert(entry(3, "Suresh", CardState::default(), 9));
    index.remove(&entry(5, "", CardState::default(), 0).id);
    let bytes = index.encode();
    assert_eq!(&bytes[..4], &SNAPSHOT_HEADER);
    let decoded = SearchIndex::decode(&bytes).unwrap();
    assert_eq!(decoded.entries(), index.entries());
    assert_eq!(decoded.haystacks.current_texts(&decoded.current_segment), index.haystacks.current_texts(&index.current_segment));
    for query in ["ramesh", "सीमा", "রহিম", "zoe", "zoë", "asha", "suresh", "9000000003", "क्ष", ""] {
        let found = |index: &SearchIndex| index.search(query, 50).into_iter().map(|hit| hit.id).collect::<Vec<_>>();
        assert_eq!(found(&decoded), found(&index), "{query}");
    }
    assert_eq!(decoded.encode(), bytes, "a decoded snapshot encodes to the same bytes");
}

#[test]
fn keys_that_follow_from_the_name_and_phone_are_not_stored() {
    let plain = SearchIndex::from_entries((0..30u32).map(|n| entry(n, ["Ramesh Kumar", "सीमा देवी", "রহিম উদ্দিন"][n as usize % 3], CardState::default(), 1)));
    let [_, fields, own, phonetic] = sections(&plain.encode());
    assert_eq!(own, 0, "Latin names in lower case and Indian scripts in their normal form are derived");
    assert!(fields > 0 && phonetic > 0);
    // A name whose normal form is neither stores its key (here: the zero-width joiner goes).
    let joined = SearchIndex::from_entries([entry(1, "क्‍ष", CardState::default(), 1)]);
    let [_, _, own, _] = sections(&joined.encode());
    assert_eq!(own, "क्ष\u{1}919000000001\0".len());
}

#[test]
fn a_snapshot_of_version_2_is_read_and_said_to_be_outdated() {
    let index = mixed();
    let entries: Vec<IndexEntry> = index.entries().into_iter().cloned().collect();
    let (exact, phonetic) = index.haystacks.current_texts(&index.current_segment);
    let v2 = postcard::to_extend(&(&entries, KEYS_VERSION, exact, phonetic), HEADER_V2.to_vec()).unwrap();
    assert!(is_outdated(&v2));
    assert!(!is_outdated(&index.encode()));
    let decoded = SearchIndex::decode(&v2).unwrap();
    assert_eq!(decoded.entries(), index.entries());
    assert_eq!(decoded.search("rahim", 50).len(), index.search("rahim", 50).len());
    // Other versions are refused: start-up rebuilds the index from the records.
    assert_eq!(SearchIndex::decode(&[0xFF, 0xFF, 0xFF, 1, 0]).map(|index| index.len()), Err(IndexDecodeError::OtherVersion));
    assert_eq!(SearchIndex::decode(&[0xFF, 0xFF, 0xFF, 4, 0]).map(|index| index.len()), Err(IndexDecodeError::OtherVersion));
}

#[test]
fn bad_lengths_and_offsets_are_errors_never_panics() {
    let good = mixed().encode();
    // A count larger than the bytes, a field length past the text, a name cut inside a letter.
    let mut huge = good.clone();
    huge[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    assert!(matches!(SearchIndex::decode(&huge), Err(IndexDecodeError::Corrupt(_))));
    let one = SearchIndex::from_entries([entry(1, "सीमा", CardState::default(), 1)]).encode();
    let numbers_at = IDS_AT + 16 + 4;
    // The numbers of one entry: 2 (touched 1, zigzagged), 0 0 0 0, then the name's length.
    assert_eq!(one[numbers_at + 5], 12);
    for bad_length in [11, 13, 100] {
        let mut cut = one.clone();
        cut[numbers_at + 5] = bad_length;
        assert!(matches!(SearchIndex::decode(&cut), Err(IndexDecodeError::Corrupt(_))), "{bad_length}");
    }
    let mut unknown_kind = one.clone();
    unknown_kind[numbers_at + 7] = 3;
    assert!(matches!(SearchIndex::decode(&unknown_kind), Err(IndexDecodeError::Corrupt(_))));
    for cut in 0..good.len() {
        let _ = SearchIndex::decode(&good[..cut]);
        let mut flipped = good.clone();
        flipped[cut] ^= 0x5a;
        if let Ok(index) = SearchIndex::decode(&flipped) {
            let _ = index.search("a", 5);
            let _ = index.entries().len();
        }
    }
}
