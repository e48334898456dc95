//! `kafka-configs.sh`: `kafka.admin.ConfigCommand` (Kafka 4.0, still Scala, its ZooKeeper
//! mode removed), for topics, the one entity the sandbox has configs for.
//!
//! `main`'s error handling decides what an error looks like: an `IllegalArgumentException`,
//! `InvalidConfigurationException` or joptsimple `OptionException` prints only its message on
//! stderr; any other exception prints `Error while executing config command with args '<args>'`
//! and its stack trace (`printStackTrace`: the exception line and one frame here, see
//! `super::stack_trace`); both exit 1. Only a wrong action count and `--help` print the option
//! table (`printUsageAndExit`).
//!
//! `--describe` prints the configs the broker returns for the topic
//! (`ConfigHelper.createTopicConfigEntry`: the topic's overrides and, with `--all`, every config
//! with its synonyms); `--alter` describes first (refusing to delete what is not set), then
//! sends one `incrementalAlterConfigs`: `Command::AlterTopicConfig`.

use super::option_parser::{self, OptionSpec, ParsedOptions};
use super::{help, stack_trace, Out};
use crate::cluster::Cluster;
use crate::command::{Command, CommandError};
use crate::config::TopicConfig;
use crate::config_command::{parse_add_config, parse_delete_config};
use crate::java_hash::{hash_map_order, string_hash_code};
use crate::topic_config::{config_value, describe_configs, TOPIC_CONFIG_NAMES};

const TOOL: &str = "kafka-configs.sh";
const VERSION: &str = "4.0.0";

/// `ConfigCommandOptions` (plus `--help` and `--version`).
const SPECS: &[OptionSpec] = &[
    OptionSpec::flag("help"),
    OptionSpec::flag("version"),
    OptionSpec::with_arg("bootstrap-server"),
    OptionSpec::with_arg("bootstrap-controller"),
    OptionSpec::with_arg("command-config"),
    OptionSpec::flag("alter"),
    OptionSpec::flag("describe"),
    OptionSpec::flag("all"),
    OptionSpec::with_arg("entity-type"),
    OptionSpec::with_arg("entity-name"),
    OptionSpec::flag("entity-default"),
    OptionSpec::with_arg("add-config"),
    OptionSpec::with_arg("add-config-file"),
    OptionSpec::with_arg("delete-config"),
    OptionSpec::flag("force"),
    OptionSpec::with_arg("topic"),
    OptionSpec::with_arg("client"),
    OptionSpec::flag("client-defaults"),
    OptionSpec::with_arg("user"),
    OptionSpec::flag("user-defaults"),
    OptionSpec::with_arg("broker"),
    OptionSpec::flag("broker-defaults"),
    OptionSpec::with_arg("broker-logger"),
    OptionSpec::flag("ip-defaults"),
    OptionSpec::with_arg("ip"),
    OptionSpec::with_arg("group"),
    OptionSpec::with_arg("client-metrics"),
];

/// The entity flags and the type each stands for (`entityFlags`), then the defaults flags.
const ENTITY_FLAGS: [(&str, &str); 8] = [
    ("topic", "topics"),
    ("client", "clients"),
    ("user", "users"),
    ("broker", "brokers"),
    ("broker-logger", "broker-loggers"),
    ("ip", "ips"),
    ("client-metrics", "client-metrics"),
    ("group", "groups"),
];
const DEFAULTS_FLAGS: [(&str, &str); 4] =
    [("client-defaults", "clients"), ("user-defaults", "users"), ("broker-defaults", "brokers"), ("ip-defaults", "ips")];

/// `BrokerSupportedConfigTypes`.
const ENTITY_TYPES: [&str; 8] = ["topics", "clients", "users", "brokers", "ips", "broker-loggers", "client-metrics", "groups"];

enum Failure {
    /// IllegalArgumentException, InvalidConfigurationException, OptionException: the message.
    Bare(String),
    /// `printUsageAndExit`: the message and the option table.
    Usage(String),
    /// Any other Throwable: the "Error while executing" line and the trace.
    Thrown { class: &'static str, message: String, frame: &'static str },
}

/// `kafka-configs.sh ARGS`.
pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    match run_inner(cluster, args, out) {
        Ok(code) => code,
        Err(Failure::Bare(message)) => {
            out.eprintln(&message);
            1
        }
        Err(Failure::Usage(message)) => super::usage_and_exit(out, &message, help::table(TOOL)),
        Err(Failure::Thrown { class, message, frame }) => {
            out.eprintln(&format!("Error while executing config command with args '{}'", args.join(" ")));
            stack_trace(out, class, &message, frame);
            1
        }
    }
}

/// A broker's answer wrapped by the admin future (`KafkaFuture.get`).
fn execution_exception(class: &str, message: &str) -> Failure {
    Failure::Thrown {
        class: "java.util.concurrent.ExecutionException",
        message: format!("org.apache.kafka.common.errors.{class}: {message}"),
        frame: "org.apache.kafka.common.internals.KafkaFutureImpl.wrapAndThrow(KafkaFutureImpl.java:45)",
    }
}

fn command_error(e: &CommandError) -> Failure {
    match e.kind.kafka() {
        Some(k) => execution_exception(k.exception().0, &e.message),
        None => execution_exception("InvalidRequestException", &e.message),
    }
}

fn run_inner(cluster: &mut Cluster, args: &[String], out: &mut Out) -> Result<i32, Failure> {
    let opts = option_parser::parse(SPECS, args).map_err(Failure::Bare)?;
    // CommandLineUtils.maybePrintHelpOrVersion.
    if args.is_empty() || opts.has("help") {
        let full = help::full(TOOL).unwrap_or("");
        let message = full.split_once('\n').map_or(full, |(m, _)| m);
        return Err(Failure::Usage(message.to_string()));
    }
    if opts.has("version") {
        out.println(VERSION);
        return Ok(0);
    }
    let (types, names) = check_args(&opts)?;
    if let Some(path) = opts.value_of("command-config").map_err(Failure::Bare)? {
        // Utils.loadProps: the sandbox has no files.
        return Err(Failure::Thrown {
            class: "java.nio.file.NoSuchFileException",
            message: path.to_string(),
            frame: "java.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:92)",
        });
    }
    let bootstrap = match opts.value_of("bootstrap-server").map_err(Failure::Bare)? {
        Some(b) => b,
        None => opts.value_of("bootstrap-controller").map_err(Failure::Bare)?.unwrap_or(""),
    };
    if super::bootstrap_error(bootstrap).is_some() {
        return Err(Failure::Thrown {
            class: "org.apache.kafka.common.KafkaException",
            message: "Failed to create new KafkaAdminClient".into(),
            frame: "org.apache.kafka.clients.admin.KafkaAdminClient.createInternal(KafkaAdminClient.java:551)",
        });
    }
    if opts.has("alter") && types.len() != names.len() {
        return Err(Failure::Bare("An entity name must be specified for every entity type".into()));
    }
    let entity_type = types.first().map_or("", String::as_str);
    if entity_type != "topics" {
        // Valid for Kafka; the sandbox has no such configs.
        out.eprintln(&format!(
            "[sandbox: kafka-configs.sh models topic configs only; this cluster has no {entity_type} configs to {}]",
            if opts.has("alter") { "alter" } else { "describe" }
        ));
        return Ok(1);
    }
    let name = names.first().cloned().flatten();
    if opts.has("alter") {
        alter(cluster, &opts, name.as_deref().unwrap_or(""), out)
    } else {
        describe(cluster, name.as_deref(), opts.has("all"), out)
    }
}

/// `ConfigCommandOptions.checkArgs`, in its order. Returns the entity types and names (None
/// for a default entity).
fn check_args(opts: &ParsedOptions) -> Result<(Vec<String>, Vec<Option<String>>), Failure> {
    let bare = |m: &str| Failure::Bare(m.to_string());
    let actions = ["alter", "describe"].iter().filter(|a| opts.has(a)).count();
    if actions != 1 {
        return Err(Failure::Usage("Command must include exactly one action: --describe, --alter".into()));
    }
    if opts.has("describe") {
        if let Some(other) = ["alter", "add-config", "delete-config"].into_iter().find(|o| opts.has(o)) {
            return Err(Failure::Usage(format!("Option \"[describe]\" can't be used with option \"[{other}]\"")));
        }
    }
    let mut types: Vec<String> = opts.values_of("entity-type").into_iter().map(str::to_string).collect();
    types.extend(ENTITY_FLAGS.iter().chain(DEFAULTS_FLAGS.iter()).filter(|(f, _)| opts.has(f)).map(|(_, t)| t.to_string()));
    let mut distinct: Vec<&String> = Vec::new();
    let mut duplicates: Vec<&str> = Vec::new();
    for t in &types {
        if distinct.contains(&t) {
            duplicates.push(t);
        } else {
            distinct.push(t);
        }
    }
    if !duplicates.is_empty() {
        return Err(Failure::Bare(format!("Duplicate entity type(s) specified: {}", duplicates.join(","))));
    }
    if !opts.has_any(&["bootstrap-server", "bootstrap-controller"]) {
        return Err(bare("Either --bootstrap-server or --bootstrap-controller must be specified."));
    }
    if let Some(bad) = types.iter().find(|t| !ENTITY_TYPES.contains(&t.as_str())) {
        return Err(Failure::Bare(format!(
            "Invalid entity type {bad}, the entity type must be one of {} with a --bootstrap-server or --bootstrap-controller argument",
            ENTITY_TYPES.join(", ")
        )));
    }
    if types.is_empty() {
        return Err(bare("At least one entity type must be specified"));
    }
    let users_and_clients = types.len() == 2 && types.iter().any(|t| t == "users") && types.iter().any(|t| t == "clients");
    if types.len() > 1 && !users_and_clients {
        return Err(bare("Only 'users' and 'clients' entity types may be specified together"));
    }
    let any_flag = ENTITY_FLAGS.iter().chain(DEFAULTS_FLAGS.iter()).any(|(f, _)| opts.has(f));
    if opts.has_any(&["entity-name", "entity-type", "entity-default"]) && any_flag {
        return Err(bare("--entity-{type,name,default} should not be used in conjunction with specific entity flags"));
    }
    // `entityNames`: --entity-name and --entity-default in the order given, then the flags.
    let mut names: Vec<Option<String>> = Vec::new();
    let mut given_names = opts.values_of("entity-name").into_iter();
    for n in opts.names() {
        match n {
            "entity-name" => names.push(given_names.next().map(str::to_string)),
            "entity-default" => names.push(None),
            _ => {}
        }
    }
    for (flag, _) in ENTITY_FLAGS {
        if opts.has(flag) {
            names.push(Some(opts.value_of(flag).map_err(Failure::Bare)?.unwrap_or("").to_string()));
        }
    }
    names.extend(DEFAULTS_FLAGS.iter().filter(|(f, _)| opts.has(f)).map(|_| None));
    let has_name = names.iter().any(|n| n.as_deref().is_some_and(|s| !s.is_empty()));
    let has_default = names.iter().any(|n| n.as_deref().is_none_or(str::is_empty));
    if opts.has("bootstrap-server") && opts.has("bootstrap-controller") {
        return Err(bare("Only one of --bootstrap-server or --bootstrap-controller can be specified"));
    }
    let first = types[0].clone();
    if has_name && (types.iter().any(|t| t == "brokers" || t == "broker-loggers")) {
        for flag in ["entity-name", "broker", "broker-logger"] {
            if let Some(id) = opts.value_of(flag).map_err(Failure::Bare)? {
                if id.parse::<i32>().is_err() {
                    return Err(Failure::Bare(format!("The entity name for {first} must be a valid integer broker id, but it is: {id}")));
                }
            }
        }
    }
    let joined = types.join(",");
    if opts.has("describe") {
        let defaults_allowed = types.iter().any(|t| matches!(t.as_str(), "users" | "clients" | "brokers" | "ips"));
        if !defaults_allowed && opts.has("entity-default") {
            return Err(Failure::Bare(format!("--entity-default must not be specified with --describe of {joined}")));
        }
        if types.iter().any(|t| t == "broker-loggers") && !has_name {
            return Err(Failure::Bare(format!("An entity name must be specified with --describe of {joined}")));
        }
    }
    if opts.has("alter") {
        if types.iter().any(|t| matches!(t.as_str(), "users" | "clients" | "brokers" | "ips")) {
            if !has_name && !has_default {
                return Err(bare("An entity-name or default entity must be specified with --alter of users, clients, brokers or ips"));
            }
        } else if !has_name {
            return Err(Failure::Bare(format!("An entity name must be specified with --alter of {joined}")));
        }
        if opts.has("add-config") && opts.has("add-config-file") {
            return Err(bare("Only one of --add-config or --add-config-file must be specified"));
        }
        if !opts.has_any(&["add-config", "add-config-file", "delete-config"]) {
            return Err(bare("At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"));
        }
    }
    Ok((types, names))
}

/// `Topic.validate` (client side, in `getResourceConfig`): an `InvalidTopicException`.
fn validate_topic_name(name: &str) -> Result<(), Failure> {
    let reason = if name.is_empty() {
        Some("the empty string is not allowed".to_string())
    } else if name == "." {
        Some("'.' is not allowed".to_string())
    } else if name == ".." {
        Some("'..' is not allowed".to_string())
    } else if name.chars().count() > 249 {
        Some(format!("the length of '{name}' is longer than the max allowed length 249"))
    } else if !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
        Some(format!("'{name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"))
    } else {
        None
    };
    match reason {
        Some(r) => Err(Failure::Thrown {
            class: "org.apache.kafka.common.errors.InvalidTopicException",
            message: format!("Topic name is invalid: {r}"),
            frame: "org.apache.kafka.common.internals.Topic.lambda$validate$0(Topic.java:43)",
        }),
        None => Ok(()),
    }
}

/// `ConfigEntry.ConfigSource` names.
const DYNAMIC_TOPIC: &str = "DYNAMIC_TOPIC_CONFIG";
const STATIC_BROKER: &str = "STATIC_BROKER_CONFIG";
const DEFAULT: &str = "DEFAULT_CONFIG";

/// The broker-side synonyms of a topic config (`ConfigHelper.configSynonyms` over
/// `ServerTopicConfigSynonyms`): the broker configs that would supply its value, by source
/// (dynamic broker, dynamic default, static, default), counted from the first named like the
/// primary synonym. The sandbox's brokers have no dynamic configs; their server.properties
/// sets `log.segment.bytes=65536` (the sandbox's small segments) and, as Kafka's sample file
/// does, `log.retention.hours=168`, which `retention.ms` does not list (its primary synonym
/// `log.retention.ms` has no value, so the list is empty from there).
fn broker_synonyms(name: &str) -> Vec<(&'static str, &'static str, String)> {
    let default = |broker: &'static str, value: &str| vec![(DEFAULT, broker, value.to_string())];
    match name {
        "cleanup.policy" => default("log.cleanup.policy", "delete"),
        "compression.type" => default("compression.type", "producer"),
        "delete.retention.ms" => default("log.cleaner.delete.retention.ms", "86400000"),
        "index.interval.bytes" => default("log.index.interval.bytes", "4096"),
        "min.compaction.lag.ms" => default("log.cleaner.min.compaction.lag.ms", "0"),
        "min.insync.replicas" => default("min.insync.replicas", "1"),
        "retention.bytes" => default("log.retention.bytes", "-1"),
        "segment.bytes" => vec![
            (STATIC_BROKER, "log.segment.bytes", TopicConfig::default().segment_bytes.to_string()),
            (DEFAULT, "log.segment.bytes", "1073741824".to_string()),
        ],
        "unclean.leader.election.enable" => default("unclean.leader.election.enable", "false"),
        // retention.ms (log.retention.ms, .minutes, .hours) and segment.ms (log.roll.ms, .hours):
        // the primary synonym has no value anywhere.
        _ => Vec::new(),
    }
}

/// One line of `--describe`: `  name=value sensitive=false synonyms={SOURCE:name=value, ...}`
/// (`describeResourceConfig`), for a config whose value is `value` (`overridden`: set on the
/// topic).
fn describe_line(name: &str, value: &str, overridden: bool) -> String {
    let mut synonyms: Vec<String> = Vec::new();
    if overridden {
        synonyms.push(format!("{DYNAMIC_TOPIC}:{name}={value}"));
    }
    synonyms.extend(broker_synonyms(name).into_iter().map(|(source, n, v)| format!("{source}:{n}={v}")));
    format!("  {name}={value} sensitive=false synonyms={{{}}}", synonyms.join(", "))
}

/// `describeResourceConfig` for topics: one topic, or every topic (internal ones too) in the
/// order `listTopics().names()` (a `HashMap`'s keys) returns them.
fn describe(cluster: &Cluster, name: Option<&str>, all: bool, out: &mut Out) -> Result<i32, Failure> {
    let topics: Vec<String> = match name {
        Some(n) => vec![n.to_string()],
        None => {
            let names: Vec<String> = cluster.topics().map(|t| t.name.clone()).collect();
            let hashes: Vec<i32> = names.iter().map(|n| string_hash_code(n)).collect();
            hash_map_order(&hashes, hashes.len()).into_iter().map(|i| names[i].clone()).collect()
        }
    };
    for topic in topics {
        out.println(&format!("{} configs for topic {topic} are:", if all { "All" } else { "Dynamic" }));
        validate_topic_name(&topic)?;
        let Some(t) = cluster.topic(&topic) else {
            let (class, message) = crate::kafka_error::KafkaError::UnknownTopicOrPartition.exception();
            return Err(execution_exception(class, message));
        };
        let overrides = describe_configs(&t.config);
        // Sorted by name (TOPIC_CONFIG_NAMES is in name order).
        for config in TOPIC_CONFIG_NAMES {
            let overridden = overrides.iter().any(|(n, _)| *n == config);
            if !overridden && !all {
                continue;
            }
            let value = config_value(&t.config, config).unwrap_or_default();
            out.println(&describe_line(config, &value, overridden));
        }
    }
    Ok(0)
}

/// `alterConfig` → `alterResourceConfig` for a topic.
fn alter(cluster: &mut Cluster, opts: &ParsedOptions, topic: &str, out: &mut Out) -> Result<i32, Failure> {
    // parseConfigsToBeAdded, then parseConfigsToBeDeleted.
    let set = match opts.value_of("add-config").map_err(Failure::Bare)? {
        Some(arg) => parse_add_config(arg).map_err(Failure::Bare)?,
        None => match opts.value_of("add-config-file").map_err(Failure::Bare)? {
            Some(path) => {
                return Err(Failure::Thrown {
                    class: "java.nio.file.NoSuchFileException",
                    message: path.to_string(),
                    frame: "java.base/sun.nio.fs.UnixException.translateToIOException(UnixException.java:92)",
                })
            }
            None => Vec::new(),
        },
    };
    let mut delete = Vec::new();
    for arg in opts.values_of("delete-config") {
        delete.extend(parse_delete_config(arg).map_err(Failure::Bare)?);
    }
    // The add-config map is a Scala Map: one entry per key, the last value winning.
    let mut set_unique: Vec<(String, String)> = Vec::new();
    for (k, v) in set {
        match set_unique.iter_mut().find(|(key, _)| *key == k) {
            Some(entry) => entry.1 = v,
            None => set_unique.push((k, v)),
        }
    }
    // The current dynamic configs (describe without synonyms).
    validate_topic_name(topic)?;
    let Some(t) = cluster.topic(topic) else {
        let (class, message) = crate::kafka_error::KafkaError::UnknownTopicOrPartition.exception();
        return Err(execution_exception(class, message));
    };
    let overrides = describe_configs(&t.config);
    let invalid: Vec<&str> = delete.iter().map(String::as_str).filter(|k| !overrides.iter().any(|(n, _)| n == k)).collect();
    if !invalid.is_empty() {
        return Err(Failure::Bare(format!("Invalid config(s): {}", invalid.join(","))));
    }
    cluster.execute(Command::AlterTopicConfig { topic: topic.to_string(), set: set_unique, delete }).map_err(|e| command_error(&e))?;
    out.println(&format!("Completed updating config for topic {topic}."));
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describe_lines_carry_the_synonyms() {
        assert_eq!(
            describe_line("retention.ms", "1000", true),
            "  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}"
        );
        assert_eq!(
            describe_line("segment.bytes", "1048576", true),
            "  segment.bytes=1048576 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.bytes=1048576, STATIC_BROKER_CONFIG:log.segment.bytes=65536, DEFAULT_CONFIG:log.segment.bytes=1073741824}"
        );
        assert_eq!(
            describe_line("cleanup.policy", "delete", false),
            "  cleanup.policy=delete sensitive=false synonyms={DEFAULT_CONFIG:log.cleanup.policy=delete}"
        );
    }
}
