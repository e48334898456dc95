//! The `ksim` command line, run as a user would.
#![cfg(feature = "cli")]

use std::process::Command;

fn ksim(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ksim")).args(args).output().expect("run ksim");
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn partition_matches_kafka() {
    assert_eq!(ksim(&["partition", "--partitions", "3", "--key", "user-1"]).1.trim(), "2");
    assert_eq!(ksim(&["partition", "--partitions", "10", "--key", "héllo"]).1.trim(), "2");
    assert_eq!(ksim(&["partition", "--partitions", "10", "--key-hex", "ffffffff"]).1.trim(), "9");
    assert_eq!(ksim(&["partition", "--partitions", "6", "--key", ""]).1.trim(), "3");
    let (ok, out, _) = ksim(&["partition", "--partitions", "3", "--null-key"]);
    assert!(ok && out.contains("sticky"));
    let (ok, _, err) = ksim(&["partition", "--partitions", "0", "--key", "a"]);
    assert!(!ok && err.contains("at least 1"));
    let (ok, _, err) = ksim(&["partition", "--partitions", "3", "--key-hex", "zz"]);
    assert!(!ok && err.contains("not hex"));
}

#[test]
fn run_prints_json_events_and_a_stable_hash() {
    let (ok, out, err) = ksim(&["run", "--seed", "9", "--steps", "300", "--faults", "random"]);
    assert!(ok, "{err}");
    let last = out.lines().last().unwrap();
    assert!(last.starts_with("snapshot-hash "), "{last}");
    for line in out.lines().filter(|l| !l.starts_with("snapshot-hash")) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        assert!(v.get("type").is_some() && v.get("time_ms").is_some(), "{line}");
    }
    assert_eq!(ksim(&["run", "--seed", "9", "--steps", "300", "--faults", "random"]).1.lines().last().unwrap(), last);
    assert_ne!(ksim(&["run", "--seed", "10", "--steps", "300", "--faults", "random"]).1.lines().last().unwrap(), last);
}

#[test]
fn run_a_scenario_file() {
    let dir = std::env::temp_dir().join(format!("ksim-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("failover.json");
    std::fs::write(
        &path,
        r#"{"config": {"brokers": 3, "seed": 4}, "commands": [
            {"command": "create_topic", "name": "orders", "partitions": 1, "replication_factor": 3},
            {"command": "produce", "topic": "orders", "key": [107], "value": [118], "acks": "all"},
            {"command": "advance", "steps": 5},
            {"command": "stop_broker", "broker": 9},
            {"command": "stop_broker", "broker": 2},
            {"command": "advance", "steps": 150}
        ]}"#,
    )
    .unwrap();
    let (ok, out, err) = ksim(&["run", "--scenario", path.to_str().unwrap(), "--steps", "10"]);
    assert!(ok, "{err}");
    assert!(out.contains(r#""error":"UNKNOWN_BROKER""#), "{out}");
    assert!(out.contains(r#""type":"broker_fenced""#), "{out}");
    assert!(out.lines().last().unwrap().starts_with("snapshot-hash "));
    std::fs::write(&path, "{not json").unwrap();
    let (ok, _, err) = ksim(&["run", "--scenario", path.to_str().unwrap()]);
    assert!(!ok && err.contains("not a valid scenario"), "{err}");
}

#[test]
fn help_documents_both_commands() {
    let (ok, out, _) = ksim(&["--help"]);
    assert!(ok && out.contains("ksim partition") && out.contains("ksim run"));
    assert!(!ksim(&["frobnicate"]).0);
}

#[test]
fn assign_prints_java_assignments_and_both_cooperative_rounds() {
    let base = ["assign", "--topics", "t0:3,t1:3", "--member", "C0=t0,t1", "--member", "C1=t0,t1"];
    let run = |assignor: &str, extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend(["--assignor", assignor]);
        args.extend(extra);
        ksim(&args)
    };
    assert_eq!(run("range", &[]).1.trim(), "C0=t0-0,t0-1,t1-0,t1-1;C1=t0-2,t1-2");
    assert_eq!(run("roundrobin", &[]).1.trim(), "C0=t0-0,t0-2,t1-1;C1=t0-1,t1-0,t1-2");
    let prior = [
        "--member",
        "C2=t0,t1",
        "--owned",
        "C0=t0-0,t0-1,t1-0,t1-1",
        "--owned",
        "C1=t0-2,t1-2",
        "--generation",
        "C0=1",
        "--generation",
        "C1=1",
    ];
    assert_eq!(run("sticky", &prior).1.trim(), "C0=t0-0,t1-0;C1=t0-2,t1-2;C2=t0-1,t1-1");
    let (ok, out, err) = run("cooperative-sticky", &prior);
    assert!(ok, "{err}");
    assert_eq!(out.lines().collect::<Vec<_>>(), ["C0=t0-0,t1-0;C1=t0-2,t1-2;C2=", "C0=t0-0,t1-0;C1=t0-2,t1-2;C2=t0-1,t1-1"]);
    let (ok, _, err) = run("fancy", &[]);
    assert!(!ok && err.contains("unknown assignor"));
    let (ok, _, err) = run("range", &["--owned", "C9=t0-0"]);
    assert!(!ok && err.contains("not a --member"), "{err}");
}

fn ksim_code(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ksim")).args(args).output().expect("run ksim");
    (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_saved_run_replays_to_the_same_events_and_hash() {
    let dir = std::env::temp_dir().join(format!("ksim-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("s.json");
    let path = file.to_str().unwrap();
    let (ok, run, err) = ksim(&["run", "--seed", "4242", "--steps", "3000", "--faults", "random", "--save", path]);
    assert!(ok, "{err}");
    let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!((saved["format"].as_str(), saved["version"].as_u64()), (Some("kafka-sandbox-session"), Some(1)));
    let (code, replay, err) = ksim_code(&["replay", path]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(replay.lines().last(), run.lines().last(), "same snapshot-hash line");
    assert!(replay == run, "the same events, in the same order");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_bad_session_file_is_one_line_on_stderr_and_exit_code_2() {
    let dir = std::env::temp_dir().join(format!("ksim-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = r#"{"format":"kafka-sandbox-session","version":1,"config":{"brokers":3,"seed":1},"end_ms":1000,"commands":[{"time_ms":0,"command":"create_topic","name":"orders","partitions":3,"replication_factor":3}]}"#;
    let cases: [(&str, String, &str); 7] = [
        ("good", good.to_string(), ""),
        ("truncated", good[..good.len() / 2].to_string(), "not a valid session file"),
        ("future", good.replace("\"version\":1", "\"version\":2"), "newer Kafka Sandbox"),
        ("other", good.replace("kafka-sandbox-session", "pcap"), "not a Kafka Sandbox session"),
        ("hostile", "{\"a\":".repeat(10_000), "not a valid session file"),
        ("late", good.replace("\"time_ms\":0", "\"time_ms\":5000"), "after the session's end"),
        ("garbage", "\u{0}\u{1}binary".to_string(), "not a valid session file"),
    ];
    for (name, text, expect) in cases {
        let f = dir.join(format!("{name}.json"));
        std::fs::write(&f, text).unwrap();
        let (code, out, err) = ksim_code(&["replay", f.to_str().unwrap()]);
        if expect.is_empty() {
            assert_eq!(code, Some(0), "{name}: {err}");
            assert!(out.lines().last().unwrap().starts_with("snapshot-hash "));
            continue;
        }
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(out.is_empty(), "{name}: nothing is printed as if valid: {out}");
        assert_eq!(err.lines().count(), 1, "{name}: one line: {err}");
        assert!(err.contains(expect), "{name}: {err}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_readmes_example_session_replays() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/session-example.json");
    let (code, out, err) = ksim_code(&["replay", path]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("\"type\":\"broker_stopped\"") && out.lines().last().unwrap().starts_with("snapshot-hash "), "{out}");
}

fn dump(args: &[&str]) -> serde_json::Value {
    let path = std::env::temp_dir().join(format!("ksim-dump-{}-{}.json", std::process::id(), args.join("_").replace(['/', '='], "-")));
    let path_s = path.to_str().unwrap().to_string();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--dump", &path_s]);
    let (code, _, err) = ksim_code(&all);
    assert_eq!(code, Some(0), "{err}");
    let v = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    v
}

#[test]
fn an_idempotent_producers_dump_shows_every_acknowledged_record_once_in_order() {
    let d = dump(&["run", "--seed", "11", "--steps", "400", "--faults", "random"]);
    let (sent, acked, failed) = (d["sent"].as_array().unwrap(), d["acked"].as_array().unwrap(), d["failed"].as_array().unwrap());
    assert!(!sent.is_empty());
    assert_eq!(sent.len(), acked.len() + failed.len(), "every record sent has a fate after healing");
    for a in acked {
        let log = &d["logs"][format!("{}-{}", a["topic"].as_str().unwrap(), a["partition"])]["records"];
        let at: Vec<&serde_json::Value> = log.as_array().unwrap().iter().filter(|r| r["value"] == a["value"]).collect();
        assert_eq!(at.len(), 1, "{} once in its partition", a["value"]);
        assert_eq!(at[0]["offset"], a["offset"]);
        assert!(at[0]["producer_id"].as_i64().unwrap() >= 0 && at[0]["sequence"].as_i64().unwrap() >= 0);
    }
}

#[test]
fn a_transactional_dump_shows_markers_aborted_records_and_what_read_committed_reads() {
    let d =
        dump(&["run", "--seed", "3", "--steps", "300", "--producer", "transactional.id=tx-1", "--txn-size", "4", "--abort-rate", "0.5"]);
    let mut markers = 0;
    let mut aborted = 0;
    for (tp, p) in d["logs"].as_object().unwrap() {
        let records = p["records"].as_array().unwrap();
        let rc: Vec<&str> = p["read_committed"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        for r in records {
            markers += r["control"].as_bool().unwrap() as u32;
            aborted += r["aborted"].as_bool().unwrap() as u32;
            if let Some(v) = r["value"].as_str() {
                assert_eq!(
                    rc.contains(&v),
                    !r["aborted"].as_bool().unwrap(),
                    "{tp} {v}: read_committed has it exactly when it was not aborted"
                );
            }
        }
    }
    assert!(markers > 0 && aborted > 0, "commits and aborts both happened: {markers} markers, {aborted} aborted records");
}

#[test]
fn bad_producer_options_are_one_line_and_exit_code_2() {
    for args in [
        vec!["run", "--producer", "acks"],
        vec!["run", "--producer", "acks=2"],
        vec!["run", "--producer", "acks=1", "--producer", "enable.idempotence=true"],
        vec!["run", "--txn-size", "5"],
        vec!["run", "--producer", "transactional.id=t"],
        vec!["run", "--producer", "transactional.id=t", "--txn-size", "3", "--abort-rate", "2"],
        vec!["run", "--dump"],
    ] {
        let (code, out, err) = ksim_code(&args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?} ran: {out}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
}

/// `ksim course DIR` writes the course index from the lesson files: a new lesson added as its
/// bare id gets its listing, the order is kept, and a missing file is an error that leaves the
/// index as it was.
#[test]
fn course_writes_the_index_from_the_lesson_files() {
    use engine::course::{CourseIndex, Listing};
    use engine::lesson::LessonFile;
    let dir = std::env::temp_dir().join(format!("ksim-course-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let lessons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons");
    for id in ["log-compaction", "leader-election"] {
        std::fs::copy(lessons.join(format!("{id}.json")), dir.join(format!("{id}.json"))).unwrap();
    }
    let index = dir.join("index.json");
    std::fs::write(&index, r#"{"format": "kafka-sandbox-course", "version": 2, "lessons": ["log-compaction", {"id": "leader-election"}]}"#)
        .unwrap();
    let (ok, out, err) = ksim(&["course", dir.to_str().unwrap()]);
    assert!(ok && out.contains("2 lessons"), "{out}{err}");
    let written = CourseIndex::from_json(&std::fs::read_to_string(&index).unwrap()).unwrap();
    assert_eq!(written.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["log-compaction", "leader-election"]);
    let file = LessonFile::from_json(&std::fs::read_to_string(dir.join("leader-election.json")).unwrap()).unwrap();
    assert_eq!(written[1].listing, Some(Listing::of(&file)));
    let before = std::fs::read_to_string(&index).unwrap();
    std::fs::write(&index, before.replacen("\"id\": \"log-compaction\"", "\"id\": \"no-such-lesson\"", 1)).unwrap();
    let (ok, _, err) = ksim(&["course", dir.to_str().unwrap()]);
    assert!(!ok && err.contains("no-such-lesson.json"), "{err}");
    assert!(std::fs::read_to_string(&index).unwrap().contains("no-such-lesson"), "the index is left as it was");
    std::fs::remove_dir_all(&dir).unwrap();
}
