//! Share links and session files (issue 23): the whole session — seed, starting cluster and
//! every command with its time — in the address's fragment (`#s=...`: JSON, deflated with
//! `miniz_oxide`, then base64url), so a link works from any static host and nothing is sent
//! anywhere; and the same session as a `.json` file (the documented session format: the
//! README's "Sessions: one command log"). Pure, with native tests and a fuzz test; the page reads and writes
//! the address in `ui/share.rs`.
//!
//! Everything from outside is bounded before it is decoded: the fragment's length, the
//! inflated size, the JSON's size, the session's own checks, and the simulated time a replay
//! may take.

use engine::session::SessionFile;
use serde::{Deserialize, Serialize};

/// What a link carries besides the session: how the page showed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    /// This format's version (1).
    pub v: u32,
    pub session: SessionFile,
    /// The page's language (`en`, `ko`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The lesson open when the link was taken: its commands are in `session` (the lesson's
    /// start, then the learner's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lesson: Option<String>,
}

pub const SHARED_VERSION: u32 = 1;
/// Links longer than this are not offered: the page offers a session file instead.
pub const LINK_CHARS_MAX: usize = 32 << 10;
/// The longest fragment read (a little over what the page writes, for hand-made links).
const FRAGMENT_CHARS_MAX: usize = 64 << 10;
/// The most JSON a link or a file may hold once inflated.
pub const SESSION_JSON_BYTES_MAX: usize = 4 << 20;
/// Simulated time a shared session may take to replay in the page (a 2-hour session).
pub const REPLAY_MS_MAX: u64 = 2 * 3_600_000;
/// Steps a replay may take: 2 hours at the default 100 ms tick.
pub const REPLAY_STEPS_MAX: u64 = 72_000;

/// The fragment for `shared`: `s=` and the encoded session, or why there is none (too long).
pub fn encode_fragment(shared: &Shared) -> Result<String, String> {
    let json = serde_json::to_vec(shared).map_err(|e| e.to_string())?;
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&json, 9);
    let text = base64url_encode(&packed);
    if text.len() > LINK_CHARS_MAX {
        return Err(format!("the link would be {} characters; links stop at {LINK_CHARS_MAX}: save a session file instead", text.len()));
    }
    Ok(format!("s={text}"))
}

/// Reads a fragment (without its `#`): `s=...` holding a session, checked whole.
pub fn decode_fragment(fragment: &str) -> Result<Shared, String> {
    let text = fragment.strip_prefix("s=").ok_or("the link holds no session (it has no #s=)")?;
    if text.len() > FRAGMENT_CHARS_MAX {
        return Err(format!("the link's session is {} characters; at most {FRAGMENT_CHARS_MAX} are read", text.len()));
    }
    let packed = base64url_decode(text).ok_or("the link's session is damaged (not base64url): was it cut off?")?;
    let json = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, SESSION_JSON_BYTES_MAX).map_err(|e| match e.status {
        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!("the link's session inflates past {SESSION_JSON_BYTES_MAX} bytes"),
        _ => "the link's session is damaged (it does not inflate): was it cut off?".to_string(),
    })?;
    let shared: Shared = serde_json::from_slice(&json).map_err(|e| format!("the link's session is not one this page reads: {e}"))?;
    check(shared)
}

/// Reads a session file: a session (`kafka-sandbox-session`), or a shared one with its page
/// state.
pub fn decode_file(text: &str) -> Result<Shared, String> {
    if text.len() > SESSION_JSON_BYTES_MAX {
        return Err(format!("the file is {} bytes; at most {SESSION_JSON_BYTES_MAX} are read", text.len()));
    }
    let session: SessionFile = serde_json::from_str(text).map_err(|e| format!("not a session file: {e}"))?;
    check(Shared { v: SHARED_VERSION, session, lang: None, lesson: None })
}

/// The file's text for `session` (the documented format, pretty, one trailing newline).
pub fn file_text(session: &SessionFile) -> Result<String, String> {
    serde_json::to_string_pretty(session).map(|s| s + "\n").map_err(|e| e.to_string())
}

fn check(shared: Shared) -> Result<Shared, String> {
    if shared.v == 0 || shared.v > SHARED_VERSION {
        return Err(format!(
            "the link is of version {}; this page reads version {SHARED_VERSION}: is the page older than the link?",
            shared.v
        ));
    }
    shared.session.check().map_err(|e| e.0)?;
    if shared.session.end_ms > REPLAY_MS_MAX {
        return Err(format!("the session runs {} s; the page replays at most {} s", shared.session.end_ms / 1000, REPLAY_MS_MAX / 1000));
    }
    // The work is in steps, not milliseconds: a link with a 1 ms tick would be 7.2 M steps.
    let steps = shared.session.end_ms / shared.session.config.tick_ms.max(1);
    if steps > REPLAY_STEPS_MAX {
        return Err(format!(
            "the session is {steps} steps of {} ms; the page replays at most {REPLAY_STEPS_MAX}",
            shared.session.config.tick_ms
        ));
    }
    if let Some(l) = &shared.lesson {
        if !crate::lesson_file::valid_lesson_id(l) {
            return Err(format!("{l:?} is not a lesson id"));
        }
    }
    if let Some(lang) = &shared.lang {
        if lang.len() > 8 || !lang.bytes().all(|b| b.is_ascii_lowercase() || b == b'-') {
            return Err(format!("{lang:?} is not a language tag"));
        }
    }
    Ok(shared)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 (URL and filename safe), without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
        }
    }
    out
}

/// The bytes of unpadded base64url text (padding `=` is accepted at the end); `None` for any
/// other character or an impossible length.
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, c) in chunk.iter().enumerate() {
            let v = ALPHABET.iter().position(|a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::{Cluster, ClusterConfig, Command, TopicConfig};

    fn session(seconds: u32) -> SessionFile {
        let mut c = Cluster::new(ClusterConfig { brokers: 3, seed: 9, ..ClusterConfig::default() }).unwrap();
        c.apply(Command::CreateTopic { name: "orders".into(), partitions: 3, replication_factor: 3, config: TopicConfig::default() })
            .unwrap();
        c.apply(Command::StartLoad {
            topic: "orders".into(),
            rate_per_s: 20,
            key_count: 5,
            acks: engine::Acks::All,
            producer_config: vec![],
        })
        .unwrap();
        for s in 0..seconds * 10 {
            if s == 30 {
                c.apply(Command::StopBroker { broker: engine::BrokerId(2) }).unwrap();
            }
            c.step();
        }
        c.session_file()
    }

    /// The fuzz tests' numbers: xorshift64, seeded (a failure replays).
    fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
        move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        }
    }

    #[test]
    fn base64url_round_trips_every_length() {
        for len in 0..70 {
            let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
            let text = base64url_encode(&bytes);
            assert!(text.bytes().all(|b| ALPHABET.contains(&b)), "{text}");
            assert_eq!(base64url_decode(&text).as_deref(), Some(&bytes[..]), "length {len}");
        }
        // RFC 4648's test vectors, in the URL alphabet and without padding.
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_encode(b"fooba"), "Zm9vYmE");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("Zm9vYg==").as_deref(), Some(&b"foob"[..]));
        assert_eq!(base64url_decode("Zm9vY"), None, "an impossible length");
        assert_eq!(base64url_decode("Zm9v+mFy"), None, "'+' is not in the URL alphabet");
    }

    #[test]
    fn a_link_round_trips_the_session_and_the_page() {
        let shared = Shared { v: 1, session: session(30), lang: Some("ko".into()), lesson: Some("leader-election".into()) };
        let fragment = encode_fragment(&shared).unwrap();
        assert!(fragment.starts_with("s="));
        assert_eq!(decode_fragment(&fragment).unwrap(), shared);
    }

    #[test]
    fn a_five_minute_session_link_stays_under_2_kb() {
        let fragment = encode_fragment(&Shared { v: 1, session: session(300), lang: None, lesson: None }).unwrap();
        assert!(fragment.len() < 2048, "{} characters", fragment.len());
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        let good = encode_fragment(&Shared { v: 1, session: session(5), lang: None, lesson: None }).unwrap();
        let bad = |f: &str| decode_fragment(f).unwrap_err();
        assert!(bad("x=1").contains("no #s="));
        assert!(bad("s=@@@@").contains("not base64url"));
        assert!(bad(&good[..good.len() / 2]).contains("cut off"), "truncated");
        assert!(bad(&format!("s={}", "A".repeat(FRAGMENT_CHARS_MAX + 4))).contains("at most"));
        // A future version.
        let future = Shared { v: 7, session: session(1), lang: None, lesson: None };
        let text = base64url_encode(&miniz_oxide::deflate::compress_to_vec_zlib(&serde_json::to_vec(&future).unwrap(), 6));
        assert!(bad(&format!("s={text}")).contains("version 7"));
        // A bomb: megabytes of zeros in a few hundred bytes.
        let bomb = base64url_encode(&miniz_oxide::deflate::compress_to_vec_zlib(&vec![b' '; SESSION_JSON_BYTES_MAX + 10], 9));
        assert!(bomb.len() < 20_000);
        assert!(bad(&format!("s={bomb}")).contains("inflates past"));
        // Hostile values inside well-formed JSON.
        let mut long = Shared { v: 1, session: session(1), lang: None, lesson: Some("<script>".into()) };
        let text =
            |s: &Shared| format!("s={}", base64url_encode(&miniz_oxide::deflate::compress_to_vec_zlib(&serde_json::to_vec(s).unwrap(), 6)));
        assert!(bad(&text(&long)).contains("not a lesson id"));
        long.lesson = None;
        long.session.end_ms = 10 * 3_600_000;
        assert!(bad(&text(&long)).contains("replays at most"));
        // An hour of 1 ms ticks: inside the 2 h, but 3.6 M steps.
        let mut fine = Shared { v: 1, session: session(1), lang: None, lesson: None };
        fine.session.config.tick_ms = 1;
        fine.session.end_ms = 3_600_000;
        fine.session.commands.iter_mut().for_each(|c| c.time_ms = 0);
        assert!(bad(&text(&fine)).contains("steps of 1 ms"));
    }

    #[test]
    fn session_files_are_the_documented_format() {
        let s = session(5);
        let text = file_text(&s).unwrap();
        assert!(text.contains("\"format\": \"kafka-sandbox-session\""));
        assert_eq!(decode_file(&text).unwrap().session, s);
        assert!(decode_file("{").unwrap_err().starts_with("not a session file"));
        assert!(decode_file(&"x".repeat(SESSION_JSON_BYTES_MAX + 1)).unwrap_err().contains("at most"));
    }

    /// Sessions whose JSON was mutated (numbers, names, commands swapped or dropped): each is
    /// refused with a message or replays; none panics, and what replays is deterministic.
    #[test]
    fn fuzzed_sessions_replay_or_are_refused() {
        let base = serde_json::to_value(session(3)).unwrap();
        let mut next = xorshift(0x2545_f491_4f6c_dd1d);
        let (mut replayed, mut refused) = (0, 0);
        for _ in 0..1500 {
            let mut v = base.clone();
            let commands = v["commands"].as_array_mut().unwrap();
            for _ in 0..1 + next() % 3 {
                let n = commands.len();
                if n == 0 {
                    break;
                }
                let i = (next() as usize) % n;
                match next() % 6 {
                    0 => {
                        commands.remove(i);
                    }
                    1 => commands[i]["time_ms"] = (next() % 4000 / 100 * 100).into(),
                    2 => commands[i]["broker"] = (next() % 12).into(),
                    3 => commands[i]["rate_per_s"] = (next() % 5_000_000).into(),
                    4 => commands[i]["name"] = ["", "x", "__consumer_offsets", "a/b", "orders"][(next() % 5) as usize].into(),
                    _ => commands[i] = serde_json::json!({ "time_ms": 100, "command": "stop_broker", "broker": next() % 5 }),
                }
            }
            let Ok(file) = serde_json::from_value::<SessionFile>(v) else {
                refused += 1;
                continue;
            };
            match check(Shared { v: 1, session: file, lang: None, lesson: None }) {
                Ok(shared) => match crate::session::Session::replay(&shared.session, None) {
                    Ok(s) => {
                        let again = crate::session::Session::replay(&shared.session, None).unwrap();
                        assert_eq!(s.cluster.snapshot_hash(), again.cluster.snapshot_hash());
                        replayed += 1;
                    }
                    Err(_) => refused += 1,
                },
                Err(_) => refused += 1,
            }
        }
        assert!(replayed > 100 && refused > 100, "{replayed} replayed, {refused} refused");
    }

    /// Random and mutated links: every one decodes or is refused with a message; none panics.
    /// (Replaying what decodes is `session::tests`' fuzz.)
    #[test]
    fn fuzzed_links_never_panic() {
        let good = encode_fragment(&Shared { v: 1, session: session(10), lang: Some("en".into()), lesson: None }).unwrap();
        let mut next = xorshift(0x9e37_79b9_7f4a_7c15);
        let mut accepted = 0;
        for case in 0..3000 {
            let mut f: Vec<u8> = good.clone().into_bytes();
            for _ in 0..1 + next() % 4 {
                if f.len() < 4 {
                    break;
                }
                let at = 2 + (next() as usize) % (f.len() - 2);
                match next() % 3 {
                    0 => f[at] = ALPHABET[(next() % 64) as usize],
                    1 => f.truncate(at),
                    _ => f.insert(at, ALPHABET[(next() % 64) as usize]),
                }
            }
            let text = String::from_utf8(f).unwrap();
            if decode_fragment(&text).is_ok() {
                accepted += 1;
            }
            if case % 3 == 0 {
                let random: String = (0..next() % 400).map(|_| ALPHABET[(next() % 64) as usize] as char).collect();
                assert!(decode_fragment(&format!("s={random}")).is_err());
            }
        }
        // Deflate's stream has no checksum over every byte, so a few mutations still decode.
        assert!(accepted < 3000, "{accepted} of 3000 mutated links decoded");
    }
}
