//! "Did you mean": the closest name by edit distance, ignoring ASCII case. Only runs when a
//! name is unknown (a lint finding, a misspelt key of a world file), so it may scan a
//! service's whole action list.

/// Optimal-string-alignment distance (insertions, deletions, substitutions, adjacent swaps),
/// ignoring ASCII case; gives up early beyond `limit`. Keeps three rows, so comparing against
/// hundreds of candidates allocates little.
pub fn distance(a: &str, b: &str, limit: usize) -> Option<usize> {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let same = |x: u8, y: u8| x.eq_ignore_ascii_case(&y);
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(!same(a[i - 1], b[j - 1]));
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]) {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
            row_min = row_min.min(best);
        }
        if row_min > limit {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let result = previous[b.len()];
    (result <= limit).then_some(result)
}

/// How many edits a name of this length may be away from a suggestion.
pub fn limit_for(name: &str) -> usize {
    match name.len() {
        0..=4 => 1,
        5..=9 => 2,
        _ => 3,
    }
}

/// The candidate closest to `name` within the usual limit (ties: the first one).
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = limit_for(name);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(d) = distance(name, candidate, bound) {
            if best.is_none_or(|(b, _)| d < b) {
                best = Some((d, candidate));
                if d == 0 {
                    break;
                }
            }
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(distance("GetObjects", "GetObject", 3), Some(1));
        assert_eq!(distance("getobject", "GetObject", 3), Some(0));
        assert_eq!(distance("GetObjcet", "GetObject", 3), Some(1));
        assert_eq!(distance("abc", "xyz", 2), None);
        assert_eq!(distance("ab", "ba", 2), Some(1));
        assert_eq!(distance("", "ab", 2), Some(2));
        assert_eq!(distance("kitten", "sitting", 3), Some(3));
    }

    #[test]
    fn picks_the_closest() {
        let names = ["GetObject", "GetObjectAcl", "PutObject"];
        assert_eq!(closest("GetObjects", names.into_iter()), Some("GetObject"));
        assert_eq!(closest("Nothing", names.into_iter()), None);
    }
}
