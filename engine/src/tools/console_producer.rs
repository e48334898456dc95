//! `kafka-console-producer.sh` (`org.apache.kafka.tools.ConsoleProducer` and its
//! `LineMessageReader`): each line typed after the command is a record, sent through a
//! `KafkaProducer` with the tool's own defaults, until end of input (Ctrl-D) or Ctrl-C.
//!
//! The terminal is a TTY, so the tool prints its `>` prompt before every line it reads
//! (`LineMessageReader.printPrompt` is `System.console() != null`). Nothing else is printed on
//! success; a send that fails for good is logged by `ErrorLoggingCallback` on stderr.

use super::option_parser::{parse, OptionSpec, ParsedOptions};
use super::{help, log_line, stack_trace, usage_and_exit, Foreground, Out, ToolSignal, KAFKA_VERSION};
use crate::cluster::Cluster;
use crate::command::{Command, ProduceRecord};
use crate::ids::ProducerHandle;
use crate::record::Header;
use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};

const NAME: &str = "kafka-console-producer.sh";

/// `ConsoleProducerOptions`, as declared (the `--help` table lists the same).
const SPECS: &[OptionSpec] = &[
    OptionSpec::with_arg("bootstrap-server"),
    OptionSpec::with_arg("topic"),
    OptionSpec::flag("sync"),
    OptionSpec::optional_arg("compression-codec"),
    OptionSpec::with_arg("batch-size"),
    OptionSpec::with_arg("message-send-max-retries"),
    OptionSpec::with_arg("retry-backoff-ms"),
    OptionSpec::with_arg("timeout"),
    OptionSpec::with_arg("request-required-acks"),
    OptionSpec::with_arg("request-timeout-ms"),
    OptionSpec::with_arg("metadata-expiry-ms"),
    OptionSpec::with_arg("max-block-ms"),
    OptionSpec::with_arg("max-memory-bytes"),
    OptionSpec::with_arg("max-partition-memory-bytes"),
    OptionSpec::with_arg("socket-buffer-size"),
    OptionSpec::with_arg("line-reader"),
    OptionSpec::with_arg("property"),
    OptionSpec::with_arg("reader-config"),
    OptionSpec::with_arg("producer-property"),
    OptionSpec::with_arg("producer.config"),
    OptionSpec::flag("help"),
    OptionSpec::flag("version"),
];

const HELP_MESSAGE: &str = "This tool helps to read data from standard input and publish it to Kafka.";

/// Records sent and not yet answered that the tool remembers for `ErrorLoggingCallback`'s line.
const IN_FLIGHT_MAX: usize = 10_000;

/// `LineMessageReader`'s properties (`--property`), with its defaults.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LineReader {
    pub parse_key: bool,
    pub key_separator: String,
    pub parse_headers: bool,
    pub headers_delimiter: String,
    pub headers_separator: String,
    pub headers_key_separator: String,
    pub ignore_error: bool,
    pub null_marker: Option<String>,
}

impl Default for LineReader {
    fn default() -> Self {
        LineReader {
            parse_key: false,
            key_separator: "\t".into(),
            parse_headers: false,
            headers_delimiter: "\t".into(),
            headers_separator: ",".into(),
            headers_key_separator: ":".into(),
            ignore_error: false,
            null_marker: None,
        }
    }
}

/// A record as `LineMessageReader.readRecords` makes it from one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRecord {
    pub key: Option<String>,
    pub value: Option<String>,
    pub headers: Vec<(String, Option<String>)>,
}

impl LineReader {
    /// `LineMessageReader.configure`: the properties it reads (booleans are
    /// `trim().equalsIgnoreCase("true")`), then its consistency checks (a `KafkaException`).
    pub fn from_properties(props: &[(String, String)]) -> Result<LineReader, String> {
        let mut r = LineReader::default();
        let truthy = |v: &str| v.trim().eq_ignore_ascii_case("true");
        for (k, v) in props {
            match k.as_str() {
                "parse.key" => r.parse_key = truthy(v),
                "key.separator" => r.key_separator = v.clone(),
                "parse.headers" => r.parse_headers = truthy(v),
                "headers.delimiter" => r.headers_delimiter = v.clone(),
                "headers.separator" => r.headers_separator = v.clone(),
                "headers.key.separator" => r.headers_key_separator = v.clone(),
                "ignore.error" => r.ignore_error = truthy(v),
                "null.marker" => r.null_marker = Some(v.clone()),
                _ => {}
            }
        }
        if r.parse_headers {
            if r.headers_delimiter == r.headers_separator {
                return Err("headers.delimiter and headers.separator may not be equal".into());
            }
            if r.headers_delimiter == r.headers_key_separator {
                return Err("headers.delimiter and headers.key.separator may not be equal".into());
            }
            if r.headers_separator == r.headers_key_separator {
                return Err("headers.separator and headers.key.separator may not be equal".into());
            }
        }
        if let Some(marker) = &r.null_marker {
            if marker.is_empty() {
                return Err("null.marker may not be empty".into());
            }
            if r.parse_key && *marker == r.key_separator {
                return Err("null.marker and key.separator may not be equal".into());
            }
            if r.parse_headers && (*marker == r.headers_delimiter || *marker == r.headers_separator || *marker == r.headers_key_separator) {
                return Err("null.marker and headers.delimiter, headers.separator, headers.key.separator may not be equal".into());
            }
        }
        if r.key_separator.is_empty()
            || r.headers_delimiter.is_empty()
            || r.headers_separator.is_empty()
            || r.headers_key_separator.is_empty()
        {
            return Err("separators may not be empty".into());
        }
        Ok(r)
    }

    /// One line: `[headers<headers.delimiter>][key<key.separator>]value`, each split at the first
    /// separator (`indexOf`). The error is the `KafkaException`'s message.
    pub fn read(&self, line: &str, line_number: u64) -> Result<LineRecord, String> {
        let mut rest = line;
        let mut headers = Vec::new();
        if self.parse_headers {
            match rest.find(self.headers_delimiter.as_str()) {
                Some(i) => {
                    let text = &rest[..i];
                    rest = &rest[i + self.headers_delimiter.len()..];
                    if self.null_marker.as_deref() != Some(text) {
                        for pair in text.split(self.headers_separator.as_str()) {
                            let Some(j) = pair.find(self.headers_key_separator.as_str()) else {
                                return Err(format!("No header key separator found in pair '{pair}' on line number {line_number}"));
                            };
                            let (k, v) = (&pair[..j], &pair[j + self.headers_key_separator.len()..]);
                            if self.null_marker.as_deref() == Some(k) {
                                return Err(format!("Header keys should not be equal to the null marker '{k}' as they can't be null"));
                            }
                            let v = if self.null_marker.as_deref() == Some(v) { None } else { Some(v.to_string()) };
                            headers.push((k.to_string(), v));
                        }
                    }
                }
                None if self.ignore_error => {}
                None => return Err(format!("No headers delimiter found on line number {line_number}: '{line}'")),
            }
        }
        let marker = |s: &str| if self.null_marker.as_deref() == Some(s) { None } else { Some(s.to_string()) };
        if self.parse_key {
            match rest.find(self.key_separator.as_str()) {
                Some(i) => {
                    let (k, v) = (&rest[..i], &rest[i + self.key_separator.len()..]);
                    return Ok(LineRecord { key: marker(k), value: marker(v), headers });
                }
                None if self.ignore_error => return Ok(LineRecord { key: None, value: marker(rest), headers }),
                None => return Err(format!("No key separator found on line number {line_number}: '{line}'")),
            }
        }
        Ok(LineRecord { key: None, value: marker(rest), headers })
    }
}

/// The console producer holding the terminal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Running {
    pub producer: ProducerHandle,
    pub topic: String,
    pub reader: LineReader,
    /// Lines read so far (`LineMessageReader`'s line number, from 1).
    pub line_number: u64,
    /// `--sync`: every record is sent on its own (`send().get()`), here a flush after each send.
    pub sync: bool,
    /// End of input: the producer is closing; the tool exits once it has.
    pub closing: bool,
    /// Records sent and not yet answered: send id → key and value sizes in bytes.
    pub in_flight: VecMap<u64, (Option<usize>, Option<usize>)>,
    /// Reading a terminal (the `>` prompt before each line), not a pipe.
    #[serde(default)]
    pub tty: bool,
}

/// Producer configs the sandbox does not model but Kafka's producer knows: accepted silently.
const KNOWN_UNMODELLED: &[&str] = &[
    "bootstrap.servers",
    "metadata.max.age.ms",
    "send.buffer.bytes",
    "receive.buffer.bytes",
    "key.serializer",
    "value.serializer",
    "client.id",
    "connections.max.idle.ms",
    "reconnect.backoff.ms",
    "reconnect.backoff.max.ms",
    "max.request.size",
    "metadata.max.idle.ms",
];

pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    let table = help::table(NAME);
    let opts = match parse(SPECS, args) {
        Ok(o) => o,
        Err(e) => return usage_and_exit(out, &e, table),
    };
    // CommandLineUtils.maybePrintHelpOrVersion.
    if args.is_empty() || opts.has("help") {
        return usage_and_exit(out, HELP_MESSAGE, table);
    }
    if opts.has("version") {
        out.println(KAFKA_VERSION);
        return 0;
    }
    if !opts.has("topic") {
        return usage_and_exit(out, "Missing required argument \"[topic]\"", table);
    }
    match opts.value_of("bootstrap-server") {
        Ok(v) => {
            if let Some(e) = super::bootstrap_error(v.unwrap_or("")) {
                return usage_and_exit(out, e, table);
            }
        }
        Err(e) => return usage_and_exit(out, &e, table),
    }
    if opts.has("reader-config") || opts.has("producer.config") {
        let file = opts.value_of("reader-config").ok().flatten().or(opts.value_of("producer.config").ok().flatten()).unwrap_or("");
        // Utils.loadProps on a file the sandbox does not have.
        stack_trace(
            out,
            "Exception in thread \"main\" java.nio.file.NoSuchFileException",
            file,
            "org.apache.kafka.common.utils.Utils.loadProps(Utils.java)",
        );
        return 1;
    }
    if let Ok(Some(reader)) = opts.value_of("line-reader") {
        if reader != "org.apache.kafka.tools.LineMessageReader" {
            stack_trace(
                out,
                "Exception in thread \"main\" java.lang.ClassNotFoundException",
                reader,
                "org.apache.kafka.common.utils.Utils.loadClass(Utils.java)",
            );
            return 1;
        }
    }
    let topic = match opts.value_of("topic") {
        Ok(t) => t.unwrap_or("").to_string(),
        Err(e) => return usage_and_exit(out, &e, table),
    };
    let config = match producer_config(&opts, out, cluster.now().0) {
        Ok(c) => c,
        Err(e) => {
            stack_trace(
                out,
                "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException",
                &e,
                "org.apache.kafka.tools.ConsoleProducer.main(ConsoleProducer.java)",
            );
            return 1;
        }
    };
    let reader_props = super::key_value_args(&opts.values_of("property"));
    let reader = match LineReader::from_properties(&reader_props) {
        Ok(r) => r,
        Err(e) => {
            stack_trace(
                out,
                "org.apache.kafka.common.KafkaException",
                &e,
                "org.apache.kafka.tools.LineMessageReader.configure(LineMessageReader.java)",
            );
            return 1;
        }
    };
    let producer = match cluster.execute(Command::CreateProducer { config }) {
        Ok(o) => match o.producer() {
            Some(p) => p,
            None => return 1,
        },
        Err(e) => {
            stack_trace(
                out,
                "Exception in thread \"main\" org.apache.kafka.common.KafkaException",
                &e.message,
                "org.apache.kafka.clients.producer.KafkaProducer.<init>(KafkaProducer.java)",
            );
            return 1;
        }
    };
    cluster.foreground = Some(Foreground::ConsoleProducer(Running {
        producer,
        topic,
        reader,
        line_number: 0,
        sync: opts.has("sync"),
        closing: false,
        in_flight: VecMap::new(),
        tty: true,
    }));
    out.print(">");
    0
}

/// The tool reading `text` from a pipe: no prompt; end of input after it. Returns the exit code
/// when the tool has already ended (a bad option, a bad line); otherwise it holds the terminal
/// until its producer has closed.
pub(crate) fn run_piped(cluster: &mut Cluster, args: &[String], text: &str, out: &mut Out) -> i32 {
    let mut prompt = Out::default();
    let code = run(cluster, args, &mut prompt);
    // What `run` printed, without the TTY's prompt.
    for (stream, chunk) in prompt.chunks {
        let chunk = if stream == super::ToolStream::Stdout { chunk.trim_end_matches('>').to_string() } else { chunk };
        match stream {
            super::ToolStream::Stdout => out.print(&chunk),
            super::ToolStream::Stderr => out.eprint(&chunk),
        }
    }
    let Some(Foreground::ConsoleProducer(mut running)) = cluster.foreground.take() else { return code };
    running.tty = false;
    for line in text.lines() {
        if let Some(code) = input(cluster, running, line, out) {
            return code;
        }
        match cluster.foreground.take() {
            Some(Foreground::ConsoleProducer(r)) => running = r,
            _ => return 1,
        }
    }
    signal(cluster, running, ToolSignal::Eof, out).unwrap_or_default()
}

/// `ConsoleProducer.producerProps`: `--producer-property` pairs, then each option explicitly
/// given over them, then each option's default where no property set it (`maybeMergeOptions`).
/// Unknown names are logged as unused (`AbstractConfig.logUnused`) and dropped.
fn producer_config(opts: &ParsedOptions, out: &mut Out, now_ms: u64) -> Result<Vec<(String, String)>, String> {
    let mut props: Vec<(String, String)> = super::key_value_args(&opts.values_of("producer-property"));
    let set = |props: &mut Vec<(String, String)>, name: &str, option: &str, default: &str| -> Result<(), String> {
        let given = opts.value_of(option)?;
        let explicit = opts.has(option);
        let present = props.iter().any(|(k, _)| k == name);
        let value = match given {
            Some(v) if explicit => v.to_string(),
            _ if present => return Ok(()),
            _ => default.to_string(),
        };
        props.retain(|(k, _)| k != name);
        props.push((name.to_string(), value));
        Ok(())
    };
    set(&mut props, "acks", "request-required-acks", "-1")?;
    set(&mut props, "linger.ms", "timeout", "1000")?;
    set(&mut props, "batch.size", "batch-size", "16384")?;
    set(&mut props, "retries", "message-send-max-retries", "3")?;
    set(&mut props, "retry.backoff.ms", "retry-backoff-ms", "100")?;
    set(&mut props, "request.timeout.ms", "request-timeout-ms", "1500")?;
    set(&mut props, "max.block.ms", "max-block-ms", "60000")?;
    set(&mut props, "buffer.memory", "max-memory-bytes", "33554432")?;
    // --compression-codec: absent means none, given without a value means gzip.
    if opts.has("compression-codec") {
        let codec = opts.value_of("compression-codec")?.unwrap_or("gzip").to_string();
        props.retain(|(k, _)| k != "compression.type");
        props.push(("compression.type".into(), codec));
    } else if !props.iter().any(|(k, _)| k == "compression.type") {
        props.push(("compression.type".into(), "none".into()));
    }
    if let Some(size) = opts.int_of("max-partition-memory-bytes")? {
        props.retain(|(k, _)| k != "batch.size");
        props.push(("batch.size".into(), size.to_string()));
    }
    for option in ["metadata-expiry-ms", "retry-backoff-ms", "timeout", "max-block-ms", "max-memory-bytes"] {
        opts.long_of(option)?;
    }
    for option in ["batch-size", "message-send-max-retries", "request-timeout-ms", "socket-buffer-size"] {
        opts.int_of(option)?;
    }
    let mut config = vec![("client.id".to_string(), "console-producer".to_string())];
    let mut unused = Vec::new();
    for (k, v) in props {
        if crate::producer_config::PRODUCER_CONFIG_NAMES.contains(&k.as_str()) {
            config.push((k, v));
        } else if k == "client.id" {
            config[0].1 = v;
        } else if !KNOWN_UNMODELLED.contains(&k.as_str()) {
            unused.push(k);
        }
    }
    if !unused.is_empty() {
        out.eprintln(&log_line(
            now_ms,
            "WARN",
            &format!("These configurations '[{}]' were supplied but are not used yet.", unused.join(", ")),
            "org.apache.kafka.clients.producer.ProducerConfig",
        ));
    }
    Ok(config)
}

/// The producer client `echo ... | kafka-console-producer.sh --bootstrap-server ... --topic t
/// --producer-property acks=A` creates (the tool's defaults, `producer_config`): the Produce
/// form sends with it, so that the form's real command is the form's client.
pub fn piped_config(acks: crate::event::Acks) -> Vec<(String, String)> {
    let words: Vec<String> = ["--bootstrap-server", "localhost:9092", "--topic", "t", "--producer-property"]
        .iter()
        .map(|w| w.to_string())
        .chain([format!("acks={}", acks.label())])
        .collect();
    let mut out = Out::default();
    parse(SPECS, &words)
        .ok()
        .and_then(|opts| producer_config(&opts, &mut out, 0).ok())
        .unwrap_or_else(|| vec![("client.id".into(), "console-producer".into()), ("acks".into(), acks.label().into())])
}

/// A line typed while the producer runs. Returns the exit code when the tool ends.
pub(crate) fn input(cluster: &mut Cluster, mut run: Running, line: &str, out: &mut Out) -> Option<i32> {
    if run.closing {
        cluster.foreground = Some(Foreground::ConsoleProducer(run));
        return None;
    }
    run.line_number += 1;
    let record = match run.reader.read(line, run.line_number) {
        Ok(r) => r,
        Err(e) => {
            // ConsoleProducer.start: e.printStackTrace(), Exit.exit(1); the shutdown hook closes
            // the producer, so what was sent is still delivered.
            stack_trace(
                out,
                "org.apache.kafka.common.KafkaException",
                &e,
                "org.apache.kafka.tools.LineMessageReader$LineMessageIterator.readNext(LineMessageReader.java)",
            );
            let _ = cluster.execute(Command::CloseProducer { producer: run.producer });
            return Some(1);
        }
    };
    let sizes = (record.key.as_ref().map(String::len), record.value.as_ref().map(String::len));
    let send = ProduceRecord {
        topic: run.topic.as_str().into(),
        key: record.key.map(|k| k.into_bytes().into()),
        value: record.value.map(|v| v.into_bytes().into()),
        partition: None,
        headers: record.headers.into_iter().map(|(k, v)| Header { key: k, value: v.map(String::into_bytes) }).collect(),
    };
    match cluster.execute(Command::Send { producer: run.producer, record: send }) {
        Ok(outcome) => {
            if let crate::command::Outcome::Queued(id) = outcome {
                if run.in_flight.len() < IN_FLIGHT_MAX {
                    run.in_flight.insert(id, sizes);
                }
            }
            if run.sync {
                let _ = cluster.execute(Command::FlushProducer { producer: run.producer });
            }
        }
        Err(e) => {
            // send() failed the record's future at once (`KafkaProducer.doSend` catches the
            // ApiException and hands it to the callback): ErrorLoggingCallback logs it and the
            // tool reads on. A topic that does not exist is waited for (metadata) until
            // max.block.ms, then reported as a TimeoutException.
            let (class, message) = match e.kind.kafka() {
                Some(crate::kafka_error::KafkaError::UnknownTopicOrPartition) => {
                    ("TimeoutException".to_string(), format!("Topic {} not present in metadata after 60000 ms.", run.topic))
                }
                Some(k) => {
                    let (c, m) = k.exception();
                    (c.to_string(), m.to_string())
                }
                None => ("KafkaException".to_string(), e.message.clone()),
            };
            send_failed(out, cluster.now().0, &run.topic, sizes, &class, &message);
        }
    }
    if run.tty {
        out.print(">");
    }
    cluster.foreground = Some(Foreground::ConsoleProducer(run));
    None
}

/// Ctrl-D closes the producer (it sends what waits first) and the tool exits once it has;
/// Ctrl-C does the same through the JVM's shutdown hook, exiting 130.
pub(crate) fn signal(cluster: &mut Cluster, mut run: Running, signal: ToolSignal, _out: &mut Out) -> Option<i32> {
    if !run.closing {
        let _ = cluster.execute(Command::CloseProducer { producer: run.producer });
        run.closing = true;
    }
    match signal {
        ToolSignal::Interrupt => Some(130),
        ToolSignal::Eof => tick(cluster, run, _out),
    }
}

pub(crate) fn tick(cluster: &mut Cluster, run: Running, _out: &mut Out) -> Option<i32> {
    let gone = cluster.producer(run.producer).is_none();
    if run.closing && gone {
        return Some(0);
    }
    if gone {
        // Closed from elsewhere (the page's producer card): the tool's producer is gone.
        return Some(1);
    }
    cluster.foreground = Some(Foreground::ConsoleProducer(run));
    None
}

/// The producer's answers for the console producer's records: acknowledged ones are forgotten;
/// failed ones are logged as `ErrorLoggingCallback` logs them (log4j ERROR, then the exception).
pub(crate) fn answered(run: &mut Running, kind: &crate::event::EventKind, now_ms: u64, out: &mut Out) {
    use crate::event::EventKind;
    match kind {
        EventKind::ProducerBatchAcked { producer, send_ids, .. } if *producer == run.producer => {
            for id in send_ids {
                run.in_flight.remove(id);
            }
        }
        EventKind::ProducerBatchFailed { producer, partition, error, failure, send_ids } if *producer == run.producer => {
            for id in send_ids {
                let sizes = run.in_flight.remove(id).unwrap_or((None, None));
                let (class, message) = match failure {
                    crate::producer_client::SendFailure::DeliveryTimeout => (
                        "TimeoutException".to_string(),
                        format!(
                            "Expiring {} record(s) for {partition}: delivery.timeout.ms has passed since batch creation",
                            send_ids.len()
                        ),
                    ),
                    _ => {
                        let (c, m) = error.exception();
                        (c.to_string(), m.to_string())
                    }
                };
                send_failed(out, now_ms, &run.topic, sizes, &class, &message);
            }
        }
        _ => {}
    }
}

/// `ErrorLoggingCallback.onCompletion`: log4j ERROR with the record's key and value sizes, then
/// the exception (class in `org.apache.kafka.common.errors`).
fn send_failed(out: &mut Out, now_ms: u64, topic: &str, (key, value): (Option<usize>, Option<usize>), class: &str, message: &str) {
    let bytes = |n: Option<usize>| n.map_or("null".to_string(), |n| format!("{n} bytes"));
    out.eprintln(&log_line(
        now_ms,
        "ERROR",
        &format!("Error when sending message to topic {topic} with key: {}, value: {} with error: ", bytes(key), bytes(value)),
        "org.apache.kafka.clients.producer.internals.ErrorLoggingCallback",
    ));
    out.eprintln(&format!("org.apache.kafka.common.errors.{class}: {message}"));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn lines_split_as_line_message_reader_splits_them() {
        let plain = LineReader::default();
        assert_eq!(plain.read("hello world", 1).unwrap(), LineRecord { key: None, value: Some("hello world".into()), headers: vec![] });
        let keyed = LineReader::from_properties(&props(&[("parse.key", "true"), ("key.separator", ":")])).unwrap();
        let r = keyed.read("k:v:w", 1).unwrap();
        assert_eq!((r.key.as_deref(), r.value.as_deref()), (Some("k"), Some("v:w")), "the first separator splits");
        assert_eq!(keyed.read("hello", 3).unwrap_err(), "No key separator found on line number 3: 'hello'");
        let tolerant = LineReader::from_properties(&props(&[("parse.key", "TRUE "), ("ignore.error", "true")])).unwrap();
        assert_eq!(tolerant.read("hello", 1).unwrap().key, None);
        let nulls = LineReader::from_properties(&props(&[("parse.key", "true"), ("null.marker", "NULL")])).unwrap();
        assert_eq!(nulls.read("NULL\tNULL", 1).unwrap(), LineRecord { key: None, value: None, headers: vec![] });
        let headers = LineReader::from_properties(&props(&[("parse.headers", "true"), ("parse.key", "true")])).unwrap();
        let r = headers.read("h1:v1,h2:v2\tk\tv", 1).unwrap();
        assert_eq!(r.headers, vec![("h1".into(), Some("v1".into())), ("h2".into(), Some("v2".into()))]);
        assert_eq!(headers.read("h1\tk\tv", 2).unwrap_err(), "No header key separator found in pair 'h1' on line number 2");
        assert_eq!(
            LineReader::from_properties(&props(&[("parse.headers", "true"), ("headers.separator", "\t")])).unwrap_err(),
            "headers.delimiter and headers.separator may not be equal"
        );
    }
}
