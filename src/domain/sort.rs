//! One shared sort for the whole app, for the size of the wasm (issue 15).
//!
//! Every `sort`, `sort_by` or `sort_by_key` on a distinct element type or with a distinct closure
//! makes the compiler emit its own copy of the standard library's stable sort (driftsort: 3–4 KB
//! of wasm each, about twenty copies in the counter's wasm before this module). The functions
//! here sort *positions* instead: one non-generic function sorts a `Vec<u32>` of indices with a
//! `&dyn Fn` comparator, so the whole app carries one copy of driftsort, and another non-generic
//! function moves the items into that order through a `&mut dyn FnMut` swap. What is left generic
//! at each call site is two small closures.
//!
//! Stable, like `slice::sort_by`: equal items keep their order (the positions are sorted stably
//! and compared through the items). The indirect comparison costs some speed, which does not
//! matter where it is used: the lists are small (one customer's events, the search results
//! shown) or sorted rarely (a rebuild, a merge). Hot sorts of long lists keep the standard one.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`: the same order as `items.sort_by(compare)`.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = order_by(items.len(), &|a, b| compare(&items[a as usize], &items[b as usize]));
    apply(order, &mut |a, b| items.swap(a, b));
}

/// Sorts `items` stably by the key `key` gives: the same order as `items.sort_by_key(key)`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` in their own order: the same order as `items.sort()`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Puts at `nth` the position that would be there if `positions` were sorted by `compare`, the
/// ones before it not after it in that order and the ones after it not before it: exactly
/// `positions.select_nth_unstable_by(nth, …)`, with one instantiation of the standard library's
/// selection for every caller (the search's hits, the recent customers). Unstable.
#[inline(never)]
pub fn select_nth_by(positions: &mut [u32], nth: usize, compare: &dyn Fn(u32, u32) -> Ordering) {
    positions.select_nth_unstable_by(nth, |a, b| compare(*a, *b));
}

/// The positions `0..len` in the order `compare` puts the items there, equal ones in their
/// original order. The one instantiation of the standard library's stable sort.
#[inline(never)]
fn order_by(len: usize, compare: &dyn Fn(u32, u32) -> Ordering) -> Vec<u32> {
    let len = u32::try_from(len).expect("fewer than 2^32 items to sort");
    let mut order: Vec<u32> = (0..len).collect();
    order.sort_by(|a, b| compare(*a, *b));
    order
}

/// Moves the items so that position `i` holds what was at `order[i]`, by swaps along each cycle
/// of the permutation (at most `len - 1` swaps; no item is cloned or moved out).
#[inline(never)]
fn apply(mut order: Vec<u32>, swap: &mut dyn FnMut(usize, usize)) {
    for start in 0..order.len() {
        // Position `at` must receive what is at `order[at]`; after the swap it has it, and what
        // was at `start` moved on to `order[at]`, which the next step fills in turn. A position
        // done is marked by pointing at itself, so each cycle is walked once.
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = at as u32;
            if from == start {
                break;
            }
            swap(at, from);
            at = from;
        }
    }
}

// Native only: proptest is not built for wasm32 (Cargo.toml).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard stable sort, equal keys included: each item carries
        /// its original position, and the whole pairs must come out the same.
        #[test]
        fn sort_by_key_is_the_standard_stable_sort(keys in proptest::collection::vec(0u8..6, 0..80)) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(position, key)| (key, position)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items;
            sort_by_key(&mut sorted, |item| item.0);
            prop_assert_eq!(sorted, expected);
        }

        #[test]
        fn sort_by_is_the_standard_stable_sort(keys in proptest::collection::vec(any::<i16>(), 0..80)) {
            let items: Vec<(i16, usize)> = keys.into_iter().enumerate().map(|(position, key)| (key / 64, position)).collect();
            let newest_first = |a: &(i16, usize), b: &(i16, usize)| b.0.cmp(&a.0);
            let mut expected = items.clone();
            expected.sort_by(newest_first);
            let mut sorted = items;
            sort_by(&mut sorted, newest_first);
            prop_assert_eq!(sorted, expected);
        }

        /// Items that are neither `Copy` nor `Clone`-cheap are moved, never lost or doubled.
        #[test]
        fn sort_is_the_standard_sort_on_owned_items(words in proptest::collection::vec("[a-c]{0,3}", 0..60)) {
            let mut expected = words.clone();
            expected.sort();
            let mut sorted = words;
            sort(&mut sorted);
            prop_assert_eq!(sorted, expected);
        }
    }

    proptest! {
        /// The very same result as the standard selection, which it calls: the whole slice
        /// after it, not only the item at `nth`.
        #[test]
        fn select_nth_by_is_the_standard_selection(keys in proptest::collection::vec(0u32..10, 1..60), nth in 0usize..60) {
            let nth = nth % keys.len();
            let newest_first = |a: &u32, b: &u32| keys[*b as usize].cmp(&keys[*a as usize]);
            let mut expected: Vec<u32> = (0..keys.len() as u32).collect();
            expected.select_nth_unstable_by(nth, newest_first);
            let mut selected: Vec<u32> = (0..keys.len() as u32).collect();
            select_nth_by(&mut selected, nth, &|a, b| newest_first(&a, &b));
            prop_assert_eq!(selected, expected);
        }
    }

    #[test]
    fn a_sub_slice_is_sorted_in_place_and_the_rest_left_alone() {
        let mut items = [9, 3, 2, 1, 0];
        sort(&mut items[1..4]);
        assert_eq!(items, [9, 1, 2, 3, 0]);
    }
}
