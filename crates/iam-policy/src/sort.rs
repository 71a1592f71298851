//! Stable sorting through one shared copy of the standard library's sort.
//!
//! `slice::sort_by` is compiled anew for every element type and comparator: the browser
//! build carried eleven copies of it, about 45 KB of wasm. [`sort_by`] sorts indices with a
//! dynamic comparator, compiled once, then moves the elements into that order, so each caller
//! adds only a small permutation loop. The result is the standard sort's (stable,
//! O(n log n)); each comparison costs one indirect call more.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`, like `slice::sort_by`.
pub fn sort_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Sorts `items` stably by `key`, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `items` stably in ascending order, like `slice::sort`.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// `0..len` ordered by `compare`: the one instantiation of the standard sort.
#[inline(never)]
fn sorted_indices(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Reorders `items` so that position `i` holds the element that was at `order[i]`, following
/// each cycle of the permutation once.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut position = start;
        loop {
            let source = std::mem::replace(&mut order[position], DONE);
            if source == DONE || source == start {
                break;
            }
            items.swap(position, source);
            position = source;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproducible stream of small numbers (many ties, to exercise stability).
    fn numbers(seed: u64, len: usize) -> Vec<(u8, usize)> {
        let mut state = seed;
        (0..len)
            .map(|index| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                ((state >> 59) as u8, index)
            })
            .collect()
    }

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        for len in [0, 1, 2, 3, 7, 20, 33, 100, 1000] {
            for seed in 0..5 {
                let mut ours = numbers(seed, len);
                let mut standard = ours.clone();
                sort_by_key(&mut ours, |item| item.0);
                standard.sort_by_key(|item| item.0);
                assert_eq!(ours, standard, "len {len} seed {seed}");
            }
        }
    }

    #[test]
    fn reverse_comparators_and_owned_elements() {
        let mut words: Vec<String> = ["pear", "fig", "apple", "fig"].map(String::from).to_vec();
        sort_by(&mut words, |a, b| b.cmp(a));
        assert_eq!(words, ["pear", "fig", "fig", "apple"]);
        sort(&mut words);
        assert_eq!(words, ["apple", "fig", "fig", "pear"]);
    }
}
