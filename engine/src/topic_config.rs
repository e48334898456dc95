//! A topic's configs as `kafka-configs.sh` and `kafka-topics.sh` see them: by name, as strings,
//! parsed and validated the way Kafka's `LogConfig` (its `ConfigDef`) does, and listed the way
//! `kafka-topics.sh --describe` prints them. Creation and alteration share `validate`, so each
//! rule lives in one place.

use crate::command::{CommandError, CommandErrorKind};
use crate::config::{CleanupPolicy, TopicCompression, TopicConfig, SEGMENT_BYTES_MIN};
use crate::kafka_error::KafkaError;

/// The topic configs the sandbox models, in name order.
pub const TOPIC_CONFIG_NAMES: [&str; 11] = [
    "cleanup.policy",
    "compression.type",
    "delete.retention.ms",
    "index.interval.bytes",
    "min.compaction.lag.ms",
    "min.insync.replicas",
    "retention.bytes",
    "retention.ms",
    "segment.bytes",
    "segment.ms",
    "unclean.leader.election.enable",
];

/// One config for an editor: its value, its default, its `ConfigDef` type and whether the topic
/// overrides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicConfigEntry {
    pub name: &'static str,
    pub value: String,
    pub default: String,
    /// `ConfigDef.Type` as Kafka names it: LONG, INT, BOOLEAN or LIST.
    pub kind: &'static str,
    /// The value differs from the default (what `--describe` lists).
    pub overridden: bool,
}

/// The `ConfigDef.Type` of a config (`LogConfig`'s definitions).
fn kind_of(name: &str) -> &'static str {
    match name {
        "cleanup.policy" => "LIST",
        "min.insync.replicas" | "segment.bytes" | "index.interval.bytes" => "INT",
        "compression.type" => "STRING",
        "unclean.leader.election.enable" => "BOOLEAN",
        _ => "LONG",
    }
}

/// A config's value as Kafka prints it, or None for a name the sandbox does not model.
pub fn config_value(c: &TopicConfig, name: &str) -> Option<String> {
    Some(match name {
        "cleanup.policy" => c.cleanup_policy.name().to_string(),
        "compression.type" => c.compression_type.name().to_string(),
        "index.interval.bytes" => c.index_interval_bytes.to_string(),
        "segment.ms" => c.segment_ms.to_string(),
        "delete.retention.ms" => c.delete_retention_ms.to_string(),
        "min.compaction.lag.ms" => c.min_compaction_lag_ms.to_string(),
        "min.insync.replicas" => c.min_insync_replicas.to_string(),
        "retention.bytes" => c.retention_bytes.to_string(),
        "retention.ms" => c.retention_ms.to_string(),
        "segment.bytes" => c.segment_bytes.to_string(),
        "unclean.leader.election.enable" => c.unclean_leader_election_enable.to_string(),
        _ => return None,
    })
}

/// Every config with its value and default, in name order (for an editor).
pub fn all_entries(c: &TopicConfig) -> Vec<TopicConfigEntry> {
    let d = TopicConfig::default();
    TOPIC_CONFIG_NAMES
        .iter()
        .map(|name| {
            let value = config_value(c, name).unwrap_or_default();
            let default = config_value(&d, name).unwrap_or_default();
            TopicConfigEntry { name, overridden: value != default, value, default, kind: kind_of(name) }
        })
        .collect()
}

/// The configs `kafka-topics.sh --describe` prints on a topic's line: its entries whose source
/// is not `DEFAULT_CONFIG` (`TopicCommand.TopicDescription.printDescription` filters
/// `!ConfigEntry.isDefault()`), as `name=value`. A real cluster would also list configs set in
/// the brokers' server.properties (`STATIC_BROKER_CONFIG`); the sandbox has none, and its own
/// defaults (segment.bytes 64 KiB) stand for Kafka's built-in ones. The sandbox does not record
/// which configs were set explicitly: one set to its default value is not listed. Name order.
pub fn describe_configs(c: &TopicConfig) -> Vec<(&'static str, String)> {
    all_entries(c).into_iter().filter(|e| e.overridden).map(|e| (e.name, e.value)).collect()
}

/// The `Configs:` field of the describe line, joined as `TopicDescription.printDescription`
/// joins it: `min.insync.replicas=2,segment.bytes=1048576` (empty when nothing is overridden).
pub fn describe_line(c: &TopicConfig) -> String {
    describe_configs(c).iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(",")
}

fn invalid(message: String) -> CommandError {
    CommandError::new(CommandErrorKind::Kafka(KafkaError::InvalidConfig), message)
}

/// `ConfigException(name, value, message)`: "Invalid value V for configuration N: M".
fn invalid_value(name: &str, value: impl std::fmt::Display, message: &str) -> CommandError {
    invalid(format!("Invalid value {value} for configuration {name}: {message}"))
}

/// `ConfigDef.parseType` for LONG and INT: trimmed, then `Long.parseLong`/`Integer.parseInt`,
/// whose failure is "Not a number of type LONG" (the untrimmed value in the message).
fn parse_number(name: &str, value: &str, kind: &str) -> Result<i64, CommandError> {
    let t = value.trim();
    let parsed = match kind {
        "INT" => t.parse::<i32>().map(i64::from).ok(),
        _ => t.parse::<i64>().ok(),
    };
    parsed.ok_or_else(|| invalid_value(name, value, &format!("Not a number of type {kind}")))
}

fn at_least(name: &str, v: i64, min: i64) -> Result<i64, CommandError> {
    if v < min {
        return Err(invalid_value(name, v, &format!("Value must be at least {min}")));
    }
    Ok(v)
}

/// Sets one config from its string form (`ConfigDef.parse`: type, then validator), or says
/// why not with Kafka's message. `Unknown topic config name: N` is `LogConfig.validateNames`.
pub fn set_config(c: &mut TopicConfig, name: &str, value: &str) -> Result<(), CommandError> {
    match name {
        "cleanup.policy" => {
            // LIST: split on commas (with whitespace), each in `ValidList.in(compact, delete)`.
            let t = value.trim();
            let items: Vec<&str> = if t.is_empty() { Vec::new() } else { t.split(',').map(str::trim).collect() };
            if let Some(bad) = items.iter().find(|i| !matches!(**i, "compact" | "delete")) {
                return Err(invalid_value(name, bad, "String must be one of: compact, delete"));
            }
            let (compact, delete) = (items.contains(&"compact"), items.contains(&"delete"));
            c.cleanup_policy = match (compact, delete) {
                (true, true) => CleanupPolicy::CompactDelete,
                (true, false) => CleanupPolicy::Compact,
                (false, true) => CleanupPolicy::Delete,
                (false, false) => {
                    return Err(invalid_value(
                        name,
                        value,
                        "the sandbox needs compact, delete or both (an empty policy keeps every record)",
                    ))
                }
            };
        }
        "unclean.leader.election.enable" => {
            // BOOLEAN: "true"/"false", any case, trimmed.
            c.unclean_leader_election_enable = match value.trim().to_ascii_lowercase().as_str() {
                "true" => true,
                "false" => false,
                _ => return Err(invalid_value(name, value, "Expected value to be either true or false")),
            };
        }
        "min.insync.replicas" => c.min_insync_replicas = at_least(name, parse_number(name, value, "INT")?, 1)? as u32,
        "segment.bytes" => {
            let v = parse_number(name, value, "INT")?;
            c.segment_bytes = u64::try_from(v).unwrap_or(0);
            if v < 0 {
                // Shown as given, not as the u64 it cannot be.
                validate_segment_bytes(v)?;
            }
        }
        "retention.ms" => c.retention_ms = parse_number(name, value, "LONG")?,
        // `ConfigDef.ValidString.in(BrokerCompressionType names)`, trimmed, case as given.
        "compression.type" => {
            c.compression_type = TopicCompression::parse(value.trim()).ok_or_else(|| {
                invalid_value(name, value.trim(), &format!("String must be one of: {}", TopicCompression::NAMES.join(", ")))
            })?
        }
        "segment.ms" => c.segment_ms = at_least(name, parse_number(name, value, "LONG")?, 1)? as u64,
        "index.interval.bytes" => c.index_interval_bytes = at_least(name, parse_number(name, value, "INT")?, 0)? as u64,
        "retention.bytes" => c.retention_bytes = parse_number(name, value, "LONG")?,
        "delete.retention.ms" => c.delete_retention_ms = at_least(name, parse_number(name, value, "LONG")?, 0)? as u64,
        "min.compaction.lag.ms" => c.min_compaction_lag_ms = at_least(name, parse_number(name, value, "LONG")?, 0)? as u64,
        _ => return Err(invalid(format!("Unknown topic config name: {name}"))),
    }
    validate(c)
}

fn validate_segment_bytes(v: i64) -> Result<(), CommandError> {
    if v < SEGMENT_BYTES_MIN as i64 || v > i64::from(i32::MAX) {
        return Err(invalid_value(
            "segment.bytes",
            v,
            &format!("Value must be between {SEGMENT_BYTES_MIN} and {} in the sandbox", i32::MAX),
        ));
    }
    Ok(())
}

/// The value rules of `LogConfig` (its `ConfigDef` validators), for a topic being created or
/// altered. `retention.bytes` has no validator in Kafka; the sandbox keeps it at -1 or more.
/// `segment.bytes` uses the sandbox's lower bound (`SEGMENT_BYTES_MIN`, see there).
pub fn validate(c: &TopicConfig) -> Result<(), CommandError> {
    at_least("min.insync.replicas", i64::from(c.min_insync_replicas), 1)?;
    at_least("retention.ms", c.retention_ms, -1)?;
    at_least("retention.bytes", c.retention_bytes, -1)?;
    validate_segment_bytes(c.segment_bytes.min(i64::MAX as u64) as i64)?;
    // delete.retention.ms and min.compaction.lag.ms are unsigned here: at least 0 by type.
    Ok(())
}

/// `kafka-configs.sh --alter --add-config k=v,... --delete-config k` on a topic: the configs
/// after an incrementalAlterConfigs of SET and DELETE operations (DELETE removes the topic's
/// override, so the default applies again). All or nothing: the first bad entry rejects the
/// whole request. The tool refuses to delete a config the topic does not override
/// (`ConfigCommand.alterResourceConfig`: "Invalid config(s): k"), and
/// `AlterConfigsRequest` refuses one key twice.
pub fn altered(c: &TopicConfig, set: &[(String, String)], delete: &[String]) -> Result<TopicConfig, CommandError> {
    if set.is_empty() && delete.is_empty() {
        return Err(CommandError::new(
            CommandErrorKind::Kafka(KafkaError::InvalidRequest),
            "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter",
        ));
    }
    let mut names: Vec<&str> = set.iter().map(|(k, _)| k.trim()).chain(delete.iter().map(|k| k.trim())).collect();
    names.sort_unstable();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        return Err(CommandError::new(
            CommandErrorKind::Kafka(KafkaError::InvalidRequest),
            format!("Error due to duplicate config keys: {}", w[0]),
        ));
    }
    let overridden = describe_configs(c);
    let not_overridden: Vec<&str> = delete.iter().map(|k| k.trim()).filter(|k| !overridden.iter().any(|(n, _)| n == k)).collect();
    if !not_overridden.is_empty() {
        return Err(invalid(format!("Invalid config(s): {}", not_overridden.join(","))));
    }
    let mut next = c.clone();
    let defaults = TopicConfig::default();
    for name in delete {
        let d = config_value(&defaults, name.trim()).unwrap_or_default();
        set_config(&mut next, name.trim(), &d)?;
    }
    for (name, value) in set {
        set_config(&mut next, name.trim(), value)?;
    }
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_lists_only_overrides_in_name_order() {
        let c = TopicConfig { min_insync_replicas: 2, segment_bytes: 1_048_576, ..TopicConfig::default() };
        assert_eq!(describe_line(&c), "min.insync.replicas=2,segment.bytes=1048576");
        assert_eq!(describe_line(&TopicConfig::default()), "");
    }

    #[test]
    fn every_name_round_trips_through_its_string() {
        let c = TopicConfig::default();
        for name in TOPIC_CONFIG_NAMES {
            let mut d = c.clone();
            let v = config_value(&c, name).expect("known");
            set_config(&mut d, name, &v).expect("valid default");
            assert_eq!(d, c, "{name}");
        }
    }
}
