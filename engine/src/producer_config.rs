//! A producer's configuration by Kafka's names and 4.x defaults (`ProducerConfig`), parsed from
//! `KEY=VALUE` pairs as `--producer-property` and `ksim --producer` give them, and validated as
//! `ProducerConfig.postProcessAndValidateIdempotenceConfigs` and
//! `KafkaProducer.configureDeliveryTimeout` do, with their messages.
//!
//! Idempotence is on by default (since 3.0). When it was not set explicitly, a config that
//! conflicts with it (`acks` other than all, `retries=0`) turns it off quietly, as Kafka does;
//! when it was set to true, the conflict is an error. Since 4.0 (KAFKA-17927) more than five
//! requests in flight is an error whenever idempotence is on.

use crate::command::{CommandError, CommandErrorKind};
use crate::event::Acks;
use crate::kafka_error::KafkaError;
use crate::record_batch::Compression;
use serde::{Deserialize, Serialize};

/// The sandbox's bound on `buffer.memory` (Kafka allows any long): wasm memory never shrinks.
pub const BUFFER_MEMORY_MAX_BYTES: u64 = 64 * 1024 * 1024;
/// The idempotent producer's limit (`MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION_FOR_IDEMPOTENCE`): the
/// broker remembers five batches per producer.
pub const IDEMPOTENT_IN_FLIGHT_MAX: u32 = 5;
/// The sandbox's bound on in-flight requests without idempotence.
pub const IN_FLIGHT_MAX: u32 = 100;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ProducerConfig {
    pub acks: Acks,
    pub enable_idempotence: bool,
    pub retries: u32,
    pub delivery_timeout_ms: u64,
    pub request_timeout_ms: u64,
    pub linger_ms: u64,
    pub batch_size_bytes: u64,
    pub buffer_memory_bytes: u64,
    pub max_block_ms: u64,
    pub max_in_flight_requests_per_connection: u32,
    pub retry_backoff_ms: u64,
    pub retry_backoff_max_ms: u64,
    pub max_request_size_bytes: u64,
    pub transactional_id: Option<String>,
    pub transaction_timeout_ms: u64,
    pub client_id: Option<String>,
    /// `compression.type` (default none): the codec of the producer's batches.
    #[serde(default)]
    pub compression: Compression,
}

impl Default for ProducerConfig {
    fn default() -> Self {
        ProducerConfig {
            acks: Acks::All,
            enable_idempotence: true,
            retries: i32::MAX as u32,
            delivery_timeout_ms: 120_000,
            request_timeout_ms: 30_000,
            // KIP-1030 (4.0): 5 ms, was 0.
            linger_ms: 5,
            batch_size_bytes: 16_384,
            buffer_memory_bytes: 33_554_432,
            max_block_ms: 60_000,
            max_in_flight_requests_per_connection: 5,
            retry_backoff_ms: 100,
            retry_backoff_max_ms: 1_000,
            max_request_size_bytes: 1_048_576,
            transactional_id: None,
            transaction_timeout_ms: 60_000,
            client_id: None,
            compression: Compression::None,
        }
    }
}

/// The configs `ProducerConfig::from_pairs` knows, in the order `--help` lists them.
pub const PRODUCER_CONFIG_NAMES: [&str; 17] = [
    "acks",
    "enable.idempotence",
    "retries",
    "delivery.timeout.ms",
    "request.timeout.ms",
    "linger.ms",
    "batch.size",
    "buffer.memory",
    "max.block.ms",
    "max.in.flight.requests.per.connection",
    "retry.backoff.ms",
    "retry.backoff.max.ms",
    "max.request.size",
    "transactional.id",
    "transaction.timeout.ms",
    "client.id",
    "compression.type",
];

fn invalid(message: String) -> CommandError {
    CommandError::new(CommandErrorKind::Kafka(KafkaError::InvalidConfig), message)
}

/// `ConfigDef`'s message for a value its type or validator refuses.
fn bad_value(name: &str, value: &str, why: &str) -> CommandError {
    invalid(format!("Invalid value {value} for configuration {name}: {why}"))
}

fn number(name: &str, value: &str, min: u64, max: u64) -> Result<u64, CommandError> {
    let v: u64 = value.trim().parse().map_err(|_| bad_value(name, value, "Not a number of type INT"))?;
    if v < min {
        return Err(bad_value(name, value, &format!("Value must be at least {min}")));
    }
    if v > max {
        return Err(bad_value(name, value, &format!("Value must be no more than {max}")));
    }
    Ok(v)
}

impl ProducerConfig {
    /// Builds a config from `KEY=VALUE` pairs over Kafka's defaults, then validates it as a
    /// whole. Unknown names are refused (Kafka only logs "was supplied but isn't a known
    /// config"; a learner's typo should not pass silently).
    pub fn from_pairs(pairs: &[(String, String)]) -> Result<ProducerConfig, CommandError> {
        const I32: u64 = i32::MAX as u64;
        let mut c = ProducerConfig::default();
        let mut idempotence_set = false;
        let mut delivery_timeout_set = false;
        for (name, value) in pairs {
            let (name, value) = (name.trim(), value.trim());
            match name {
                "acks" => {
                    c.acks = Acks::parse(value).ok_or_else(|| invalid(format!("Invalid configuration value for 'acks': {value}")))?;
                }
                "enable.idempotence" => {
                    idempotence_set = true;
                    c.enable_idempotence = match value.to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Err(bad_value(name, value, "Expected value to be either true or false")),
                    };
                }
                "retries" => c.retries = number(name, value, 0, I32)? as u32,
                "delivery.timeout.ms" => {
                    delivery_timeout_set = true;
                    c.delivery_timeout_ms = number(name, value, 0, I32)?;
                }
                "request.timeout.ms" => c.request_timeout_ms = number(name, value, 0, I32)?,
                "linger.ms" => c.linger_ms = number(name, value, 0, I32)?,
                "batch.size" => c.batch_size_bytes = number(name, value, 0, I32)?,
                // `ConfigDef.ValidString.in(Utils.enumOptions(CompressionType.class))`.
                "compression.type" => {
                    c.compression = Compression::parse(value)
                        .ok_or_else(|| bad_value(name, value, "String must be one of: none, gzip, snappy, lz4, zstd"))?
                }
                "buffer.memory" => c.buffer_memory_bytes = number(name, value, 0, BUFFER_MEMORY_MAX_BYTES)?,
                "max.block.ms" => c.max_block_ms = number(name, value, 0, I32)?,
                "max.in.flight.requests.per.connection" => {
                    c.max_in_flight_requests_per_connection = number(name, value, 1, u64::from(IN_FLIGHT_MAX))? as u32
                }
                "retry.backoff.ms" => c.retry_backoff_ms = number(name, value, 0, I32)?,
                "retry.backoff.max.ms" => c.retry_backoff_max_ms = number(name, value, 0, I32)?,
                "max.request.size" => c.max_request_size_bytes = number(name, value, 0, I32)?,
                "transactional.id" => {
                    if value.is_empty() || value.len() > 249 {
                        return Err(bad_value(name, value, "a transactional.id is 1 to 249 characters in the sandbox"));
                    }
                    c.transactional_id = Some(value.to_string());
                }
                "transaction.timeout.ms" => c.transaction_timeout_ms = number(name, value, 1, I32)?,
                "client.id" => c.client_id = Some(value.to_string()),
                _ => return Err(invalid(format!("The configuration '{name}' was supplied but isn't a known config."))),
            }
        }
        c.validate(idempotence_set, delivery_timeout_set)?;
        Ok(c)
    }

    /// Every config as `KEY=VALUE` pairs, in `PRODUCER_CONFIG_NAMES`' order: what
    /// `from_pairs` reads back to this config (a real command line shows a producer by them).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut v: Vec<(&str, String)> = vec![
            ("acks", self.acks.label().to_string()),
            ("enable.idempotence", self.enable_idempotence.to_string()),
            ("retries", self.retries.to_string()),
            ("delivery.timeout.ms", self.delivery_timeout_ms.to_string()),
            ("request.timeout.ms", self.request_timeout_ms.to_string()),
            ("linger.ms", self.linger_ms.to_string()),
            ("batch.size", self.batch_size_bytes.to_string()),
            ("buffer.memory", self.buffer_memory_bytes.to_string()),
            ("max.block.ms", self.max_block_ms.to_string()),
            ("max.in.flight.requests.per.connection", self.max_in_flight_requests_per_connection.to_string()),
            ("retry.backoff.ms", self.retry_backoff_ms.to_string()),
            ("retry.backoff.max.ms", self.retry_backoff_max_ms.to_string()),
            ("max.request.size", self.max_request_size_bytes.to_string()),
        ];
        if let Some(id) = &self.transactional_id {
            v.push(("transactional.id", id.clone()));
        }
        v.push(("transaction.timeout.ms", self.transaction_timeout_ms.to_string()));
        if let Some(id) = &self.client_id {
            v.push(("client.id", id.clone()));
        }
        v.push(("compression.type", self.compression.name().to_string()));
        v.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
    }

    /// `postProcessAndValidateIdempotenceConfigs` and `configureDeliveryTimeout`.
    fn validate(&mut self, idempotence_set: bool, delivery_timeout_set: bool) -> Result<(), CommandError> {
        if self.enable_idempotence {
            let mut disable = false;
            if self.retries == 0 {
                if idempotence_set {
                    return Err(invalid("Must set retries to non-zero when using the idempotent producer.".into()));
                }
                disable = true;
            }
            if self.acks != Acks::All {
                if idempotence_set {
                    return Err(invalid(
                        "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.".into(),
                    ));
                }
                disable = true;
            }
            if !disable && self.max_in_flight_requests_per_connection > IDEMPOTENT_IN_FLIGHT_MAX {
                return Err(invalid("Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.".into()));
            }
            if disable {
                self.enable_idempotence = false;
            }
        }
        if self.transactional_id.is_some() && !self.enable_idempotence {
            return Err(invalid("Cannot set a transactional.id without also enabling idempotence.".into()));
        }
        let floor = self.linger_ms + self.request_timeout_ms;
        if self.delivery_timeout_ms < floor {
            if delivery_timeout_set {
                return Err(invalid("delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms".into()));
            }
            self.delivery_timeout_ms = floor;
        }
        Ok(())
    }

    pub fn accumulator(&self) -> crate::record_accumulator::AccumulatorConfig {
        crate::record_accumulator::AccumulatorConfig {
            batch_size_bytes: self.batch_size_bytes,
            linger_ms: self.linger_ms,
            buffer_memory_bytes: self.buffer_memory_bytes,
            max_request_size_bytes: self.max_request_size_bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(pairs: &[(&str, &str)]) -> Result<ProducerConfig, CommandError> {
        let pairs: Vec<(String, String)> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ProducerConfig::from_pairs(&pairs)
    }

    #[test]
    fn pairs_read_back_to_the_same_config() {
        for c in [
            ProducerConfig::default(),
            cfg(&[("acks", "1"), ("linger.ms", "20"), ("compression.type", "zstd"), ("client.id", "p")]).unwrap(),
            cfg(&[("transactional.id", "tx"), ("retries", "3"), ("request.timeout.ms", "1500")]).unwrap(),
            cfg(&[("acks", "0"), ("enable.idempotence", "false"), ("max.in.flight.requests.per.connection", "9")]).unwrap(),
        ] {
            assert_eq!(ProducerConfig::from_pairs(&c.pairs()).unwrap(), c, "{:?}", c.pairs());
        }
    }

    #[test]
    fn defaults_are_kafka_4s() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c, ProducerConfig::default());
        assert!(c.enable_idempotence && c.acks == Acks::All && c.retries == 2_147_483_647);
        assert_eq!((c.delivery_timeout_ms, c.linger_ms, c.max_in_flight_requests_per_connection), (120_000, 5, 5));
        assert_eq!(PRODUCER_CONFIG_NAMES.len(), 17);
        for n in PRODUCER_CONFIG_NAMES {
            let value = match n {
                "acks" => "all",
                "enable.idempotence" => "true",
                "transactional.id" | "client.id" => "x",
                "compression.type" => "zstd",
                "delivery.timeout.ms" => "200000",
                _ => "5",
            };
            assert!(cfg(&[(n, value)]).is_ok(), "{n} is known");
        }
    }

    #[test]
    fn conflicts_turn_default_idempotence_off_but_fail_explicit_idempotence() {
        let c = cfg(&[("acks", "1")]).unwrap();
        assert!(!c.enable_idempotence, "acks=1 disables the default idempotence");
        let e = cfg(&[("acks", "1"), ("enable.idempotence", "true")]).unwrap_err();
        assert_eq!(e.message, "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.");
        assert!(!cfg(&[("retries", "0")]).unwrap().enable_idempotence);
        assert!(cfg(&[("retries", "0"), ("enable.idempotence", "true")]).is_err());
    }

    #[test]
    fn more_than_five_in_flight_needs_idempotence_off() {
        let e = cfg(&[("max.in.flight.requests.per.connection", "6")]).unwrap_err();
        assert_eq!(e.message, "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.");
        assert!(cfg(&[("max.in.flight.requests.per.connection", "6"), ("enable.idempotence", "false")]).is_ok());
    }

    #[test]
    fn transactions_need_idempotence() {
        assert!(cfg(&[("transactional.id", "tx-1")]).is_ok());
        let e = cfg(&[("transactional.id", "tx-1"), ("enable.idempotence", "false")]).unwrap_err();
        assert_eq!(e.message, "Cannot set a transactional.id without also enabling idempotence.");
        assert!(cfg(&[("transactional.id", "tx-1"), ("acks", "1")]).is_err(), "acks=1 turns idempotence off, which a transaction needs");
    }

    #[test]
    fn delivery_timeout_covers_linger_and_request_timeout() {
        let c = cfg(&[("request.timeout.ms", "200000")]).unwrap();
        assert_eq!(c.delivery_timeout_ms, 200_005, "raised to linger.ms + request.timeout.ms when not set");
        let e = cfg(&[("delivery.timeout.ms", "1000")]).unwrap_err();
        assert_eq!(e.message, "delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms");
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        for (k, v) in [("acks", "2"), ("linger.ms", "-1"), ("linger.ms", "soon"), ("batch.size", "99999999999"), ("frobs", "1")] {
            let e = cfg(&[(k, v)]).unwrap_err();
            assert_eq!(e.kind, CommandErrorKind::Kafka(KafkaError::InvalidConfig), "{k}={v}");
            assert!(!e.message.is_empty());
        }
        assert_eq!(cfg(&[("frobs", "1")]).unwrap_err().message, "The configuration 'frobs' was supplied but isn't a known config.");
    }
}
