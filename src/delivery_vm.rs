//! The view model of a group's delivery check (engine `DeliveryCheck`): what its consumers
//! received, per key, against the order each producer sent it in — records received twice and
//! keys out of send order, with the offsets that show it. Pure functions over the engine's
//! read-only state.

use engine::{DeliveryCheck, DeliveryFinding, ProducerHandle};

/// Findings listed per group (the newest first); the engine keeps a few more and counts all.
pub const FINDINGS_SHOWN_MAX: usize = 8;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryRowVm {
    /// "twice" or "order": the row's kind, for its mark.
    pub kind: &'static str,
    pub key: String,
    pub partition: String,
    /// "received twice" / "out of send order".
    pub found: &'static str,
    /// "2 and 3" (the first copy and the second) / "4 after 1".
    pub offsets: String,
    pub producer: String,
    /// What made it happen, in one sentence.
    pub why: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryVm {
    pub summary: String,
    pub clean: bool,
    pub rows: Vec<DeliveryRowVm>,
}

/// A key as text: its bytes as UTF-8 (replacement characters where they are not), or "null".
fn key_text(key: Option<&[u8]>) -> String {
    key.map_or_else(|| "null".to_string(), |k| String::from_utf8_lossy(k).into_owned())
}

fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn delivery_vm(check: &DeliveryCheck) -> DeliveryVm {
    let summary = if check.received == 0 {
        "Delivery check: nothing received yet from the sandbox's producers.".to_string()
    } else if check.clean() {
        format!("Delivery check: {} received, each once and in send order per key.", plural(check.received, "record", "records"))
    } else {
        let mut parts = Vec::new();
        if check.twice > 0 {
            parts.push(format!("{} received twice", plural(check.twice, "record", "records")));
        }
        if check.out_of_order > 0 {
            parts.push(format!(
                "{} out of send order ({})",
                plural(check.keys_out_of_order, "key", "keys"),
                plural(check.out_of_order, "record", "records")
            ));
        }
        format!("Delivery check: {} of {} received.", parts.join(", "), check.received)
    };
    let rows = check.findings.iter().rev().take(FINDINGS_SHOWN_MAX).map(row).collect();
    DeliveryVm { summary, clean: check.clean(), rows }
}

fn row(f: &DeliveryFinding) -> DeliveryRowVm {
    match f {
        DeliveryFinding::Twice { partition, key, producer, first_offset, offset } => DeliveryRowVm {
            kind: "twice",
            key: key_text(key.as_deref()),
            partition: partition.to_string(),
            found: "received twice",
            offsets: match first_offset {
                Some(first) => format!("{first} and {offset}"),
                None => format!("{offset} (and earlier)"),
            },
            producer: ProducerHandle(*producer).to_string(),
            why: "sent once, written twice: a retry of a batch whose answer was lost (enable.idempotence=false)".into(),
        },
        DeliveryFinding::OutOfOrder { partition, key, producer, offset, after_offset } => DeliveryRowVm {
            kind: "order",
            key: key_text(Some(key)),
            partition: partition.to_string(),
            found: "out of send order",
            offsets: format!("{offset} after {after_offset}"),
            producer: ProducerHandle(*producer).to_string(),
            why: format!(
                "offset {offset} was sent before offset {after_offset}: its retry landed after a later batch (more than one request in flight without idempotence)"
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Offset, SendStamp, TopicPartition};

    fn receive(c: &mut DeliveryCheck, offset: i64, key: &str, seq: u64, first: Option<i64>) {
        let key: std::sync::Arc<[u8]> = key.as_bytes().into();
        c.receive(&TopicPartition::new("orders", 1), Offset(offset), Some(&key), SendStamp { producer: 2, seq }, || first.map(Offset));
    }

    #[test]
    fn a_clean_check_says_so_with_its_count() {
        let mut c = DeliveryCheck::default();
        assert_eq!(delivery_vm(&c).summary, "Delivery check: nothing received yet from the sandbox's producers.");
        receive(&mut c, 0, "a", 0, None);
        let vm = delivery_vm(&c);
        assert!(vm.clean && vm.rows.is_empty());
        assert_eq!(vm.summary, "Delivery check: 1 record received, each once and in send order per key.");
    }

    #[test]
    fn findings_list_newest_first_with_their_offsets() {
        let mut c = DeliveryCheck::default();
        receive(&mut c, 0, "a", 1, None);
        receive(&mut c, 1, "a", 0, None);
        receive(&mut c, 2, "a", 1, Some(0));
        let vm = delivery_vm(&c);
        assert_eq!(vm.summary, "Delivery check: 1 record received twice, 1 key out of send order (1 record) of 3 received.");
        assert_eq!(vm.rows.len(), 2);
        assert_eq!(
            (vm.rows[0].found, vm.rows[0].offsets.as_str(), vm.rows[0].producer.as_str()),
            ("received twice", "0 and 2", "producer-2")
        );
        assert_eq!((vm.rows[1].found, vm.rows[1].offsets.as_str(), vm.rows[1].key.as_str()), ("out of send order", "1 after 0", "a"));
        assert_eq!(vm.rows[1].partition, "orders-1");
    }
}
