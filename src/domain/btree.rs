//! Maps and sets built by inserting, for the size of the wasm (issue 15).
//!
//! `collect::<BTreeMap<_, _>>()` (and `BTreeSet`'s) first gathers the items in a `Vec`, sorts it
//! with the standard stable sort and then builds the tree in bulk: for each key and value type a
//! copy of driftsort and of the bulk builder, 4–5 KB of wasm. Inserting one by one (`extend`)
//! uses `insert`, which the app has for those types anyway. The result is the same: for equal
//! keys the last value wins, as with `collect`. The maps built here are small (one customer's
//! voids, one merge group's members), where inserting costs nothing worth measuring.

use std::collections::{BTreeMap, BTreeSet};

/// The same map as `items.into_iter().collect::<BTreeMap<K, V>>()`.
pub fn map_of<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(items);
    map
}

/// The same set as `items.into_iter().collect::<BTreeSet<T>>()`.
pub fn set_of<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

// Native only: proptest is not built for wasm32 (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Repeated keys included: the last value of a key wins, as with `collect`.
        #[test]
        fn map_of_is_collect(pairs in proptest::collection::vec((0u8..12, any::<u16>()), 0..60)) {
            let expected: BTreeMap<u8, u16> = pairs.iter().copied().collect();
            prop_assert_eq!(map_of(pairs), expected);
        }

        #[test]
        fn set_of_is_collect(items in proptest::collection::vec(0u8..20, 0..60)) {
            let expected: BTreeSet<u8> = items.iter().copied().collect();
            prop_assert_eq!(set_of(items), expected);
        }
    }
}
