//! Names as the search compares them: one spelling for text that looks the same.
//!
//! Two keyboards can type the same Bengali or Hindi name as different code points: য় as one
//! character (U+09DF) or as য + nukta (U+09AF U+09BC), क़ likewise, ো as one character or as its
//! two halves, a half form forced by an invisible zero-width joiner, the Bengali khanda ta ৎ as
//! ত + virama + zero-width joiner (the encoding before Unicode 4.1). [`normalize`] turns all of
//! these into one form, so that a name is found however it was typed: Unicode NFC (which keeps
//! the nukta letters decomposed, since they are composition exclusions), no invisible
//! characters, lower case, ASCII digits.

use unicode_normalization::char::{canonical_combining_class, compose, decompose_canonical};

use super::search::ascii_digits;

/// Characters that change how a name is drawn but not what it says: zero-width space,
/// non-joiner and joiner, word joiner, byte order mark, soft hyphen. Control characters go
/// too: the index uses two of them as separators.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}') || c.is_control()
}

/// Bengali ত (U+09A4), virama (U+09CD) and a zero-width joiner: the old encoding of ৎ.
const BENGALI_TA: char = '\u{09A4}';
const BENGALI_VIRAMA: char = '\u{09CD}';
const BENGALI_KHANDA_TA: char = '\u{09CE}';
const ZERO_WIDTH_JOINER: char = '\u{200D}';

/// The form of `text` that search compares: NFC, without invisible characters, lower case, with
/// native digits as ASCII digits. Idempotent (property-tested).
pub fn normalize(text: &str) -> String {
    // Most Latin names are plain ASCII, and the index normalizes every name at start-up.
    if text.bytes().all(|byte| byte.is_ascii() && !byte.is_ascii_control()) {
        return text.to_ascii_lowercase();
    }
    let text = ascii_digits(text);
    let mut visible = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == BENGALI_TA && chars.peek() == Some(&BENGALI_VIRAMA) {
            let mut ahead = chars.clone();
            ahead.next();
            if ahead.peek() == Some(&ZERO_WIDTH_JOINER) {
                visible.push(BENGALI_KHANDA_TA);
                chars = ahead;
                chars.next();
                continue;
            }
        }
        if !is_invisible(c) {
            visible.push(c);
        }
    }
    nfc(&visible.to_lowercase())
}

/// Unicode NFC (UAX #15: full canonical decomposition, canonical ordering, canonical
/// composition) through the character functions of `unicode-normalization`.
///
/// Why not the crate's `nfc()` iterator: it decides between canonical and compatibility
/// decomposition at run time, so it links the compatibility tables as well, which NFC never
/// uses. Measured in a wasm32 release build (opt-level "z", LTO, wasm-opt -Oz), `nfc()` adds
/// 64 KB gzipped, these three functions 31 KB. The loop below is the standard algorithm; a
/// property test checks it against the crate's `nfc()` natively.
pub fn nfc(text: &str) -> String {
    let mut decomposed: Vec<(char, u8)> = Vec::with_capacity(text.len());
    for c in text.chars() {
        decompose_canonical(c, |part| decomposed.push((part, canonical_combining_class(part))));
    }
    // Canonical ordering: within each run of non-starters, a stable sort by combining class.
    let mut start = 0;
    while start < decomposed.len() {
        if decomposed[start].1 == 0 {
            start += 1;
            continue;
        }
        let end = decomposed[start..].iter().position(|&(_, class)| class == 0).map_or(decomposed.len(), |offset| start + offset);
        decomposed[start..end].sort_by_key(|&(_, class)| class);
        start = end;
    }
    // Canonical composition: each character joins the last starter unless something between
    // them blocks it (a starter, or a non-starter of the same or a higher class).
    let mut composed: Vec<char> = Vec::with_capacity(decomposed.len());
    let mut starter: Option<usize> = None;
    let mut last_class: Option<u8> = None;
    for (c, class) in decomposed {
        if let Some(at) = starter {
            let blocked = last_class.is_some_and(|last| last == 0 || last >= class);
            if !blocked {
                if let Some(joined) = compose(composed[at], c) {
                    composed[at] = joined;
                    continue;
                }
            }
        }
        composed.push(c);
        if class == 0 {
            starter = Some(composed.len() - 1);
            last_class = None;
        } else {
            last_class = Some(class);
        }
    }
    composed.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_encodings_of_one_letter_become_one() {
        // য় precomposed and as য + nukta; ড় likewise.
        assert_eq!(normalize("\u{09DF}"), normalize("\u{09AF}\u{09BC}"));
        assert_eq!(normalize("\u{09DC}"), normalize("\u{09A1}\u{09BC}"));
        // क़ and ज़ precomposed and with a nukta.
        assert_eq!(normalize("\u{0958}"), normalize("\u{0915}\u{093C}"));
        assert_eq!(normalize("\u{095B}"), normalize("\u{091C}\u{093C}"));
        // ো as one character and as its two halves.
        assert_eq!(normalize("\u{09CB}"), normalize("\u{09C7}\u{09BE}"));
        // ৎ and ত + virama + zero-width joiner.
        assert_eq!(normalize("শরৎ"), normalize("শরত\u{09CD}\u{200D}"));
        // A zero-width joiner or non-joiner inside a conjunct.
        assert_eq!(normalize("লক্ষ্মী"), normalize("লক্\u{200D}ষ্\u{200C}মী"));
        assert_eq!(normalize("Ramesh\u{200B}"), "ramesh");
    }

    #[test]
    fn case_digits_and_controls() {
        assert_eq!(normalize("RAMESH Kumar"), "ramesh kumar");
        assert_eq!(normalize("JOSE\u{0301}"), "jos\u{00E9}");
        assert_eq!(normalize("राम ९"), "राम 9");
        assert_eq!(normalize("a\u{0}b\u{1}c"), "abc");
        // A ত + virama that no joiner follows stays as it is.
        assert_eq!(normalize("ত\u{09CD}"), "ত\u{09CD}");
    }
}
