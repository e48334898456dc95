//! A session: the starting cluster (its config, seed included) and the log of every command
//! applied to it with the logical time it was applied at. `Cluster::apply` is the one way in,
//! and it records each command there, so any run — the page, `ksim`, a simulation, a lesson —
//! can be written down and replayed to the exact same state (same snapshot hash, same events).
//!
//! The file format is serde data (`"format": "kafka-sandbox-session", "version": 1`), written
//! as JSON by `ksim` and, later, in share links. A file from outside is checked whole before
//! anything runs: its format and version, its sizes, the order and times of its commands and the
//! length of the run it asks for; replay then refuses any command that does not fit.

use crate::cluster::Cluster;
use crate::command::Command;
use crate::config::ClusterConfig;
use serde::{Deserialize, Serialize};
use std::fmt;

pub const SESSION_FORMAT: &str = "kafka-sandbox-session";
pub const SESSION_VERSION: u32 = 1;
/// Most commands a session holds (the page's load is one command, not one per record).
pub const SESSION_COMMANDS_MAX: usize = 100_000;
/// Longest simulated run a session may ask for: 24 hours (864,000 steps of 100 ms).
pub const SESSION_DURATION_MS_MAX: u64 = 86_400_000;
/// Largest serialized session taken from outside, checked before decoding.
pub const SESSION_BYTES_MAX: usize = 32 << 20;

/// One logged command: applied when the cluster's clock read `time_ms`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimedCommand {
    pub time_ms: u64,
    #[serde(flatten)]
    pub command: Command,
}

/// A whole session, as written to a file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionFile {
    pub format: String,
    pub version: u32,
    /// The starting cluster: broker count, seed and every setting.
    pub config: ClusterConfig,
    /// The clock at the end of the run (replay steps up to it after the last command).
    pub end_ms: u64,
    pub commands: Vec<TimedCommand>,
}

/// Why a session cannot be replayed: one line for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionError(pub String);

impl fmt::Display for SessionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SessionError {}

fn err(message: impl Into<String>) -> SessionError {
    SessionError(message.into())
}

impl SessionFile {
    /// Checks everything that can be checked without running it.
    pub fn check(&self) -> Result<(), SessionError> {
        if self.format != SESSION_FORMAT {
            return Err(err(format!("not a Kafka Sandbox session (format {:?}, expected {SESSION_FORMAT:?})", self.format)));
        }
        if self.version > SESSION_VERSION {
            return Err(err(format!(
                "session version {} was written by a newer Kafka Sandbox; this one reads version {SESSION_VERSION}",
                self.version
            )));
        }
        if self.version == 0 {
            return Err(err("session version 0 does not exist; versions start at 1"));
        }
        if self.commands.len() > SESSION_COMMANDS_MAX {
            return Err(err(format!("the session has {} commands; at most {SESSION_COMMANDS_MAX} are replayed", self.commands.len())));
        }
        if self.end_ms > SESSION_DURATION_MS_MAX {
            return Err(err(format!("the session runs {} ms; at most {SESSION_DURATION_MS_MAX} ms (24 h) are replayed", self.end_ms)));
        }
        let tick = self.config.tick_ms;
        if tick == 0 || tick > 60_000 {
            return Err(err(format!("tick_ms must be 1..=60000, not {tick}")));
        }
        if !self.end_ms.is_multiple_of(tick) {
            return Err(err(format!("end_ms {} is not a multiple of tick_ms {tick}", self.end_ms)));
        }
        let mut last = 0;
        for (i, c) in self.commands.iter().enumerate() {
            if c.time_ms < last {
                return Err(err(format!("command {i} is at {} ms, before the previous one at {last} ms", c.time_ms)));
            }
            if c.time_ms > self.end_ms {
                return Err(err(format!("command {i} is at {} ms, after the session's end at {} ms", c.time_ms, self.end_ms)));
            }
            if !c.time_ms.is_multiple_of(tick) {
                return Err(err(format!("command {i} is at {} ms, not on a tick of {tick} ms", c.time_ms)));
            }
            if let Command::Advance { steps } = c.command {
                // Advance moves the clock itself: it must not carry the run past its end.
                let after = c.time_ms.saturating_add(u64::from(steps).saturating_mul(tick));
                if after > self.end_ms {
                    return Err(err(format!("command {i} advances to {after} ms, past the session's end at {} ms", self.end_ms)));
                }
            }
            last = c.time_ms;
        }
        Ok(())
    }

    /// The session as it stood at `t_ms` (at most its end): the commands given up to and at
    /// that moment, and the clock there. Replaying it gives the cluster the page showed at
    /// `t_ms` (issue 23's rewind rests on that).
    pub fn until(&self, t_ms: u64) -> SessionFile {
        let t_ms = t_ms.min(self.end_ms);
        let n = self.commands.partition_point(|c| c.time_ms <= t_ms);
        SessionFile { commands: self.commands[..n].to_vec(), end_ms: t_ms, ..self.clone() }
    }

    /// Rebuilds the cluster: each command at its time, then the clock up to `end_ms`. Commands
    /// the engine refuses are refused again, exactly as when they were logged.
    pub fn replay(&self) -> Result<Cluster, SessionError> {
        self.replay_with(|_| {})
    }

    /// `replay`, calling `after_step` after every step (`ksim replay` prints events and audits
    /// invariants there).
    pub fn replay_with(&self, mut after_step: impl FnMut(&mut Cluster)) -> Result<Cluster, SessionError> {
        self.check()?;
        let mut cluster = Cluster::new(self.config.clone()).map_err(|e| err(format!("the session's cluster config is invalid: {e}")))?;
        after_step(&mut cluster);
        for (i, c) in self.commands.iter().enumerate() {
            while cluster.now().0 < c.time_ms {
                cluster.step();
                after_step(&mut cluster);
            }
            if cluster.now().0 != c.time_ms {
                return Err(err(format!("command {i} is at {} ms but the clock is already at {} ms", c.time_ms, cluster.now().0)));
            }
            // Refused commands stay refused: their errors are part of the run.
            let _ = cluster.apply(c.command.clone());
            after_step(&mut cluster);
        }
        while cluster.now().0 < self.end_ms {
            cluster.step();
            after_step(&mut cluster);
        }
        Ok(cluster)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::command::ProduceRequest;
    use crate::config::TopicConfig;
    use crate::event::Acks;
    use crate::ids::BrokerId;

    fn a_run() -> Cluster {
        let mut c = Cluster::new(ClusterConfig { seed: 7, ..ClusterConfig::default() }).expect("cluster");
        let _ =
            c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config: TopicConfig::default() });
        let _ = c.apply(Command::StartLoad {
            topic: "orders".into(),
            rate_per_s: 200,
            key_count: 5,
            acks: Acks::All,
            producer_config: Vec::new(),
        });
        for _ in 0..30 {
            c.step();
        }
        let _ = c.apply(Command::StopBroker { broker: BrokerId(2) });
        let _ = c.apply(Command::Produce(ProduceRequest::keyed("nope", "k", "v", Acks::All))); // refused
        for _ in 0..120 {
            c.step();
        }
        let _ = c.apply(Command::StopLoad);
        c.step();
        c
    }

    #[test]
    fn a_logged_run_replays_to_the_same_state() {
        let c = a_run();
        let file = c.session_file();
        assert_eq!(file.commands.len(), 5, "every command, refused ones too");
        assert_eq!(file.end_ms, c.now().0);
        let again = file.replay().expect("replays");
        assert_eq!(again.snapshot_hash(), c.snapshot_hash());
        assert_eq!(again.session_file().commands, file.commands, "the replay logs the same commands");
    }

    #[test]
    fn bad_files_are_refused_before_anything_runs() {
        let good = a_run().session_file();
        let with = |f: &dyn Fn(&mut SessionFile)| {
            let mut s = good.clone();
            f(&mut s);
            s.replay().map(|_| ()).unwrap_err().0
        };
        assert!(with(&|s| s.format = "pcap".into()).starts_with("not a Kafka Sandbox session"));
        assert!(with(&|s| s.version = 2).contains("newer Kafka Sandbox"));
        assert!(with(&|s| s.end_ms = SESSION_DURATION_MS_MAX + 100).contains("at most"));
        assert!(with(&|s| s.commands.swap(0, 4)).contains("before the previous one"));
        assert!(with(&|s| s.commands[1].time_ms = 50).contains("not on a tick"));
        assert!(with(&|s| s.config.brokers = 0).contains("config is invalid"));
        assert!(with(&|s| s.commands.push(TimedCommand { time_ms: s.end_ms, command: Command::Advance { steps: 10 } }))
            .contains("past the session's end"));
    }
}
