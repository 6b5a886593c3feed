//! Search finds a name however it was typed: in another script, another spelling, another
//! encoding of the same letters. Golden pairs of real names, then properties that must hold for
//! any name and query.
#![cfg(not(target_arch = "wasm32"))]

use mohar::domain::search_phonetic::{fold, phonetic_key};
use mohar::domain::search_text::normalize;
use mohar::domain::{CardState, CustomerId, IndexEntry, SearchIndex};
use proptest::prelude::*;

fn entry(number: u32, name: &str, touched: i64) -> IndexEntry {
    let mut id = [0u8; 16];
    id[..4].copy_from_slice(&number.to_le_bytes());
    IndexEntry { id: CustomerId::from_bytes(id), name: name.into(), phone: format!("+91{:010}", 9_000_000_000u64 + u64::from(number)), card: CardState::default(), touched_millis: touched }
}

fn names(index: &SearchIndex, query: &str) -> Vec<String> {
    index.search(query, 50).into_iter().map(|hit| hit.name.clone()).collect()
}

/// (saved name, what a clerk types): real names of India and Bangladesh, Hindu and Muslim,
/// saved in Devanagari, Bengali, Gujarati or Latin letters and typed in another script or
/// spelling.
const PAIRS: &[(&str, &str)] = &[
    // Devanagari, typed in Latin letters.
    ("रमेश", "ramesh"),
    ("सुरेश", "Suresh"),
    ("मोहम्मद", "mohammad"),
    ("मोहम्मद", "muhammad"),
    ("लक्ष्मी", "lakshmi"),
    ("लक्ष्मी", "laxmi"),
    ("प्रिया", "priya"),
    ("पूजा", "pooja"),
    ("पूजा", "puja"),
    ("सुनीता", "sunita"),
    ("विकास", "vikas"),
    ("राजकुमार", "rajkumar"),
    ("इमरान", "imran"),
    ("सलमान", "salman"),
    ("ज़ाकिर", "zakir"),
    ("फ़रहान", "farhan"),
    ("संजय", "sanjay"),
    ("कृष्णा", "krishna"),
    ("श्याम", "shyam"),
    ("गीता", "geeta"),
    ("दीपक", "deepak"),
    ("आनंद", "anand"),
    ("भावना", "bhavna"),
    ("गौरव", "gaurav"),
    // Bengali, typed in Latin letters.
    ("সুমন", "suman"),
    ("রমেশ", "ramesh"),
    ("লক্ষ্মী", "lakshmi"),
    ("রহিম", "rahim"),
    ("রহমান", "rahman"),
    ("ফাতেমা", "fatema"),
    ("নাসরিন", "nasrin"),
    ("তানভীর", "tanvir"),
    ("আরিফ", "arif"),
    ("শাহানা", "shahana"),
    ("মোহাম্মদ", "mohammad"),
    ("হোসাইন", "hossain"),
    ("আয়েশা", "ayesha"),
    ("জাহিদ", "zahid"),
    ("শরৎ", "sharat"),
    ("বিশ্বাস", "biswas"),
    ("দেবাশীষ", "debashish"),
    ("সৌমিত্র", "soumitra"),
    ("মাহমুদ", "mahmud"),
    ("ইসলাম", "islam"),
    ("আক্তার", "akhtar"),
    ("সাকিব", "shakib"),
    // Gujarati, typed in Latin letters.
    ("ભાવેશ", "bhavesh"),
    ("રમેશ", "ramesh"),
    ("હિતેશ", "hitesh"),
    ("જીગ્નેશ", "jignesh"),
    ("પટેલ", "patel"),
    ("દેસાઈ", "desai"),
    ("કિંજલ", "kinjal"),
    ("ધ્રુવ", "dhruv"),
    ("પ્રજ્ઞેશ", "pragnesh"),
    ("મોહમ્મદ", "mohammad"),
    ("ઈરફાન", "irfan"),
    ("યુસુફ", "yusuf"),
    ("ઝવેરી", "zaveri"),
    // Latin names, typed in an Indic script or spelled another way.
    ("Ravi Sharma", "रवि"),
    ("Priya", "প্রিয়া"),
    ("Arjun Patel", "અર્જુન"),
    ("Mohammad Ali", "মুহাম্মদ"),
    ("Muhammad Yusuf", "mohamad yusuf"),
    ("Lakshmi Iyer", "laxmi"),
    ("Farah Khan", "फ़राह"),
    ("Suman Das", "সুমন দাস"),
    // One script typed in another.
    ("रमेश", "রমেশ"),
    ("সুমন", "સુમન"),
];

#[test]
fn every_golden_pair_is_found_by_the_other_spelling() {
    let mut misses = Vec::new();
    for (number, (saved, typed)) in PAIRS.iter().enumerate() {
        // Among other customers, so a pair is found by its key and not by an empty index.
        let index = SearchIndex::from_entries([entry(1, saved, 10), entry(2, "Zzz Qqq", 20), entry(3, "টুটুল", 30)]);
        if !names(&index, typed).iter().any(|name| name == saved) {
            misses.push(format!("#{number}: {typed:?} did not find {saved:?} (keys {:?} and {:?})", phonetic_key(&normalize(saved)), phonetic_key(&normalize(typed))));
        }
    }
    assert!(PAIRS.len() >= 40);
    assert!(misses.is_empty(), "{}", misses.join("\n"));
}

#[test]
fn a_latin_spelling_finds_the_name_in_all_three_scripts_and_names_typed_in_its_script_first() {
    let index = SearchIndex::from_entries([
        entry(1, "रमेश शर्मा", 50),
        entry(2, "রমেশ দাস", 40),
        entry(3, "રમેશ પટેલ", 30),
        entry(4, "Ramesh Kumar", 10),
        entry(5, "Suresh Kumar", 60),
    ]);
    // The Latin name matches the letters typed, so it comes first though seen least recently;
    // the phonetic matches follow, most recent first.
    assert_eq!(names(&index, "ramesh"), ["Ramesh Kumar", "रमेश शर्मा", "রমেশ দাস", "રમેશ પટેલ"]);
    assert_eq!(names(&index, "रमेश"), ["रमेश शर्मा", "রমেশ দাস", "રમેશ પટેલ", "Ramesh Kumar"]);
    // A name that begins with the sound comes before one where it is a later word.
    let index = SearchIndex::from_entries([entry(1, "Anil Suman", 50), entry(2, "সুমন আলী", 10)]);
    assert_eq!(names(&index, "সুমন"), ["সুমন আলী", "Anil Suman"]);
}

#[test]
fn a_bengali_name_typed_with_zero_width_joiners_or_another_encoding_is_found() {
    let index = SearchIndex::from_entries([
        // ৎ as ত + virama + zero-width joiner, as older keyboards type it.
        entry(1, "শরত\u{09CD}\u{200D} চন্দ্র", 10),
        // A zero-width joiner and non-joiner inside the conjuncts of লক্ষ্মী.
        entry(2, "লক্\u{200D}ষ্\u{200C}মী রানী", 20),
        // য় as one code point (U+09DF).
        entry(3, "আ\u{09DF}েশা", 30),
    ]);
    assert_eq!(names(&index, "শরৎ"), ["শরত\u{09CD}\u{200D} চন্দ্র"]);
    assert_eq!(names(&index, "sharat"), ["শরত\u{09CD}\u{200D} চন্দ্র"]);
    assert_eq!(names(&index, "লক্ষ্মী"), ["লক্\u{200D}ষ্\u{200C}মী রানী"]);
    // য় as য + nukta (U+09AF U+09BC) finds the name saved with U+09DF.
    assert_eq!(names(&index, "আ\u{09AF}\u{09BC}েশা"), ["আ\u{09DF}েশা"]);
    let saved_plain = SearchIndex::from_entries([entry(1, "শরৎ চন্দ্র", 10)]);
    assert_eq!(names(&saved_plain, "শরত\u{09CD}\u{200D}"), ["শরৎ চন্দ্র"]);
}

#[test]
fn unrelated_names_are_not_found_by_sound() {
    let index = SearchIndex::from_entries([entry(1, "सुनीता", 10), entry(2, "রহিম", 20), entry(3, "ભાવેશ", 30)]);
    assert!(names(&index, "ramesh").is_empty());
    assert!(names(&index, "karim").is_empty());
    assert_eq!(names(&index, "rahim"), ["রহিম"]);
}

/// Letters of the four scripts, with the marks, joiners and precomposed letters that make the
/// same name come out in different code points.
fn name_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range('a', 'z'),
        1 => prop::char::range('A', 'Z'),
        4 => prop::char::range('\u{0900}', '\u{097F}'),
        4 => prop::char::range('\u{0980}', '\u{09FF}'),
        3 => prop::char::range('\u{0A80}', '\u{0AFF}'),
        1 => prop::sample::select(vec![' ', '\u{200C}', '\u{200D}', '\u{200B}', '\u{00E9}', '\u{0301}', '\u{0130}', '\u{03A3}', '-', '.']),
        1 => any::<char>(),
    ]
}

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(name_char(), 1..14).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn normalization_is_idempotent(text in name()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once.clone());
        prop_assert_eq!(fold(&fold(&text)), fold(&text));
    }

    #[test]
    fn a_name_is_always_found_by_itself(names in prop::collection::vec(name(), 1..8), pick in any::<prop::sample::Index>()) {
        let entries: Vec<IndexEntry> = names.iter().enumerate().map(|(n, name)| entry(n as u32, name, n as i64)).collect();
        let index = SearchIndex::from_entries(entries.clone());
        let wanted = &entries[pick.index(entries.len())];
        // A name of digits and dashes alone is read as a phone number, and a blank one lists
        // everyone; neither is a name a clerk saves.
        prop_assume!(normalize(&wanted.name).chars().any(char::is_alphabetic));
        let found = index.search(&wanted.name, usize::MAX);
        prop_assert!(found.iter().any(|hit| hit.id == wanted.id), "{:?} not found by itself", wanted.name);
    }

    #[test]
    fn the_phonetic_key_never_loses_an_exact_match(names in prop::collection::vec(name(), 1..10), query in name()) {
        let entries: Vec<IndexEntry> = names.iter().enumerate().map(|(n, name)| entry(n as u32, name, (n as i64 * 7) % 5)).collect();
        let index = SearchIndex::from_entries(entries.clone());
        let typed = normalize(&query);
        let typed = typed.trim();
        prop_assume!(typed.chars().any(char::is_alphabetic));
        let exact: Vec<CustomerId> = entries.iter().filter(|e| normalize(&e.name).contains(typed)).map(|e| e.id).collect();
        let found: Vec<CustomerId> = index.search(&query, usize::MAX).iter().map(|hit| hit.id).collect();
        // Every exact match is found, and all of them come before any match by sound alone.
        prop_assert!(exact.iter().all(|id| found[..exact.len().min(found.len())].contains(id)), "exact {:?}, found {:?}", exact, found);
    }
}
