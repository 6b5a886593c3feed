//! A quick "cannot contain it" test per entry, so that a keystroke looks inside a few hundred
//! keys instead of through the whole text (issue 15: at 4× CPU throttling the scan alone took
//! a p95 of 22.6 ms at 100 000 customers).
//!
//! In the browser the wasm has no SIMD, so `memmem` over the index's texts (4 MB of names and
//! phone digits, 1 MB of phonetic keys) finds its rarest byte with a 4-byte-wide fallback, and
//! in phone digits or Indian scripts no byte is rare: every few bytes is a candidate to check.
//! Instead each segment of each text keeps a [`ByteSet`]: 256 bits, one for each byte value
//! it holds and one (hashed) for each pair of adjacent bytes. A key that contains the query
//! holds each of its bytes and each of its pairs, so a segment whose set misses one of the
//! query's bits cannot match, and only the others are searched. Checking 100 000 sets is a
//! tight loop over memory; a query of four digits or two syllables leaves under 1% of them.
//!
//! Written by hand: it is a few lines, and a Bloom-filter crate would hash every byte with a
//! general-purpose hasher and add to the counter's wasm.

/// Bytes that separate keys and fields; never part of a query (`normalize` drops control
/// characters), so pairs with them are not recorded.
const SEPARATORS: u8 = 1;

/// The bytes and the adjacent byte pairs of one key, 256 bits.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct ByteSet([u64; 4]);

impl ByteSet {
    /// The set of `key`'s bytes and adjacent pairs (pairs across a separator left out).
    pub(super) fn of(key: &[u8]) -> ByteSet {
        let mut set = ByteSet::default();
        let mut previous: Option<u8> = None;
        for &byte in key {
            if byte <= SEPARATORS {
                previous = None;
                continue;
            }
            set.insert(byte);
            if let Some(previous) = previous {
                set.insert(pair_bit(previous, byte));
            }
            previous = Some(byte);
        }
        set
    }

    fn insert(&mut self, bit: u8) {
        self.0[usize::from(bit >> 6)] |= 1 << (bit & 63);
    }

    /// Whether every bit of `wanted` is in this set: false means a key with this set cannot
    /// contain the key `wanted` is the set of.
    #[inline]
    pub(super) fn covers(&self, wanted: &ByteSet) -> bool {
        let [a, b, c, d] = self.0;
        let [w, x, y, z] = wanted.0;
        (a & w == w) & (b & x == x) & (c & y == y) & (d & z == z)
    }
}

/// The bit of a pair of adjacent bytes: a multiplicative hash, so that the pairs of one script
/// (whose bytes differ in a few low bits) spread over all 256 bits.
fn pair_bit(first: u8, second: u8) -> u8 {
    let mixed = u32::from(first).wrapping_mul(0x9E37_79B1) ^ u32::from(second).wrapping_mul(0x85EB_CA6B);
    (mixed.wrapping_mul(0xC2B2_AE35) >> 24) as u8
}

// Property tests: proptest is a native-only dev-dependency (the browser suite runs without it).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// The one property the search relies on: a key's set covers the set of every part of
        /// it (any script, separators anywhere in the key but not in the part).
        #[test]
        fn a_key_covers_every_part_of_it(key in "[a-z0-9 \u{0}\u{1}रामীশকুप्रि]{0,40}", from in 0usize..80, len in 0usize..20) {
            let bytes = key.as_bytes();
            let from = from.min(bytes.len());
            let part = &bytes[from..(from + len).min(bytes.len())];
            prop_assume!(part.iter().all(|&byte| byte > SEPARATORS));
            prop_assert!(ByteSet::of(bytes).covers(&ByteSet::of(part)));
        }
    }

    #[test]
    fn a_set_holds_each_byte_and_each_pair_within_a_field() {
        let key = ByteSet::of("ramesh\u{1}919876543210\u{0}".as_bytes());
        assert!(key.covers(&ByteSet::of(b"3210")));
        assert!(key.covers(&ByteSet::of(b"mesh")));
        // At most one bit per distinct byte and per distinct pair within a field: the
        // separators and the pair across them add none.
        let bits: u32 = key.0.iter().map(|word| word.count_ones()).sum();
        assert!(bits <= 6 + 5 + 10 + 11, "{bits}");
        assert_eq!(ByteSet::of(b"\x00\x01"), ByteSet::default());
        // The sets of a few bench queries on an empty key are not covered (the fast path's
        // selectivity on a whole index is checked in search_prefilter_tests.rs).
        assert!(!ByteSet::default().covers(&ByteSet::of(b"a")));
    }
}
