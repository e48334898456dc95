//! The view model of a group's delivery check (engine `DeliveryCheck`): what its consumers
//! received, per key, against the order each producer sent it in — records received twice and
//! keys out of send order, with the offsets that show it. Pure functions over the engine's
//! read-only state.

use crate::i18n::{count, Tr};
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
    pub found: String,
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

pub fn delivery_vm(check: &DeliveryCheck, tr: Tr) -> DeliveryVm {
    let summary = if check.received == 0 {
        tr.t("delivery-nothing-yet")
    } else if check.clean() {
        tr.f("delivery-clean", &[("received", count(check.received))])
    } else {
        let mut parts = Vec::new();
        if check.twice > 0 {
            parts.push(tr.f("delivery-found-twice", &[("twice", count(check.twice))]));
        }
        if check.out_of_order > 0 {
            parts.push(tr.f("delivery-found-order", &[("keys", count(check.keys_out_of_order)), ("late", count(check.out_of_order))]));
        }
        tr.f("delivery-found", &[("parts", parts.join(", ").into()), ("received", count(check.received))])
    };
    let rows = check.findings.iter().rev().take(FINDINGS_SHOWN_MAX).map(|f| row(f, tr)).collect();
    DeliveryVm { summary, clean: check.clean(), rows }
}

fn row(f: &DeliveryFinding, tr: Tr) -> DeliveryRowVm {
    match f {
        DeliveryFinding::Twice { partition, key, producer, first_offset, offset } => DeliveryRowVm {
            kind: "twice",
            key: key_text(key.as_deref()),
            partition: partition.to_string(),
            found: tr.t("delivery-twice"),
            offsets: match first_offset {
                Some(first) => tr.f("delivery-twice-offsets", &[("first", first.0.into()), ("offset", offset.0.into())]),
                None => tr.f("delivery-twice-offset-earlier", &[("offset", offset.0.into())]),
            },
            producer: ProducerHandle(*producer).to_string(),
            why: tr.t("delivery-twice-why"),
        },
        DeliveryFinding::OutOfOrder { partition, key, producer, offset, after_offset } => DeliveryRowVm {
            kind: "order",
            key: key_text(Some(key)),
            partition: partition.to_string(),
            found: tr.t("delivery-out-of-order"),
            offsets: tr.f("delivery-order-offsets", &[("offset", offset.0.into()), ("after", after_offset.0.into())]),
            producer: ProducerHandle(*producer).to_string(),
            why: tr.f("delivery-order-why", &[("offset", offset.0.into()), ("after", after_offset.0.into())]),
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
        assert_eq!(
            delivery_vm(&c, Tr::new(crate::i18n::Lang::En)).summary,
            "Delivery check: nothing received yet from the sandbox's producers."
        );
        receive(&mut c, 0, "a", 0, None);
        let vm = delivery_vm(&c, Tr::new(crate::i18n::Lang::En));
        assert!(vm.clean && vm.rows.is_empty());
        assert_eq!(vm.summary, "Delivery check: 1 record received, each once and in send order per key.");
    }

    #[test]
    fn findings_list_newest_first_with_their_offsets() {
        let mut c = DeliveryCheck::default();
        receive(&mut c, 0, "a", 1, None);
        receive(&mut c, 1, "a", 0, None);
        receive(&mut c, 2, "a", 1, Some(0));
        let vm = delivery_vm(&c, Tr::new(crate::i18n::Lang::En));
        assert_eq!(vm.summary, "Delivery check: 1 record received twice, 1 key out of send order (1 record) of 3 received.");
        assert_eq!(vm.rows.len(), 2);
        assert_eq!(
            (vm.rows[0].found.as_str(), vm.rows[0].offsets.as_str(), vm.rows[0].producer.as_str()),
            ("received twice", "0 and 2", "producer-2")
        );
        assert_eq!(
            (vm.rows[1].found.as_str(), vm.rows[1].offsets.as_str(), vm.rows[1].key.as_str()),
            ("out of send order", "1 after 0", "a")
        );
        assert_eq!(vm.rows[1].partition, "orders-1");
    }

    #[test]
    fn in_korean() {
        let mut c = DeliveryCheck::default();
        receive(&mut c, 0, "a", 1, None);
        receive(&mut c, 1, "a", 0, None);
        receive(&mut c, 2, "a", 1, Some(0));
        let vm = delivery_vm(&c, Tr::new(crate::i18n::Lang::Ko));
        assert!(vm.summary.contains("레코드 1개"), "{}", vm.summary);
        assert_eq!(vm.rows[0].offsets, "0, 2");
    }
}
