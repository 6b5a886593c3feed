//! The phonetic key of a name: what it sounds like, in a small Latin alphabet, so that "ramesh"
//! finds रमेश, রমেশ and રમેશ, and रमेश finds "Ramesh".
//!
//! Two steps. [`romanize`] spells a name in Devanagari, Bengali or Gujarati the way people type
//! it in Latin letters ("ramesh", "lakshmi", "mohammad"), deleting the inherent vowel where
//! Hindi, Bengali and Gujarati do not say it. [`fold`] then merges the differences people do
//! not type consistently: vowel length (aa/a, ee/ii/i, oo/uu/u), o/u, au/ou, aspiration (bh/b, kh/k,
//! sh/s, chh/ch…), v/w/b, f/ph/p, z/j, q/k, x/ks, doubled letters, m/n before p and b, and a
//! final a ("ramesha", "priya"). Query and names go through the same two steps, so a query's
//! key is compared with the names' keys as plain text.
//!
//! Why a hand-written table rather than a transliteration crate: the two well-kept ones,
//! `vidyut-lipi` 0.2 and `lipilekhika` 1.1, carry every scheme of every Indic script and add
//! 63 KB and 57 KB gzipped to a wasm32 release build (measured alone, opt-level "z", LTO,
//! wasm-opt -Oz), while the app is already over its size budget. Devanagari (U+0900),
//! Bengali (U+0980) and Gujarati (U+0A80) share one layout (each letter sits at the same
//! offset in its block), so one table of offsets serves all three scripts in about 2 KB.
//! Nor would a scholarly transliteration be the right output: the key needs the spelling a
//! clerk types ("sh", "ch", "v"), which the fold then reduces.

/// The three Indic scripts of the app's shops, by the first code point of their block.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Script {
    Devanagari,
    Bengali,
    Gujarati,
}

/// Which script a character is of, and its offset in its block.
fn indic(c: char) -> Option<(Script, u32)> {
    let code = c as u32;
    match code {
        0x0900..=0x097F => Some((Script::Devanagari, code - 0x0900)),
        0x0980..=0x09FF => Some((Script::Bengali, code - 0x0980)),
        0x0A80..=0x0AFF => Some((Script::Gujarati, code - 0x0A80)),
        _ => None,
    }
}

/// What a character of one of the three blocks is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Letter {
    /// A consonant, with its inherent vowel unless a sign or virama follows.
    Consonant(&'static str),
    /// A consonant that never carries a vowel (Bengali khanda ta ৎ).
    Final(&'static str),
    /// An independent vowel.
    Vowel(&'static str),
    /// A vowel sign after a consonant.
    Sign(&'static str),
    /// Anusvara or candrabindu: a nasal, typed "n".
    Nasal,
    /// Visarga, typed "h".
    Visarga,
    Virama,
    Nukta,
    /// Danda and double danda: the end of a phrase.
    Break,
    Digit(char),
    /// Accents, the avagraha and unassigned code points: nothing anyone types.
    Silent,
}

/// The table. Offsets are those of Devanagari; Bengali and Gujarati use the same ones for the
/// same letters, with a few additions of their own.
fn letter(script: Script, offset: u32) -> Letter {
    use Letter::*;
    const CONSONANTS: [&str; 37] = [
        "k", "kh", "g", "gh", "n", "ch", "chh", "j", "jh", "n", // 0x15 क … 0x1E ञ
        "t", "th", "d", "dh", "n", "t", "th", "d", "dh", "n", // 0x1F ट … 0x28 न
        "n", "p", "ph", "b", "bh", "m", "y", "r", "r", "l", // 0x29 ऩ … 0x32 ल
        "l", "l", "v", "sh", "sh", "s", "h", // 0x33 ळ … 0x39 ह
    ];
    match (script, offset) {
        (_, 0x01 | 0x02) => Nasal,
        (_, 0x03) => Visarga,
        (_, 0x04 | 0x05 | 0x72) => Vowel("a"),
        (_, 0x06) => Vowel("aa"),
        (_, 0x07) => Vowel("i"),
        (_, 0x08) => Vowel("ii"),
        (_, 0x09) => Vowel("u"),
        (_, 0x0A) => Vowel("uu"),
        (_, 0x0B | 0x60) => Vowel("ri"),
        (_, 0x0C | 0x61) => Vowel("li"),
        (_, 0x0D..=0x0F) => Vowel("e"),
        (_, 0x10) => Vowel("ai"),
        (_, 0x11..=0x13) => Vowel("o"),
        (_, 0x14) => Vowel("au"),
        (_, 0x15..=0x39) => Consonant(CONSONANTS[(offset - 0x15) as usize]),
        (_, 0x3C) => Nukta,
        (_, 0x3E) => Sign("aa"),
        (_, 0x3F) => Sign("i"),
        (_, 0x40) => Sign("ii"),
        (_, 0x41) => Sign("u"),
        (_, 0x42) => Sign("uu"),
        (_, 0x43 | 0x44) => Sign("ri"),
        (_, 0x62 | 0x63) => Sign("li"),
        (_, 0x45..=0x47) => Sign("e"),
        (_, 0x48) => Sign("ai"),
        (_, 0x49..=0x4B) => Sign("o"),
        (_, 0x4C) => Sign("au"),
        (_, 0x4D) => Virama,
        (Script::Bengali, 0x4E) => Final("t"),
        (Script::Bengali, 0x57) => Sign("au"),
        (_, 0x50) => Vowel("om"),
        // क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़, and Bengali ড় ঢ় য় at the same offsets (NFC decomposes them into
        // letter + nukta; these are for text that skipped it).
        (_, 0x58) => Consonant("q"),
        (_, 0x59) => Consonant("kh"),
        (_, 0x5A) => Consonant("g"),
        (_, 0x5B) => Consonant("z"),
        (_, 0x5C) => Consonant("r"),
        (_, 0x5D) => Consonant("rh"),
        (_, 0x5E) => Consonant("f"),
        (_, 0x5F) => Consonant("y"),
        (Script::Bengali, 0x70) => Consonant("r"),
        (Script::Bengali, 0x71) => Consonant("w"),
        (_, 0x64 | 0x65) => Break,
        (_, 0x66..=0x6F) => Digit(char::from_digit(offset - 0x66, 10).unwrap_or('0')),
        _ => Silent,
    }
}

/// A consonant with a nukta: क़ is "q", ज़ "z", फ़ "f", ड़ and ড় "r", য় "y".
fn with_nukta(consonant: &'static str) -> &'static str {
    match consonant {
        "k" => "q",
        "j" => "z",
        "ph" => "f",
        "d" => "r",
        "dh" => "rh",
        other => other,
    }
}

/// One sound of a romanized word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sound {
    Consonant(&'static str),
    /// A vowel; `inherent` when it is the consonant's own, unwritten "a" (a schwa).
    Vowel { text: &'static str, inherent: bool },
    /// Anything else, written as it is (a nasal, a visarga, a Latin letter or a digit).
    Other(char),
}

/// Spells Devanagari, Bengali and Gujarati in Latin letters as people type names, and leaves
/// every other character as it is. The inherent vowel is left out at the end of a word and in
/// the middle where it is not said (रहमान "rahmaan", इमरान "imraan", राजकुमार "raajkumaar");
/// Latin letters lose their accents. `text` should be [`normalize`](super::search_text::normalize)d.
pub fn romanize(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut word: Vec<Sound> = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let c = chars[at];
        at += 1;
        let Some((script, offset)) = indic(c) else {
            flush(&mut word, &mut out);
            push_latin(c, &mut out);
            continue;
        };
        match letter(script, offset) {
            Letter::Consonant(mut latin) => {
                let next = |at: usize| chars.get(at).copied().and_then(indic).filter(|&(s, _)| s == script).map(|(_, o)| letter(script, o));
                let nukta = next(at) == Some(Letter::Nukta);
                if nukta {
                    latin = with_nukta(latin);
                    at += 1;
                }
                // Bengali য is said "j" except as the ya-phala of a conjunct (্য); য় is "y".
                let after_virama = matches!(word.last(), Some(Sound::Consonant(_)));
                if script == Script::Bengali && offset == 0x2F && !nukta && !after_virama {
                    latin = "j";
                }
                // ज्ञ: "gy" in Hindi and Bengali names (Gyan), "gn" in Gujarati ones (Pragnesh).
                if offset == 0x1C && next(at) == Some(Letter::Virama) && chars.get(at + 1).copied().and_then(indic) == Some((script, 0x1E)) {
                    latin = if script == Script::Gujarati { "gn" } else { "gy" };
                    at += 2;
                }
                word.push(Sound::Consonant(latin));
                match next(at) {
                    Some(Letter::Sign(vowel)) => {
                        word.push(Sound::Vowel { text: vowel, inherent: false });
                        at += 1;
                    }
                    Some(Letter::Virama) => at += 1,
                    _ => word.push(Sound::Vowel { text: "a", inherent: true }),
                }
            }
            Letter::Final(latin) => word.push(Sound::Consonant(latin)),
            Letter::Vowel(vowel) | Letter::Sign(vowel) => word.push(Sound::Vowel { text: vowel, inherent: false }),
            Letter::Nasal => word.push(Sound::Other('n')),
            Letter::Visarga => word.push(Sound::Other('h')),
            Letter::Digit(digit) => word.push(Sound::Other(digit)),
            Letter::Break => {
                flush(&mut word, &mut out);
                out.push(' ');
            }
            Letter::Virama | Letter::Nukta | Letter::Silent => {}
        }
    }
    flush(&mut word, &mut out);
    out
}

/// A Latin letter without its accents (ā → a, ś → s); other characters as they are.
fn push_latin(c: char, out: &mut String) {
    if c.is_ascii() || !matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF) {
        out.push(c);
        return;
    }
    let mut base = None;
    super::search_text::decompose_canonical(c, &mut |part| {
        if base.is_none() && part.is_ascii_alphabetic() {
            base = Some(part);
        }
    });
    out.push(base.unwrap_or(c));
}

/// Writes one Indic word, leaving out the inherent vowels that are not said.
fn flush(word: &mut Vec<Sound>, out: &mut String) {
    delete_schwas(word);
    for sound in word.drain(..) {
        match sound {
            Sound::Consonant(text) | Sound::Vowel { text, .. } => out.push_str(text),
            Sound::Other(c) => out.push(c),
        }
    }
}

/// Schwa deletion as in Hindi names (Ohala's rule, which suits Bengali and Gujarati names as
/// their Latin spellings show): the inherent vowel of a word's last consonant is not said, nor,
/// right to left, one between a vowel + consonant and a consonant + vowel (रहमान "rahmaan",
/// but सुमन "suman").
fn delete_schwas(word: &mut Vec<Sound>) {
    let is_schwa = |sound: &Sound| matches!(sound, Sound::Vowel { inherent: true, .. });
    let is_vowel = |sound: Option<&Sound>| matches!(sound, Some(Sound::Vowel { .. }));
    let is_consonant = |sound: Option<&Sound>| matches!(sound, Some(Sound::Consonant(_)));
    if word.len() >= 2 && word.last().is_some_and(is_schwa) {
        word.pop();
    }
    let mut at = word.len();
    while at > 2 {
        at -= 1;
        if is_schwa(&word[at])
            && is_consonant(word.get(at - 1))
            && is_vowel(word.get(at - 2))
            && is_consonant(word.get(at + 1))
            && is_vowel(word.get(at + 2))
        {
            word.remove(at);
        }
    }
}

/// Reduces romanized text to what a name sounds like, forgiving what people type differently;
/// see the module documentation. Words are separated by one space; characters outside ASCII
/// (another script) are kept as they are.
pub fn fold(romanized: &str) -> String {
    let mut out = String::with_capacity(romanized.len());
    let mut word_start = 0;
    let mut chars = romanized.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() || (c.is_ascii_punctuation()) {
            end_word(&mut out, word_start);
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            word_start = out.len();
            continue;
        }
        let c = c.to_ascii_lowercase();
        let last = out[word_start..].chars().next_back();
        let after_consonant = last.is_some_and(|last| last.is_ascii_alphabetic() && !matches!(last, 'a' | 'e' | 'i' | 'u' | 'h'));
        let folded: &str = match c {
            // Aspiration, and the h of sh, ch and ph.
            'h' if after_consonant => continue,
            'e' if chars.peek().is_some_and(|next| next.eq_ignore_ascii_case(&'e')) => {
                chars.next();
                "i"
            }
            'o' => "u",
            'v' | 'w' => "b",
            'f' => "p",
            'z' => "j",
            'q' => "k",
            'x' => "ks",
            _ => {
                push_folded(&mut out, word_start, c);
                continue;
            }
        };
        for c in folded.chars() {
            push_folded(&mut out, word_start, c);
        }
    }
    end_word(&mut out, word_start);
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Appends one folded letter: a doubled letter is written once (a doubled digit stays), m
/// before p or b is n, and "au" is "u" like "ou".
fn push_folded(out: &mut String, word_start: usize, c: char) {
    let last = out[word_start..].chars().next_back();
    if last == Some(c) && c.is_ascii_alphabetic() {
        return;
    }
    if matches!(c, 'p' | 'b') && last == Some('m') {
        out.pop();
        // An n already before the m ("nmb") makes one n, as a doubled letter does, so that
        // folding a folded text changes nothing (the property test found "Nmf" → "nnp").
        if !out[word_start..].ends_with('n') {
            out.push('n');
        }
    }
    // "au" and "ou" (औ, ৌ, ૌ) are one sound, written either way: Gaurav, Gourab, Sourav.
    if c == 'u' && last == Some('a') {
        out.pop();
        if out[word_start..].ends_with('u') {
            return;
        }
    }
    out.push(c);
}

/// A word of three letters or more loses a final a: "ramesha" is "ramesh", "priya" "priy".
fn end_word(out: &mut String, word_start: usize) {
    if out.len() - word_start >= 3 && out.ends_with('a') && out[word_start..].is_ascii() {
        out.pop();
    }
}

/// The phonetic key of a normalized name or query.
pub fn phonetic_key(normalized: &str) -> String {
    fold(&romanize(normalized))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn romanizes_as_people_type_names() {
        assert_eq!(romanize("रमेश"), "ramesh");
        assert_eq!(romanize("রমেশ"), "ramesh");
        assert_eq!(romanize("રમેશ"), "ramesh");
        assert_eq!(romanize("लक्ष्मी"), "lakshmii");
        assert_eq!(romanize("मोहम्मद"), "mohammad");
        assert_eq!(romanize("रहमान"), "rahmaan");
        assert_eq!(romanize("सुमन"), "suman");
        assert_eq!(romanize("राजकुमार"), "raajkumaar");
        assert_eq!(romanize("ज़ाकिर"), "zaakir");
        assert_eq!(romanize("আয়েশা"), "aayeshaa");
        assert_eq!(romanize("যমুনা"), "jamunaa");
        assert_eq!(romanize("শরৎ"), "sharat");
        assert_eq!(romanize("संजय"), "sanjay");
        assert_eq!(romanize("ज्ञान"), "gyaan");
        assert_eq!(romanize("પ્રજ્ઞેશ"), "pragnesh");
        assert_eq!(romanize("Rāmeś ९"), "Rames 9");
    }

    #[test]
    fn folds_what_people_type_differently() {
        assert_eq!(fold("ramesha"), "rames");
        assert_eq!(fold("Ramesh Kumar"), "rames kumar");
        assert_eq!(fold("bhavesh"), "babes");
        assert_eq!(fold("mohammad"), fold("muhammad"));
        assert_eq!(fold("lakshmii"), fold("laxmi"));
        assert_eq!(fold("neeta"), fold("nita"));
        assert_eq!(fold("pooja"), fold("puja"));
        assert_eq!(fold("farah"), fold("pharah"));
        assert_eq!(fold("zakir"), fold("jakir"));
        assert_eq!(fold("qasim"), fold("kasim"));
        assert_eq!(fold("ambika"), fold("anbika"));
        // One n where n and an m before p or b meet, so a folded text folds to itself.
        assert_eq!(fold("Nmf"), "np");
        assert_eq!(fold(&fold("sanmbhav")), fold("sanmbhav"));
        assert_eq!(fold("gaurav"), fold("gourab"));
        assert_eq!(fold("R. Kumar-Das"), "r kumar das");
        // Two letters are a word being typed, not one missing its final a.
        assert_eq!(fold("ra"), "ra");
    }
}
