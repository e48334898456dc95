//! Java's `String.hashCode`, `Utils.abs` and the iteration order of a `java.util.HashMap`.
//!
//! Kafka picks a group's coordinator with `Utils.abs(groupId.hashCode()) % 50`
//! (`GroupCoordinatorService.java`), and parts of the sticky assignor walk `HashMap`s and
//! `HashSet`s, whose iteration order decides ties. To give the same answers as the Java classes,
//! the engine reproduces both: a hash over UTF-16 code units, and the bucket order of a table
//! that starts at 16 buckets and doubles past a 0.75 load factor (`HashMap.resize`).

/// `java.lang.String.hashCode()`: `s[0]*31^(n-1) + … + s[n-1]` over UTF-16 code units, wrapping.
pub fn string_hash_code(s: &str) -> i32 {
    s.encode_utf16().fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(i32::from(unit)))
}

/// `org.apache.kafka.common.utils.Utils.abs`: `Math.abs`, except that `Integer.MIN_VALUE` maps to 0.
pub fn utils_abs(n: i32) -> i32 {
    if n == i32::MIN {
        0
    } else {
        n.abs()
    }
}

/// `org.apache.kafka.common.TopicPartition.hashCode()`: `31 * (31 + partition) + topic.hashCode()`.
pub fn topic_partition_hash_code(topic: &str, partition: u32) -> i32 {
    31i32.wrapping_mul(31i32.wrapping_add(partition as i32)).wrapping_add(string_hash_code(topic))
}

/// Buckets of a default `HashMap` after `max_len` entries were in it at once (it never shrinks).
pub fn hash_map_capacity(max_len: usize) -> u32 {
    let mut capacity: u32 = 16;
    while max_len > (capacity as usize) * 3 / 4 {
        capacity *= 2;
    }
    capacity
}

/// `HashMap.hash` spreads the high bits down, then the table index is `hash & (capacity - 1)`.
pub fn bucket_of(hash: i32, capacity: u32) -> u32 {
    let h = hash as u32;
    (h ^ (h >> 16)) & (capacity - 1)
}

/// Positions of `hashes` (given in insertion order) in the order a `HashMap` with those keys
/// iterates them: by bucket, and within a bucket by insertion (resizes keep that order).
/// Buckets that turned into trees (8+ colliding keys) are not modelled.
pub fn hash_map_order(hashes: &[i32], max_len: usize) -> Vec<usize> {
    let capacity = hash_map_capacity(max_len.max(hashes.len()));
    let mut order: Vec<usize> = (0..hashes.len()).collect();
    order.sort_by_key(|&i| (bucket_of(hashes[i], capacity), i));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_hash_codes_match_java() {
        // Golden values from ../shared/kafka/semantics.md §3.1 (run in Java).
        for (s, h) in [
            ("", 0),
            ("hello", 99162322),
            ("my-group", -1906497762),
            ("test-group", 627841412),
            ("group1", -1237460590),
            ("orders-service", 23943117),
            ("console-consumer-12345", 158455506),
            ("polygenelubricants", i32::MIN),
        ] {
            assert_eq!(string_hash_code(s), h, "{s}");
        }
        // Outside the BMP a char is two UTF-16 units: "😀" = D83D DE00.
        assert_eq!(string_hash_code("😀"), 0xD83D * 31 + 0xDE00);
    }

    #[test]
    fn coordinator_partitions_match_java() {
        for (g, p) in [
            ("", 0),
            ("hello", 22),
            ("my-group", 12),
            ("test-group", 12),
            ("group1", 40),
            ("orders-service", 17),
            ("console-consumer-12345", 6),
            ("polygenelubricants", 0),
        ] {
            assert_eq!(utils_abs(string_hash_code(g)) % 50, p, "{g}");
        }
    }

    #[test]
    fn hash_map_order_is_by_bucket_then_insertion() {
        // "C0".hashCode() = 2125 (bucket 13 of 16), "C9" = 2134 (6), "C10" = 65954 (3).
        let hashes: Vec<i32> = ["C0", "C9", "C10"].iter().map(|s| string_hash_code(s)).collect();
        assert_eq!(hash_map_order(&hashes, 3), vec![2, 1, 0]);
        assert_eq!(hash_map_capacity(12), 16);
        assert_eq!(hash_map_capacity(13), 32);
        // Same bucket: insertion order.
        assert_eq!(hash_map_order(&[16, 0, 32], 3), vec![0, 1, 2]);
    }
}
