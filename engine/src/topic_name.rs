//! Kafka's topic name rules, exactly: `org.apache.kafka.common.internals.Topic#validate`
//! (legal characters, 1..=249, not `.` or `..`), `Topic#hasCollision` (`.` and `_` are
//! interchangeable in metric names, so KRaft rejects a name that collides with an existing one),
//! and the reserved internal topics. Each failure names the rule it broke.

use serde::{Deserialize, Serialize};
use std::fmt;

/// `Topic.MAX_NAME_LENGTH`.
pub const TOPIC_NAME_LENGTH_MAX: usize = 249;

/// Internal topics that clients may not create (`Topic.INTERNAL_TOPICS` plus KRaft's metadata log).
pub const INTERNAL_TOPICS: &[&str] = &["__consumer_offsets", "__transaction_state", "__cluster_metadata", "__share_group_state"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TopicNameError {
    Empty,
    Dot,
    DotDot,
    TooLong { name: String, length: usize },
    IllegalCharacter { name: String, character: char },
    Internal { name: String },
    Collides { name: String, existing: String },
    AlreadyExists { name: String },
}

impl fmt::Display for TopicNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Wording follows Kafka's messages, so a learner meets the same text on a real cluster.
        match self {
            // `Topic.detectInvalidTopic`, prefixed "Topic name is invalid: " by `Topic.validate`.
            TopicNameError::Empty => write!(f, "Topic name is invalid: the empty string is not allowed"),
            TopicNameError::Dot => write!(f, "Topic name is invalid: '.' is not allowed"),
            TopicNameError::DotDot => write!(f, "Topic name is invalid: '..' is not allowed"),
            TopicNameError::TooLong { name, .. } => {
                write!(f, "Topic name is invalid: the length of '{name}' is longer than the max allowed length {TOPIC_NAME_LENGTH_MAX}")
            }
            TopicNameError::IllegalCharacter { name, .. } => write!(
                f,
                "Topic name is invalid: '{name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
            ),
            TopicNameError::Internal { name } => write!(f, "Creation of internal topic {name} is prohibited."),
            // `ReplicationControlManager.validateNewTopicNames` (KRaft: "topic", singular).
            TopicNameError::Collides { name, existing } => write!(f, "Topic '{name}' collides with existing topic: {existing}"),
            TopicNameError::AlreadyExists { name } => write!(f, "Topic '{name}' already exists."),
        }
    }
}

impl TopicNameError {
    /// The Kafka error code name a CreateTopics response would carry.
    pub fn kafka_error(&self) -> &'static str {
        match self {
            TopicNameError::AlreadyExists { .. } => "TOPIC_ALREADY_EXISTS",
            TopicNameError::Internal { .. } => "INVALID_REQUEST",
            _ => "INVALID_TOPIC_EXCEPTION",
        }
    }
}

/// `Topic.validate`: the rules on the name alone.
pub fn validate_topic_name(name: &str) -> Result<(), TopicNameError> {
    if name.is_empty() {
        return Err(TopicNameError::Empty);
    }
    if name == "." {
        return Err(TopicNameError::Dot);
    }
    if name == ".." {
        return Err(TopicNameError::DotDot);
    }
    // Kafka counts Java chars; every legal name is ASCII, so the byte length is the same for
    // every name that could pass the character rule below.
    let length = name.chars().count();
    if length > TOPIC_NAME_LENGTH_MAX {
        return Err(TopicNameError::TooLong { name: name.to_string(), length });
    }
    if let Some(character) = name.chars().find(|c| !is_legal_char(*c)) {
        return Err(TopicNameError::IllegalCharacter { name: name.to_string(), character });
    }
    Ok(())
}

fn is_legal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'
}

/// `Topic.hasCollisionChars`: the name holds a '.' or a '_', so it could collide with another
/// in metric names; `kafka-topics.sh --create` then prints [`COLLISION_WARNING`].
pub fn has_collision_chars(name: &str) -> bool {
    name.contains('.') || name.contains('_')
}

/// What `TopicCommand.createTopic` prints before creating a name with '.' or '_'.
pub const COLLISION_WARNING: &str = "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both.";

/// `Topic.hasCollision`: `a.b` and `a_b` collide.
pub fn has_collision(a: &str, b: &str) -> bool {
    a.replace('.', "_") == b.replace('.', "_")
}

/// Everything CreateTopics checks about a name, against the topics that exist.
pub fn validate_new_topic_name<'a>(name: &str, existing: impl IntoIterator<Item = &'a str>) -> Result<(), TopicNameError> {
    validate_topic_name(name)?;
    if INTERNAL_TOPICS.contains(&name) {
        return Err(TopicNameError::Internal { name: name.to_string() });
    }
    for other in existing {
        if other == name {
            return Err(TopicNameError::AlreadyExists { name: name.to_string() });
        }
        if has_collision(name, other) {
            return Err(TopicNameError::Collides { name: name.to_string(), existing: other.to_string() });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn legal_names() {
        for name in ["orders", "a", "A-b_c.d", "0", "...", "._-", &"x".repeat(249)] {
            assert_eq!(validate_topic_name(name), Ok(()), "{name}");
        }
    }

    #[test]
    fn each_rule_reports_itself() {
        let cases: &[(&str, TopicNameError)] = &[
            ("", TopicNameError::Empty),
            (".", TopicNameError::Dot),
            ("..", TopicNameError::DotDot),
            ("a b", TopicNameError::IllegalCharacter { name: "a b".into(), character: ' ' }),
            ("ordérs", TopicNameError::IllegalCharacter { name: "ordérs".into(), character: 'é' }),
            ("a/b", TopicNameError::IllegalCharacter { name: "a/b".into(), character: '/' }),
        ];
        for (name, err) in cases {
            assert_eq!(validate_topic_name(name).as_ref(), Err(err), "{name:?}");
        }
        assert_eq!(validate_topic_name(&"x".repeat(250)), Err(TopicNameError::TooLong { name: "x".repeat(250), length: 250 }));
    }

    #[test]
    fn collisions_duplicates_and_internal_names() {
        let existing = ["my.topic", "orders"];
        assert_eq!(
            validate_new_topic_name("my_topic", existing),
            Err(TopicNameError::Collides { name: "my_topic".into(), existing: "my.topic".into() })
        );
        assert_eq!(validate_new_topic_name("orders", existing), Err(TopicNameError::AlreadyExists { name: "orders".into() }));
        assert!(matches!(validate_new_topic_name("__consumer_offsets", existing), Err(TopicNameError::Internal { .. })));
        assert_eq!(validate_new_topic_name("payments", existing), Ok(()));
        assert!(has_collision("a.b_c", "a_b.c"));
        assert!(!has_collision("ab", "a_b"));
    }

    /// Kafka's exact words (`Topic.validate`, `ReplicationControlManager`), so a learner meets
    /// the same text on a real cluster.
    #[test]
    fn messages_are_kafkas() {
        let msg = |n: &str| validate_topic_name(n).unwrap_err().to_string();
        assert_eq!(msg(""), "Topic name is invalid: the empty string is not allowed");
        assert_eq!(msg("."), "Topic name is invalid: '.' is not allowed");
        assert_eq!(msg(".."), "Topic name is invalid: '..' is not allowed");
        assert_eq!(
            msg("a b"),
            "Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"
        );
        let long = "x".repeat(250);
        assert_eq!(msg(&long), format!("Topic name is invalid: the length of '{long}' is longer than the max allowed length 249"));
        assert_eq!(validate_new_topic_name("a_b", ["a.b"]).unwrap_err().to_string(), "Topic 'a_b' collides with existing topic: a.b");
        assert!(has_collision_chars("my.topic") && has_collision_chars("my_topic") && !has_collision_chars("my-topic"));
        assert!(COLLISION_WARNING.starts_with("WARNING: Due to limitations in metric names"));
    }
}
