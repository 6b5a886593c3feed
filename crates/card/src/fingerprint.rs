//! A shop key's fingerprint: what a person compares, by eye or read aloud, to know which key
//! signed a card ("ABCD-EFGH-JKMN-PQRS").
//!
//! 80 bits of SHA-512 over a domain-separation prefix and the 32-byte public key, written as 16
//! characters of Crockford's base32 alphabet (digits and capital letters without I, L, O and U,
//! so nothing is confused with 1, 0 or V, when read or heard) in four groups of four. Making a
//! key with a given fingerprint takes about 2^80 tries; matching only the first group would take
//! about a million, which is why the screens ask to compare all four.

use core::fmt;

use sha2::{Digest, Sha512};

/// Prefix of the hashed message, so a fingerprint is never the same bytes as the key id.
const CONTEXT: &[u8] = b"mohar-key-fingerprint/v1\0";
/// Crockford's base32 alphabet.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Characters in a fingerprint (without the dashes).
pub const FINGERPRINT_CHARS: usize = 16;

/// The fingerprint of a public key; `Display` writes it as `ABCD-EFGH-JKMN-PQRS`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint([u8; FINGERPRINT_CHARS]);

impl Fingerprint {
    /// The fingerprint of the public key with these 32 bytes.
    pub fn of(public_key: &[u8; 32]) -> Fingerprint {
        let mut hash = Sha512::new();
        hash.update(CONTEXT);
        hash.update(public_key);
        let digest = hash.finalize();
        // 10 bytes = 80 bits = 16 characters of 5 bits.
        let bits = digest[..10].iter().fold(0u128, |acc, &byte| (acc << 8) | u128::from(byte));
        let mut chars = [0; FINGERPRINT_CHARS];
        for (i, c) in chars.iter_mut().enumerate() {
            *c = ALPHABET[((bits >> (75 - 5 * i)) & 31) as usize];
        }
        Fingerprint(chars)
    }

    /// The four groups of four characters.
    pub fn groups(&self) -> [&str; 4] {
        // Only ASCII from ALPHABET is ever stored.
        let text = core::str::from_utf8(&self.0).unwrap_or("");
        [&text[0..4], &text[4..8], &text[8..12], &text[12..16]]
    }
}

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.groups();
        write!(f, "{a}-{b}-{c}-{d}")
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn four_groups_of_unambiguous_characters() {
        for seed in 0..=255u8 {
            let text = Fingerprint::of(&[seed; 32]).to_string();
            assert_eq!(text.len(), 19, "{text}");
            let groups: alloc::vec::Vec<&str> = text.split('-').collect();
            assert_eq!(groups.len(), 4);
            assert!(groups.iter().all(|g| g.len() == 4));
            assert!(text.bytes().all(|b| b == b'-' || ALPHABET.contains(&b)), "{text}");
            assert!(!text.contains(['I', 'L', 'O', 'U']));
        }
    }

    #[test]
    fn differs_by_key_and_uses_every_bit() {
        let mut seen = alloc::collections::BTreeSet::new();
        let mut used = [false; 32];
        for seed in 0..=255u8 {
            let fp = Fingerprint::of(&[seed; 32]);
            for &c in &fp.0 {
                used[ALPHABET.iter().position(|&a| a == c).unwrap()] = true;
            }
            assert!(seen.insert(fp.0), "same fingerprint twice");
        }
        assert!(used.iter().all(|&u| u), "every character occurs somewhere");
    }
}
