//! What has no Kafka command: a broker's machine stopping, crashing, starting, losing its network
//! or slowing down, and time passing. Named as the sandbox's own (`sandbox <verb> <broker>`), each
//! runs the engine command a button runs and reports what it stands for on a real machine
//! (`SandboxVerbRan`; the app words it from its catalogues, `ksim sh` with `stands_for_en`).

use super::Out;
use crate::cluster::Cluster;
use crate::command::Command;
use crate::event::EventKind;
use crate::ids::BrokerId;
use serde::{Deserialize, Serialize};

pub const NAME: &str = "sandbox";

/// The most one `sleep` advances: an hour of simulated time.
pub const SLEEP_SECONDS_MAX: u64 = 3_600;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "verb", rename_all = "snake_case")]
pub enum SandboxVerb {
    /// `kill -9` of the broker's JVM: a crash.
    KillBroker { broker: BrokerId },
    /// `bin/kafka-server-stop.sh` on its host (SIGTERM): a controlled shutdown.
    StopBroker { broker: BrokerId },
    /// `bin/kafka-server-start.sh config/server.properties` on its host.
    StartBroker { broker: BrokerId },
    /// Its network cut off (firewall rules dropping its traffic).
    IsolateBroker { broker: BrokerId },
    /// The firewall rules removed.
    HealBroker { broker: BrokerId },
    /// Its follower fetches slowed by `delay_ms` (a slow disk or link; 0 = back to normal).
    SlowBroker { broker: BrokerId, delay_ms: u64 },
    /// `sleep N`: the shell waits N seconds while the cluster runs.
    Sleep { seconds: u64 },
}

/// The verbs, as `sandbox` lists them (and the terminal completes them).
pub const VERBS: &[&str] = &["kill-broker", "stop-broker", "start-broker", "isolate-broker", "heal-broker", "slow-broker"];

const USAGE: &str = "usage: sandbox kill-broker|stop-broker|start-broker|isolate-broker|heal-broker <broker id>\n       sandbox slow-broker <broker id> <fetch delay ms>\n(the sandbox's own verbs, for what a real cluster does outside Kafka's tools)";

/// `sandbox <verb> <broker> [ms]`.
pub fn run(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    let (Some(verb), Some(id)) = (args.first(), args.get(1)) else {
        out.eprintln(USAGE);
        return 2;
    };
    let Ok(broker) = id.parse::<u32>().map(BrokerId) else {
        out.eprintln(&format!("sandbox: '{id}' is not a broker id"));
        return 2;
    };
    let (verb, command) = match verb.as_str() {
        "kill-broker" => (SandboxVerb::KillBroker { broker }, Command::StopBroker { broker }),
        "stop-broker" => (SandboxVerb::StopBroker { broker }, Command::ShutdownBroker { broker }),
        "start-broker" => (SandboxVerb::StartBroker { broker }, Command::StartBroker { broker }),
        "isolate-broker" => (SandboxVerb::IsolateBroker { broker }, Command::IsolateBroker { broker }),
        "heal-broker" => (SandboxVerb::HealBroker { broker }, Command::HealBroker { broker }),
        "slow-broker" => {
            let Some(delay_ms) = args.get(2).and_then(|v| v.parse::<u64>().ok()) else {
                out.eprintln(USAGE);
                return 2;
            };
            (SandboxVerb::SlowBroker { broker, delay_ms }, Command::SetFetchDelay { broker, delay_ms })
        }
        other => {
            out.eprintln(&format!("sandbox: unknown verb '{other}'"));
            out.eprintln(USAGE);
            return 2;
        }
    };
    match cluster.execute(command) {
        Ok(_) => {
            cluster.emit_verb(verb);
            0
        }
        Err(e) => {
            out.eprintln(&format!("sandbox: {}", e.message));
            1
        }
    }
}

/// `sleep N` (seconds; `s`, `m` and `h` suffixes as GNU sleep takes them): the cluster runs for
/// that long.
pub fn sleep(cluster: &mut Cluster, args: &[String], out: &mut Out) -> i32 {
    let Some(arg) = args.first() else {
        out.eprintln("sleep: missing operand");
        return 1;
    };
    let (number, unit) = match arg.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => arg.split_at(i),
        None => (arg.as_str(), ""),
    };
    let scale = match unit {
        "" | "s" => 1,
        "m" => 60,
        "h" => 3_600,
        _ => 0,
    };
    let seconds = match number.parse::<u64>() {
        Ok(n) if scale > 0 => n.saturating_mul(scale),
        _ => {
            out.eprintln(&format!("sleep: invalid time interval '{arg}'"));
            return 1;
        }
    };
    if seconds > SLEEP_SECONDS_MAX {
        out.eprintln(&format!("sleep: the sandbox sleeps at most {SLEEP_SECONDS_MAX} seconds at once"));
        return 1;
    }
    let tick = cluster.config().tick_ms.max(1);
    let steps = (seconds * 1_000).div_ceil(tick) as u32;
    cluster.emit_verb(SandboxVerb::Sleep { seconds });
    for _ in 0..steps {
        cluster.step();
    }
    0
}

impl Cluster {
    fn emit_verb(&mut self, verb: SandboxVerb) {
        self.emit(EventKind::SandboxVerbRan { verb });
    }
}

/// What a verb stands for, in English (`ksim sh`, the engine's narration).
pub fn stands_for_en(verb: &SandboxVerb) -> String {
    match verb {
        SandboxVerb::KillBroker { broker } => format!("broker {broker} crashed: on a real machine, kill -9 of its Java process"),
        SandboxVerb::StopBroker { broker } => {
            format!("broker {broker} shuts down: on a real machine, bin/kafka-server-stop.sh on its host (SIGTERM, a controlled shutdown)")
        }
        SandboxVerb::StartBroker { broker } => {
            format!("broker {broker} starts: on a real machine, bin/kafka-server-start.sh config/server.properties on its host")
        }
        SandboxVerb::IsolateBroker { broker } => {
            format!("broker {broker} is cut off: on a real machine, firewall rules dropping its traffic (a network partition)")
        }
        SandboxVerb::HealBroker { broker } => format!("broker {broker} is reachable again: on a real machine, the firewall rules removed"),
        SandboxVerb::SlowBroker { broker, delay_ms: 0 } => {
            format!("broker {broker}'s follower fetches no longer wait: on a real machine, the slow disk or link repaired")
        }
        SandboxVerb::SlowBroker { broker, delay_ms } => {
            format!("broker {broker}'s follower fetches wait {delay_ms} ms: on a real machine, a slow disk or network link")
        }
        SandboxVerb::Sleep { seconds } => format!("{seconds} s of cluster time pass"),
    }
}
