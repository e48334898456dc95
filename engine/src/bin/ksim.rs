//! `ksim`: the engine on the command line, for tests, instructors and benchmarks.

use engine::invariants::Auditor;
use engine::murmur2::{murmur2, partition_for_key, to_positive};
use engine::session::{SessionFile, SESSION_BYTES_MAX};
use engine::sim::{self, SimConfig};
use engine::{Cluster, ClusterConfig, Command, Event};
use serde::Deserialize;
use std::io::{BufRead, Write};
use std::process::ExitCode;

const HELP: &str = "ksim - the Kafka Sandbox engine on the command line

USAGE:
  ksim partition --partitions N (--key TEXT | --key-hex HEX | --null-key)
      Prints the partition Kafka's default partitioner picks: (murmur2(key) & 0x7fffffff) % N.
      A null key has no fixed partition (the sticky partitioner picks one at random); ksim
      says so and exits 0.
  ksim run --seed S --steps N [--faults random] [--scenario FILE.json] [--brokers B] [--save FILE]
      Runs a seeded simulation and prints its events as JSON lines, then `snapshot-hash <hex>`.
      --save writes the run as a session file (the starting cluster and every command with its
      time: {\"format\": \"kafka-sandbox-session\", \"version\": 1, ...}).
      Without --scenario it runs the random workload (random keyed and null-key records with
      acks 0/1/all on 2 topics of 3 partitions, RF 3, min.insync.replicas 2); --faults random
      adds random broker stops, restarts, isolations and heals, then a healing phase.
      A scenario file is {\"config\": {...ClusterConfig}, \"commands\": [Command, ...]}, e.g.
      {\"command\": \"create_topic\", \"name\": \"orders\", \"partitions\": 3, \"replication_factor\": 3},
      {\"command\": \"produce\", \"topic\": \"orders\", \"key\": [107], \"acks\": \"all\"},
      {\"command\": \"stop_broker\", \"broker\": 1}, {\"command\": \"advance\", \"steps\": 100};
      --steps then runs that many more ticks. Invariants are checked after every step; on a
      violation ksim prints the seed, the step and the violation and exits 1.
      --producer KEY=VALUE (repeatable; any producer config, e.g. acks=1, enable.idempotence=false,
      transactional.id=ID) sends the run's records through one producer client instead of the
      one-shot produce requests; with a transactional.id, --txn-size N records per transaction and
      --abort-rate P (0..1) of them aborted. --dump FILE writes JSON: `sent` (key, value in send
      order), `acked` (value, topic, partition, offset), `failed` (value, error), and `logs`: per
      \"topic-partition\", the leader's records below the HW after healing (offset, key, value,
      producer_id, producer_epoch, sequence, transactional, control, aborted) and `read_committed`
      (the values a read_committed consumer reading from offset 0 receives). Bad options: one line
      on stderr, exit code 2.
  ksim lesson FILE
      Checks a lesson file (lessons/*.json): prints its starting cluster (each partition's
      replicas, leader, ISR and high watermark; the groups), what its prediction answers at the
      start, then replays its solution and prints when each goal first held. Exits 1 when the
      file is not a lesson, the solution misses a goal, or every goal already holds at the start.
  ksim course DIR
      Writes DIR/index.json (the course index, docs/lessons.md) from the lessons it lists, in
      its order, with each lesson file's title and summary: run it after adding a lesson's id to
      the index (a bare id is enough) or changing a lesson's title or summary (the course
      check fails until then).
  ksim sh [--session FILE] [--save FILE]
      Reads Kafka tool commands from stdin, one per line (kafka-topics.sh, kafka-console-producer.sh,
      kafka-console-consumer.sh, kafka-consumer-groups.sh, kafka-configs.sh, kafka-get-offsets.sh,
      kafka-leader-election.sh, kafka-metadata-quorum.sh, the sandbox's `sandbox VERB BROKER` and
      `sleep N`), runs them against a fresh 3-broker cluster (or the end of a session file) and
      prints what the page's terminal prints: `$ command`, the tools' output, `# ` notes for
      sandbox verbs. A console producer's records follow its command, up to a line `^D`. A console
      consumer runs until --max-messages or --timeout-ms, or 10 s of cluster time without a record
      (then `^C`). Between commands the cluster runs for 1 s. --save writes the session after.
  ksim replay FILE
      Replays a session file and prints its events as JSON lines, then the same
      `snapshot-hash <hex>` line as the run that wrote it. A file that is not a valid session
      (malformed, truncated, too large, a newer version) is refused with one line on stderr and
      exit code 2, before anything runs.
  ksim murmur2 --hex-lines
      Reads one hex-encoded key per line on stdin, prints its signed murmur2 per line
      (used by the differential test against kafka-python).
  ksim txn-partition
      Reads one hex-encoded UTF-8 transactional.id per line on stdin, prints its
      __transaction_state partition (abs(hashCode) % 50) per line (used by the differential test
      against Java's String.hashCode).
  ksim assign --assignor NAME --topics t0:3,t1:3 --member C0=t0,t1 --member C1=t0,t1
             [--owned C0=t0-0,t1-1] [--generation C0=3]
      Runs a consumer partition assignor (range, roundrobin, sticky, cooperative-sticky) as the
      group leader would, with Kafka's Java output, and prints `C0=t0-0,t0-1;C1=...`. For
      cooperative-sticky it prints two lines: round 1 (partitions changing owner withheld) and
      round 2 (after the old owners revoked them).
  ksim assign --lines
      Reads scenarios from stdin, one per line: ASSIGNOR|t0:3,t1:2|m1=t0,t1;m2=t1[|OWNED[|GENERATIONS]]
      with OWNED like m1=t0-0,t1-1;m2=t0-1 and GENERATIONS like m1=1;m2=1; prints one line each
      (rounds separated by ` | `). Used by the differential tests against kafka-python.
  ksim batch encode
      Reads a record batch as JSON on stdin: {\"base_offset\", \"partition_leader_epoch\",
      \"compression\": \"none|gzip\", \"producer_id\", \"producer_epoch\", \"base_sequence\",
      \"transactional\", \"records\": [{\"key\": str|null, \"value\": str|null, \"timestamp\",
      \"headers\": [[k, v]]}]} (every field but records optional: the Java producer's defaults)
      and prints the batch (RecordBatch v2, magic 2) as lowercase hex on one line.
  ksim batch decode
      Reads one batch as hex on stdin and prints JSON: every header field, the CRC and whether
      it verifies, and the records. Bad input: one line on stderr, exit code 2.
  ksim --help
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None | Some("--help") | Some("-h") | Some("help") => {
            print!("{HELP}");
            Ok(())
        }
        Some("partition") => cmd_partition(&args[1..]),
        Some("run") => {
            // A bad option is a usage error (exit 2), as a bad session file is.
            return match producer_options(&args[1..]).and_then(|o| cmd_run(&args[1..], o).map_err(RunError::Failed)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(RunError::Usage(e)) => {
                    eprintln!("ksim: {e}");
                    ExitCode::from(2)
                }
                Err(RunError::Failed(e)) => {
                    eprintln!("ksim: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("replay") => {
            return match cmd_replay(&args[1..]) {
                Ok(()) => ExitCode::SUCCESS,
                Err(Replay::BadFile(e)) => {
                    eprintln!("ksim: {e}");
                    ExitCode::from(2)
                }
                Err(Replay::Failed(e)) => {
                    eprintln!("ksim: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("lesson") => cmd_lesson(&args[1..]),
        Some("course") => cmd_course(&args[1..]),
        Some("sh") => cmd_sh(&args[1..]),
        Some("murmur2") => cmd_murmur2(),
        Some("txn-partition") => cmd_txn_partition(),
        Some("assign") => cmd_assign(&args[1..]),
        Some("batch") => {
            // Malformed input is exit code 2 with one line, as issue 24's contract says.
            return match cmd_batch(&args[1..]) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("ksim: {e}");
                    ExitCode::from(2)
                }
            };
        }
        Some(other) => Err(format!("unknown command {other:?}; see ksim --help")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ksim: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--name value` pairs and bare `--flag`s.
fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}
fn has(args: &[String], name: &str) -> bool {
    args.iter().any(|a| a == name)
}
fn number<T: std::str::FromStr>(args: &[String], name: &str) -> Result<Option<T>, String> {
    match flag(args, name) {
        None => Ok(None),
        Some(v) => v.parse().map(Some).map_err(|_| format!("{name} needs a number, got {v:?}")),
    }
}

fn parse_hex(s: &str) -> Result<Vec<u8>, String> {
    let s = s.trim();
    // Slicing by bytes below needs ASCII (a multi-byte character would split).
    if !s.is_ascii() {
        return Err(format!("{s:?} is not hex"));
    }
    if !s.len().is_multiple_of(2) {
        return Err(format!("hex key {s:?} has an odd number of digits"));
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).map_err(|_| format!("{s:?} is not hex"))).collect()
}

fn cmd_partition(args: &[String]) -> Result<(), String> {
    let n: u32 = number(args, "--partitions")?.ok_or("--partitions N is required")?;
    if n == 0 {
        return Err("--partitions must be at least 1".into());
    }
    let key = if let Some(k) = flag(args, "--key") {
        k.into_bytes()
    } else if let Some(h) = flag(args, "--key-hex") {
        parse_hex(&h)?
    } else if has(args, "--null-key") {
        println!("null key: no fixed partition; the sticky partitioner (KIP-794) picks one at random and switches after batch.size bytes");
        return Ok(());
    } else {
        return Err("give --key TEXT, --key-hex HEX or --null-key".into());
    };
    let h = murmur2(&key);
    let p = partition_for_key(&key, n);
    println!("{p}");
    eprintln!("murmur2 = {h}, toPositive = {}, % {n} = {p}", to_positive(h));
    Ok(())
}

/// One hex-encoded UTF-8 transactional.id per line in, its `__transaction_state` partition out.
fn cmd_txn_partition() -> Result<(), String> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        let id = String::from_utf8(parse_hex(&line)?).map_err(|_| format!("{line} is not UTF-8"))?;
        writeln!(out, "{}", engine::transaction_partition_for(&id)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn cmd_murmur2() -> Result<(), String> {
    let stdin = std::io::stdin();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = line.map_err(|e| e.to_string())?;
        let key = parse_hex(&line)?;
        writeln!(out, "{}", murmur2(&key)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

#[derive(Deserialize)]
struct Scenario {
    #[serde(default)]
    config: Option<ClusterConfig>,
    commands: Vec<Command>,
}

fn print_event(out: &mut impl Write, e: &Event) {
    if let Ok(line) = serde_json::to_string(e) {
        let _ = writeln!(out, "{line}");
    }
}

enum RunError {
    Usage(String),
    Failed(String),
}

/// `--producer KEY=VALUE` (repeatable), `--txn-size N`, `--abort-rate P`, `--dump FILE`: the
/// producing application of the run, when any is given.
struct ProducerOptions {
    spec: Option<sim::ProducerSpec>,
    dump: Option<String>,
}

fn producer_options(args: &[String]) -> Result<ProducerOptions, RunError> {
    let usage = RunError::Usage;
    let mut pairs = Vec::new();
    for (i, a) in args.iter().enumerate() {
        if a == "--producer" {
            let Some(kv) = args.get(i + 1) else { return Err(usage("--producer needs KEY=VALUE".into())) };
            let Some((k, v)) = kv.split_once('=') else { return Err(usage(format!("--producer needs KEY=VALUE, got {kv:?}"))) };
            pairs.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    // Kafka's own validation, with its messages.
    let config = engine::ProducerConfig::from_pairs(&pairs).map_err(|e| usage(format!("--producer: {}", e.message)))?;
    let txn_size: u32 = number(args, "--txn-size").map_err(usage)?.unwrap_or(0);
    let abort_rate: f64 = number(args, "--abort-rate").map_err(usage)?.unwrap_or(0.0);
    if !(0.0..=1.0).contains(&abort_rate) {
        return Err(usage(format!("--abort-rate is a share from 0 to 1, not {abort_rate}")));
    }
    let transactional = config.transactional_id.is_some();
    if (txn_size > 0 || has(args, "--abort-rate")) && !transactional {
        return Err(usage("--txn-size and --abort-rate need a transactional producer: --producer transactional.id=ID".into()));
    }
    if transactional && txn_size == 0 {
        return Err(usage("a transactional producer needs --txn-size N (records per transaction, at least 1)".into()));
    }
    if txn_size > 10_000 {
        return Err(usage(format!("--txn-size is at most 10000, not {txn_size}")));
    }
    let dump = flag(args, "--dump");
    if has(args, "--dump") && dump.is_none() {
        return Err(usage("--dump needs a file name".into()));
    }
    let spec = (!pairs.is_empty() || dump.is_some()).then(|| sim::ProducerSpec {
        config: pairs,
        txn_size,
        abort_pct: (abort_rate * 100.0).round() as u32,
    });
    Ok(ProducerOptions { spec, dump })
}

fn cmd_run(args: &[String], producer: ProducerOptions) -> Result<(), String> {
    let seed: u64 = number(args, "--seed")?.unwrap_or(1);
    let steps: u32 = number(args, "--steps")?.unwrap_or(300);
    let faults = match flag(args, "--faults").as_deref() {
        None => false,
        Some("random") => true,
        Some(other) => return Err(format!("--faults takes `random`, not {other:?}")),
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let Some(path) = flag(args, "--scenario") {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {path}: {e}"))?;
        let scenario: Scenario = serde_json::from_str(&text).map_err(|e| format!("{path} is not a valid scenario: {e}"))?;
        let mut config = scenario.config.unwrap_or_default();
        if has(args, "--seed") {
            config.seed = seed;
        }
        let seed = config.seed;
        let mut cluster = Cluster::new(config).map_err(|e| e.to_string())?;
        let mut auditor = Auditor::new();
        let mut step_no = 0u64;
        let mut check = |cluster: &mut Cluster, out: &mut std::io::BufWriter<_>, step_no: u64| -> Result<(), String> {
            while let Some(e) = cluster.poll_event() {
                auditor.observe(cluster, &e);
                print_event(out, &e);
            }
            match auditor.check(cluster).into_iter().next() {
                Some(v) => Err(format!("invariant violated: seed {seed} step {step_no}: {v}")),
                None => Ok(()),
            }
        };
        for (i, command) in scenario.commands.into_iter().enumerate() {
            if let Command::Advance { steps } = command {
                for _ in 0..steps.min(1_000_000) {
                    step_no += 1;
                    cluster.step();
                    check(&mut cluster, &mut out, step_no)?;
                }
                continue;
            }
            if let Err(e) = cluster.apply(command) {
                let _ = writeln!(out, "{}", serde_json::json!({"command_index": i, "error": e.kind.name(), "message": e.message}));
            }
            check(&mut cluster, &mut out, step_no)?;
        }
        for _ in 0..steps {
            step_no += 1;
            cluster.step();
            check(&mut cluster, &mut out, step_no)?;
        }
        save(args, &cluster.session_file())?;
        let _ = writeln!(out, "snapshot-hash {:016x}", cluster.snapshot_hash());
        return Ok(());
    }
    let mut cfg = SimConfig { seed, steps, faults, ..SimConfig::default() };
    if !faults {
        cfg.heal_steps_max = 0;
    }
    if let Some(b) = number::<u32>(args, "--brokers")? {
        if !(1..=9).contains(&b) {
            return Err("--brokers must be 1..=9".into());
        }
        cfg.brokers = b;
    }
    if let Some(spec) = producer.spec {
        // The run's records all go through this one producing application.
        cfg.produce_requests = false;
        cfg.producers = vec![spec];
    }
    let (report, cluster, apps) = sim::run_full(&cfg, |e| print_event(&mut out, e))
        .map_err(|f| format!("invariant violated: seed {} step {}: {}", f.seed, f.step, f.violation))?;
    save(args, &cluster.session_file())?;
    if let Some(path) = &producer.dump {
        let json = serde_json::to_string(&dump(&cluster, &apps)).map_err(|e| format!("cannot write the dump: {e}"))?;
        std::fs::write(path, json).map_err(|e| format!("cannot write {path}: {e}"))?;
    }
    let _ = writeln!(out, "snapshot-hash {:016x}", report.snapshot_hash);
    Ok(())
}

/// `--dump FILE`: what the application sent, what it heard back, and the logs after healing.
fn dump(cluster: &Cluster, apps: &[engine::producer_app::ProducerApp]) -> serde_json::Value {
    use serde_json::json;
    let text = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
    let mut logs = serde_json::Map::new();
    for p in cluster.partitions().filter(|p| !engine::topic_name::INTERNAL_TOPICS.contains(&&*p.tp.topic)) {
        let Some(log) = p.leader_log() else { continue };
        let (hw, lso) = (log.high_watermark(), log.last_stable_offset());
        let mut records = Vec::new();
        let mut read_committed = Vec::new();
        for r in log.read_iter(log.log_start_offset(), u64::MAX).take_while(|r| r.offset < hw) {
            let prod = r.producer.as_ref();
            let control = prod.is_some_and(|p| p.control.is_some());
            let transactional = prod.is_some_and(|p| p.transactional);
            let visible = log.read_committed_visible(r);
            records.push(json!({
                "offset": r.offset.0,
                "key": text(r.key.as_deref()),
                "value": text(r.value_bytes().as_deref()),
                "producer_id": prod.map_or(-1, |p| p.producer_id),
                "producer_epoch": prod.map_or(-1, |p| i32::from(p.producer_epoch)),
                "sequence": prod.map_or(-1, |p| p.sequence),
                "transactional": transactional,
                "control": control,
                "marker": prod.and_then(|p| p.control).map(|c| c.name()),
                "aborted": transactional && !control && !visible,
            }));
            if r.offset < lso && visible {
                read_committed.push(json!(text(r.value_bytes().as_deref())));
            }
        }
        logs.insert(p.tp.to_string(), json!({ "records": records, "read_committed": read_committed }));
    }
    json!({
        "sent": apps.iter().flat_map(|a| &a.sent).collect::<Vec<_>>(),
        "acked": apps.iter().flat_map(|a| &a.acked).collect::<Vec<_>>(),
        "failed": apps.iter().flat_map(|a| &a.failed).collect::<Vec<_>>(),
        "logs": logs,
    })
}

/// `--save FILE`: the run as a session file.
fn save(args: &[String], session: &SessionFile) -> Result<(), String> {
    let Some(path) = flag(args, "--save") else { return Ok(()) };
    let json = serde_json::to_string(session).map_err(|e| format!("cannot write the session: {e}"))?;
    std::fs::write(&path, json).map_err(|e| format!("cannot write {path}: {e}"))
}

enum Replay {
    /// Not a session this ksim can replay (exit code 2).
    BadFile(String),
    /// The replay ran and an invariant failed (exit code 1).
    Failed(String),
}

/// Reads at most `SESSION_BYTES_MAX` bytes (a larger file is refused unread), decodes and
/// checks the session, then replays it, auditing every step as `run` does.
fn cmd_replay(args: &[String]) -> Result<(), Replay> {
    let path = args.first().filter(|a| !a.starts_with("--")).ok_or_else(|| Replay::BadFile("usage: ksim replay FILE".into()))?;
    let bad = |e: String| Replay::BadFile(format!("{path}: {e}"));
    let file = std::fs::File::open(path).map_err(|e| bad(format!("cannot open: {e}")))?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, SESSION_BYTES_MAX as u64 + 1), &mut bytes)
        .map_err(|e| bad(format!("cannot read: {e}")))?;
    if bytes.len() > SESSION_BYTES_MAX {
        return Err(bad(format!("larger than {SESSION_BYTES_MAX} bytes; not replayed")));
    }
    let session: SessionFile = serde_json::from_slice(&bytes).map_err(|e| bad(format!("not a valid session file: {e}")))?;
    session.check().map_err(|e| bad(e.0))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut auditor = Auditor::new();
    let mut violation = None;
    let seed = session.config.seed;
    let cluster = session
        .replay_with(|cluster| {
            while let Some(e) = cluster.poll_event() {
                auditor.observe(cluster, &e);
                print_event(&mut out, &e);
            }
            if violation.is_none() {
                if let Some(v) = auditor.check(cluster).into_iter().next() {
                    violation = Some(format!("invariant violated: seed {seed} at {} ms: {v}", cluster.now().0));
                }
            }
        })
        .map_err(|e| bad(e.0))?;
    if let Some(v) = violation {
        return Err(Replay::Failed(v));
    }
    let _ = writeln!(out, "snapshot-hash {:016x}", cluster.snapshot_hash());
    Ok(())
}

fn all_flags(args: &[String], name: &str) -> Vec<String> {
    args.windows(2).filter(|w| w[0] == name).map(|w| w[1].clone()).collect()
}

fn print_rounds(out: &mut impl Write, rounds: &[engine::assignor::Assignment]) -> Result<(), String> {
    for r in rounds {
        writeln!(out, "{}", engine::assignor::format_assignment(r)).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn cmd_assign(args: &[String]) -> Result<(), String> {
    use engine::assignor::{assign_rounds, spec, AssignorName};
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if has(args, "--lines") {
        for (n, line) in std::io::stdin().lock().lines().enumerate() {
            let line = line.map_err(|e| e.to_string())?;
            if line.trim().is_empty() {
                continue;
            }
            let (a, topics, subs) = spec::parse_line(&line).map_err(|e| format!("line {}: {e}", n + 1))?;
            let rounds = assign_rounds(a, &topics, &subs);
            let text: Vec<String> = rounds.iter().map(engine::assignor::format_assignment).collect();
            writeln!(out, "{}", text.join(" | ")).map_err(|e| e.to_string())?;
        }
        return Ok(());
    }
    let name = flag(args, "--assignor").ok_or("--assignor NAME is required (range, roundrobin, sticky, cooperative-sticky)")?;
    let assignor =
        AssignorName::parse(&name).ok_or_else(|| format!("unknown assignor {name:?}: range, roundrobin, sticky or cooperative-sticky"))?;
    let topics = spec::parse_topics(&flag(args, "--topics").ok_or("--topics t0:3,t1:3 is required")?)?;
    let members = all_flags(args, "--member");
    if members.is_empty() {
        return Err("give at least one --member C0=t0,t1".into());
    }
    let subs = spec::build_subscriptions(&members, &all_flags(args, "--owned"), &all_flags(args, "--generation"))?;
    print_rounds(&mut out, &assign_rounds(assignor, &topics, &subs))
}

/// `ksim course DIR`: the course index written from its lesson files (their titles and
/// summaries), in the order the index already gives.
fn cmd_course(args: &[String]) -> Result<(), String> {
    use engine::course::CourseIndex;
    use engine::lesson::LessonFile;
    let dir = std::path::Path::new(args.first().ok_or("usage: ksim course DIR")?);
    let index_path = dir.join("index.json");
    let read = |p: &std::path::Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    // The order only, read leniently: an author adds a lesson as its bare id (a version-1
    // entry) anywhere in a version-2 index, and this writes the listing in.
    let index: serde_json::Value = serde_json::from_str(&read(&index_path)?).map_err(|e| format!("{}: {e}", index_path.display()))?;
    let entries = index.get("lessons").and_then(|l| l.as_array()).ok_or(format!("{}: no \"lessons\" list", index_path.display()))?;
    let mut order = Vec::with_capacity(entries.len());
    for e in entries {
        let id = e.as_str().or_else(|| e.get("id").and_then(|i| i.as_str()));
        match id {
            Some(id) if engine::course::valid_lesson_id(id) => order.push(id.to_string()),
            _ => return Err(format!("{}: {e} is not a lesson id, or an entry with one", index_path.display())),
        }
    }
    let mut lessons = Vec::with_capacity(order.len());
    for id in order {
        let path = dir.join(format!("{id}.json"));
        let file = LessonFile::from_json(&read(&path)?).map_err(|e| format!("{}: {e}", path.display()))?;
        lessons.push((id, file));
    }
    let mut text = serde_json::to_string_pretty(&CourseIndex::of_lessons(&lessons)).map_err(|e| e.to_string())?;
    text.push('\n');
    std::fs::write(&index_path, text).map_err(|e| format!("{}: {e}", index_path.display()))?;
    println!("{}: {} lessons", index_path.display(), lessons.len());
    Ok(())
}

/// `ksim lesson FILE`: what a lesson author needs to see (issue 22).
fn cmd_lesson(args: &[String]) -> Result<(), String> {
    use engine::lesson::{check_solution, check_step_commands, predict, LessonFile};
    let path = args.first().ok_or("usage: ksim lesson FILE")?;
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let lesson = LessonFile::from_json(&text).map_err(|e| format!("{path}: {e}"))?;
    let cluster = lesson.start_cluster().map_err(|e| format!("{path}: {e}"))?;
    println!("start at {} ms: controller {:?}", cluster.now().0, cluster.controller().map(|b| b.0));
    for p in cluster.partitions() {
        let ids = |v: &[engine::BrokerId]| v.iter().map(|b| b.0.to_string()).collect::<Vec<_>>().join(",");
        println!(
            "  {}: replicas {} leader {:?} isr {} epoch {} hw {}",
            p.tp,
            ids(&p.replicas),
            p.leader.map(|b| b.0),
            ids(&p.isr),
            p.leader_epoch.0,
            p.high_watermark().0
        );
    }
    for g in cluster.groups() {
        let members: Vec<String> = g
            .members()
            .map(|m| format!("{}={:?}", m.client_id, m.assignment.iter().map(|tp| tp.to_string()).collect::<Vec<_>>()))
            .collect();
        println!("  group {}: {} members {}", g.group_id, g.state_name(), members.join(" "));
    }
    if let Some(p) = &lesson.prediction {
        let predicted = predict(&p.ask, &cluster).map_err(|e| format!("{path}: prediction: {e}"))?;
        println!("prediction: choices {:?} answer {:?} facts {:?}", predicted.choices, predicted.answer, predicted.facts);
    }
    println!("languages complete: {:?}", lesson.complete_languages());
    if lesson.steps.iter().any(|s| !s.commands.is_empty()) {
        let transcript = check_step_commands(&lesson).map_err(|e| format!("{path}: {e}"))?;
        println!("the steps' commands, typed into the starting cluster's terminal:\n{transcript}");
    }
    let r = check_solution(&lesson).map_err(|e| format!("{path}: {e}"))?;
    for (g, held) in lesson.goals.iter().zip(&r.held_at_start) {
        println!("goal {}: held at start {held}", g.id);
    }
    println!("complete at {:?} ms; predicted {:?}, observed {:?}", r.complete_at_ms, r.predicted, r.observed);
    if r.held_at_start.iter().all(|h| *h) {
        return Err(format!("{path}: every goal already holds at the start"));
    }
    if r.complete_at_ms.is_none() {
        return Err(format!("{path}: the solution does not reach every goal by solution.end_ms"));
    }
    if lesson.prediction.is_some() && r.predicted != r.observed {
        return Err(format!("{path}: predicted {:?} but the solution showed {:?}", r.predicted, r.observed));
    }
    Ok(())
}

/// The most stdin `ksim batch` reads (hex of a 16 MiB batch, or its JSON).
const BATCH_INPUT_BYTES_MAX: u64 = 40 << 20;

fn cmd_batch(args: &[String]) -> Result<(), String> {
    use engine::record_batch::{decode, encode, BatchHeader, BatchRecord, Compression};
    use std::io::Read;
    let mut input = String::new();
    std::io::stdin().take(BATCH_INPUT_BYTES_MAX + 1).read_to_string(&mut input).map_err(|e| format!("stdin: {e}"))?;
    if input.len() as u64 > BATCH_INPUT_BYTES_MAX {
        return Err(format!("input larger than {BATCH_INPUT_BYTES_MAX} bytes"));
    }
    let text = |b: &Option<Vec<u8>>| b.as_ref().map(|b| String::from_utf8_lossy(b).into_owned());
    match args.first().map(String::as_str) {
        Some("encode") => {
            let v: serde_json::Value = serde_json::from_str(&input).map_err(|e| format!("not JSON: {e}"))?;
            let int = |k: &str, default: i64, lo: i64, hi: i64| -> Result<i64, String> {
                match v.get(k) {
                    None | Some(serde_json::Value::Null) => Ok(default),
                    Some(x) => x.as_i64().filter(|n| (lo..=hi).contains(n)).ok_or(format!("{k} must be an integer from {lo} to {hi}")),
                }
            };
            let d = BatchHeader::default();
            let compression = match v.get("compression").and_then(|c| c.as_str()) {
                None => Compression::None,
                Some(name) => Compression::parse(name).ok_or(format!("compression {name:?}: one of none, gzip, snappy, lz4, zstd"))?,
            };
            let header = BatchHeader {
                base_offset: int("base_offset", d.base_offset, 0, i64::MAX)?,
                partition_leader_epoch: int("partition_leader_epoch", d.partition_leader_epoch.into(), -1, i32::MAX.into())? as i32,
                compression,
                producer_id: int("producer_id", d.producer_id, -1, i64::MAX)?,
                producer_epoch: int("producer_epoch", d.producer_epoch.into(), -1, i16::MAX.into())? as i16,
                base_sequence: int("base_sequence", d.base_sequence.into(), -1, i32::MAX.into())? as i32,
                transactional: v.get("transactional").and_then(|t| t.as_bool()).unwrap_or(false),
                ..d
            };
            let list = v.get("records").and_then(|r| r.as_array()).ok_or("records: a list is required")?;
            let string_or_null = |x: Option<&serde_json::Value>, what: &str| -> Result<Option<Vec<u8>>, String> {
                match x {
                    None | Some(serde_json::Value::Null) => Ok(None),
                    Some(serde_json::Value::String(s)) => Ok(Some(s.as_bytes().to_vec())),
                    Some(_) => Err(format!("{what} must be a string or null")),
                }
            };
            let mut records = Vec::with_capacity(list.len());
            for (i, r) in list.iter().enumerate() {
                let timestamp = match r.get("timestamp") {
                    None | Some(serde_json::Value::Null) => 0,
                    Some(t) => t.as_i64().ok_or(format!("records[{i}].timestamp must be an integer"))?,
                };
                let mut headers = Vec::new();
                for (h, pair) in r.get("headers").and_then(|h| h.as_array()).map(|a| a.as_slice()).unwrap_or(&[]).iter().enumerate() {
                    let pair = pair.as_array().filter(|p| p.len() == 2).ok_or(format!("records[{i}].headers[{h}] must be [key, value]"))?;
                    let key = pair[0].as_str().ok_or(format!("records[{i}].headers[{h}]'s key must be a string"))?;
                    headers.push((key.to_string(), string_or_null(pair.get(1), &format!("records[{i}].headers[{h}]'s value"))?));
                }
                records.push(BatchRecord {
                    offset_delta: i32::try_from(i).map_err(|_| "too many records".to_string())?,
                    timestamp,
                    key: string_or_null(r.get("key"), &format!("records[{i}].key"))?,
                    value: string_or_null(r.get("value"), &format!("records[{i}].value"))?,
                    headers,
                });
            }
            let bytes = encode(&header, &records).map_err(|e| e.0)?;
            let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            println!("{hex}");
            Ok(())
        }
        Some("decode") => {
            let bytes = parse_hex(&input)?;
            let b = decode(&bytes).map_err(|e| e.0)?;
            let records: Vec<serde_json::Value> = b
                .records
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "offset_delta": r.offset_delta,
                        "offset": b.header.base_offset.saturating_add(i64::from(r.offset_delta)),
                        "timestamp": r.timestamp,
                        "key": text(&r.key),
                        "value": text(&r.value),
                        "headers": r.headers.iter().map(|(k, v)| serde_json::json!([k, text(v)])).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let out = serde_json::json!({
                "base_offset": b.header.base_offset,
                "batch_length": b.batch_length,
                "partition_leader_epoch": b.header.partition_leader_epoch,
                "magic": b.magic,
                "crc": b.crc,
                "crc_valid": b.crc_valid,
                "attributes": b.attributes,
                "compression": b.header.compression.name(),
                "timestamp_type": if b.header.log_append_time { "LOG_APPEND_TIME" } else { "CREATE_TIME" },
                "transactional": b.header.transactional,
                "control": b.header.control,
                "last_offset_delta": b.last_offset_delta,
                "base_timestamp": b.base_timestamp,
                "max_timestamp": b.max_timestamp,
                "producer_id": b.header.producer_id,
                "producer_epoch": b.header.producer_epoch,
                "base_sequence": b.header.base_sequence,
                "record_count": b.record_count,
                "records": records,
            });
            println!("{out}");
            Ok(())
        }
        _ => Err("ksim batch encode | ksim batch decode; see ksim --help".into()),
    }
}

/// `ksim sh`: the page's terminal on stdin.
fn cmd_sh(args: &[String]) -> Result<(), String> {
    let mut session_path = None;
    let mut save = None;
    let mut i = 0;
    while i < args.len() {
        match (args[i].as_str(), args.get(i + 1)) {
            ("--session", Some(p)) => session_path = Some(p.clone()),
            ("--save", Some(p)) => save = Some(p.clone()),
            (other, _) => return Err(format!("sh: unexpected argument {other:?}; usage: ksim sh [--session FILE] [--save FILE]")),
        }
        i += 2;
    }
    let mut cluster = match session_path {
        Some(path) => {
            let file = std::fs::File::open(&path).map_err(|e| format!("{path}: cannot open: {e}"))?;
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::Read::take(file, SESSION_BYTES_MAX as u64 + 1), &mut bytes)
                .map_err(|e| format!("{path}: cannot read: {e}"))?;
            if bytes.len() > SESSION_BYTES_MAX {
                return Err(format!("{path}: larger than {SESSION_BYTES_MAX} bytes"));
            }
            let session: SessionFile = serde_json::from_slice(&bytes).map_err(|e| format!("{path}: not a valid session file: {e}"))?;
            let mut c = session.replay().map_err(|e| format!("{path}: {}", e.0))?;
            while c.poll_event().is_some() {}
            c
        }
        None => {
            engine::Cluster::new(engine::ClusterConfig { brokers: 3, ..engine::ClusterConfig::default() }).map_err(|e| e.to_string())?
        }
    };
    let mut script = String::new();
    std::io::Read::read_to_string(&mut std::io::Read::take(std::io::stdin(), 4 << 20), &mut script)
        .map_err(|e| format!("sh: cannot read stdin: {e}"))?;
    let mut shell = engine::tools::script::Shell::new();
    shell.run_script(&mut cluster, &script);
    print!("{}", shell.render());
    if let Some(path) = save {
        let json = serde_json::to_string_pretty(&cluster.session_file()).map_err(|e| e.to_string())?;
        std::fs::write(&path, json).map_err(|e| format!("{path}: cannot write: {e}"))?;
    }
    Ok(())
}
