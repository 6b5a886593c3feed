//! Cutting texts to fit the token without breaking a letter: never inside a UTF-8 character,
//! never between an Indic consonant and its vowel sign or virama, never after a dangling joiner.

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary and does
/// not split a Devanagari/Bengali cluster (a consonant from its vowel sign, a virama from the
/// consonant after it) or a combining mark from its base.
pub fn truncate_str(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Back off while the cut would leave a mark without its base or a dangling joiner.
    loop {
        let next = text[end..].chars().next();
        let last = text[..end].chars().next_back();
        match (last, next) {
            (Some(l), Some(n)) if is_extending(n) || is_joining(l) => end -= l.len_utf8(),
            _ => break,
        }
    }
    text[..end].trim_end()
}

/// Characters that attach to the character before them (combining marks, Indic vowel signs,
/// viramas, nukta, ZWJ/ZWNJ, variation selectors).
fn is_extending(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F            // combining diacritics
        | 0x0900..=0x0903          // Devanagari candrabindu, anusvara, visarga
        | 0x093A..=0x093C          // Devanagari signs, nukta
        | 0x093E..=0x094F          // Devanagari vowel signs, virama
        | 0x0951..=0x0957
        | 0x0962..=0x0963
        | 0x0981..=0x0983          // Bengali candrabindu, anusvara, visarga
        | 0x09BC
        | 0x09BE..=0x09CD          // Bengali vowel signs, virama
        | 0x09D7
        | 0x09E2..=0x09E3
        | 0x200C..=0x200D          // ZWNJ, ZWJ
        | 0xFE00..=0xFE0F          // variation selectors
    )
}

/// Characters that join with the character after them (viramas and ZWJ).
fn is_joining(c: char) -> bool {
    matches!(c as u32, 0x094D | 0x09CD | 0x200D)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_keeps_clusters() {
        assert_eq!(truncate_str("abc", 10), "abc");
        assert_eq!(truncate_str("abcdef", 3), "abc");
        // "की" = क + ि (vowel sign): never cut between them.
        let ki = "की";
        assert_eq!(truncate_str(ki, 3), "");
        // "क्ष" = क + ् + ष: never end on the virama.
        assert_eq!(truncate_str("क्ष", 6), "");
        assert_eq!(truncate_str("aक्ष", 7), "a");
        // A multi-byte char is never split.
        assert_eq!(truncate_str("éé", 3), "é");
    }
}
