// Orders of arrival for the property tests that fold events "in any order": a device receiving
// them through sync may see them shuffled and some of them twice. Shared by the integration
// tests (each includes this file with `#[path]`) and by the domain's own unit tests.
//
// Written by hand rather than with `rand` because a dozen lines of xorshift need no new
// dev-dependency, and the seed comes from proptest, so every failure reproduces and shrinks.

/// The next number of a xorshift64 sequence (never 0 from a non-zero state).
fn next(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

/// A Fisher–Yates shuffle of `items` from the seed.
fn shuffle_in_place<T>(items: &mut [T], state: &mut u64) {
    for i in (1..items.len()).rev() {
        let j = (next(state) % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// `items` in an order fixed by `seed`.
#[allow(dead_code)]
pub fn shuffled<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    shuffle_in_place(&mut out, &mut (seed | 1));
    out
}

/// Every item at least once and about a third of them twice, in an order fixed by `seed`.
#[allow(dead_code)]
pub fn shuffled_with_repeats<T: Clone>(items: &[T], seed: u64) -> Vec<T> {
    let mut state = seed | 1;
    let mut out = items.to_vec();
    for item in items {
        if next(&mut state) % 3 == 0 {
            out.push(item.clone());
        }
    }
    shuffle_in_place(&mut out, &mut state);
    out
}
