//! The hand-written NFC tables of `search_text` against `unicode-normalization`, which the app
//! no longer links (dropping it saved 25.7 KB of the counter's gzipped wasm): every covered
//! character and every pair of them, then random names of the shops' scripts.
#![cfg(not(target_arch = "wasm32"))]

use mohar::domain::search_text::{decompose_canonical, nfc, normalize, visible_lowercase};
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Every character the tables claim to cover: printable ASCII, the combining marks, the Latin
/// letters with accents, Devanagari, Bengali, Gujarati, and the three relation signs a
/// combining long solidus makes (≠ ≮ ≯).
fn covered() -> Vec<char> {
    let ranges = [(0x20, 0x7E), (0x00C0, 0x024F), (0x0300, 0x036F), (0x0900, 0x097F), (0x0980, 0x09FF), (0x0A80, 0x0AFF), (0x1E00, 0x1EFF)];
    let relations = ['\u{2260}', '\u{226E}', '\u{226F}'];
    ranges.iter().flat_map(|&(first, last)| (first..=last).filter_map(char::from_u32)).chain(relations).collect()
}

fn crates_nfc(text: &str) -> String {
    text.nfc().collect()
}

#[test]
fn the_tables_equal_the_crates_for_every_covered_character() {
    for c in covered() {
        let mut ours = Vec::new();
        decompose_canonical(c, &mut |part| ours.push(part));
        let mut theirs = Vec::new();
        unicode_normalization::char::decompose_canonical(c, |part| theirs.push(part));
        assert_eq!(ours, theirs, "decomposition of U+{:04X}", c as u32);
        assert_eq!(nfc(&c.to_string()), crates_nfc(&c.to_string()), "NFC of U+{:04X}", c as u32);
    }
}

#[test]
fn every_pair_of_covered_characters_composes_and_orders_as_the_crate_does() {
    // Pairs show each composition (letter + sign) and the relative combining class of any two
    // marks (they are reordered exactly when the first has the higher class).
    let all = covered();
    let mut misses = Vec::new();
    for &first in &all {
        for &second in &all {
            let text: String = [first, second].into_iter().collect();
            if nfc(&text) != crates_nfc(&text) {
                misses.push(format!("U+{:04X} U+{:04X}", first as u32, second as u32));
            }
        }
    }
    assert!(misses.is_empty(), "{} pairs differ, first {:?}", misses.len(), &misses[..misses.len().min(10)]);
}

#[test]
fn each_encoding_of_the_nukta_letters_and_split_vowels_gives_the_crates_key() {
    // Precomposed, decomposed, and with nukta and virama typed in either order.
    for text in ["\u{0958}\u{094D}", "\u{0915}\u{093C}\u{094D}", "\u{0915}\u{094D}\u{093C}", "\u{0929}", "\u{0928}\u{093C}", "\u{09DF}", "\u{09AF}\u{09BC}", "\u{09CB}", "\u{09C7}\u{09BE}", "\u{09CC}", "\u{09C7}\u{09D7}", "\u{09A1}\u{09CD}\u{09BC}"] {
        assert_eq!(normalize(text), crates_nfc(&visible_lowercase(text)), "{text:?}");
    }
    // The crate keeps क़ decomposed (a composition exclusion); so does the table.
    assert_eq!(normalize("\u{0958}"), "\u{0915}\u{093C}");
    assert_eq!(normalize("\u{0928}\u{093C}"), "\u{0929}");
}

/// Characters of the shops' scripts, weighted toward the ones with two encodings.
fn covered_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => prop::char::range('a', 'z'),
        1 => prop::char::range('A', 'Z'),
        1 => prop::char::range('0', '9'),
        3 => prop::char::range('\u{0900}', '\u{097F}'),
        3 => prop::char::range('\u{0980}', '\u{09FF}'),
        2 => prop::char::range('\u{0A80}', '\u{0AFF}'),
        2 => prop::char::range('\u{00C0}', '\u{024F}'),
        2 => prop::char::range('\u{1E00}', '\u{1EFF}'),
        2 => prop::char::range('\u{0300}', '\u{036F}'),
        3 => prop::sample::select(vec![
            ' ', '\u{200B}', '\u{200C}', '\u{200D}', '\u{00E9}', '\u{00F1}', '\u{00FC}', '\u{0301}', '\u{0303}', '\u{0308}', '\u{0323}', '\u{0130}',
            '\u{0915}', '\u{0958}', '\u{095B}', '\u{093C}', '\u{094D}', '\u{0928}', '\u{0929}',
            '\u{09AF}', '\u{09DF}', '\u{09A1}', '\u{09DC}', '\u{09BC}', '\u{09CD}', '\u{09A4}', '\u{09C7}', '\u{09BE}', '\u{09D7}', '\u{09CB}', '\u{09CC}',
            '\u{0ABC}', '\u{0ACD}',
        ]),
    ]
}

fn covered_name() -> impl Strategy<Value = String> {
    prop::collection::vec(covered_char(), 1..16).prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_lean_nfc_equals_the_crates_nfc(text in covered_name()) {
        prop_assert_eq!(nfc(&text), crates_nfc(&text));
    }

    #[test]
    fn normalize_equals_the_crates_nfc_after_the_same_steps(text in covered_name()) {
        prop_assert_eq!(normalize(&text), crates_nfc(&visible_lowercase(&text)));
    }
}
