//! Building ordered maps by inserting. `collect()` into a `BTreeMap` first stable-sorts the
//! pairs, which instantiates a whole sort (about 5 KB of wasm) for every key and value type it
//! is used with: measured with twiggy, such sorts were 45 KB of the page's download. The maps
//! built here are small (members, replicas, topics), so inserting one by one costs nothing.

use std::collections::BTreeMap;

/// Like `items.collect::<BTreeMap<_, _>>()`: for equal keys the last value wins.
pub fn btree_map<K: Ord, V>(items: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in items {
        map.insert(k, v);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_as_collect_including_duplicate_keys() {
        let pairs = [(3, "c"), (1, "a"), (3, "z"), (2, "b")];
        assert_eq!(btree_map(pairs), pairs.into_iter().collect::<BTreeMap<_, _>>());
        assert_eq!(btree_map(pairs)[&3], "z");
        assert!(btree_map(Vec::<(u8, u8)>::new()).is_empty());
    }
}
