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
    DotOrDotDot,
    TooLong { length: usize },
    IllegalCharacter { character: char },
    Internal { name: String },
    Collides { name: String, existing: String },
    AlreadyExists { name: String },
}

impl fmt::Display for TopicNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Wording follows Kafka's messages, so a learner meets the same text on a real cluster.
        match self {
            TopicNameError::Empty => write!(f, "Topic name is illegal, it can't be empty"),
            TopicNameError::DotOrDotDot => write!(f, "Topic name cannot be \".\" or \"..\""),
            TopicNameError::TooLong { length } => write!(
                f,
                "Topic name is illegal, it can't be longer than {TOPIC_NAME_LENGTH_MAX} characters ({length} given)"
            ),
            TopicNameError::IllegalCharacter { character } => write!(
                f,
                "Topic name is illegal, it contains {character:?}, a character other than ASCII alphanumerics, '.', '_' and '-'"
            ),
            TopicNameError::Internal { name } => write!(f, "Creation of internal topic {name} is prohibited."),
            TopicNameError::Collides { name, existing } => write!(
                f,
                "Topic '{name}' collides with existing topic: {existing} ('.' and '_' are treated as the same character)"
            ),
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
    if name == "." || name == ".." {
        return Err(TopicNameError::DotOrDotDot);
    }
    // Kafka counts Java chars; every legal name is ASCII, so the byte length is the same for
    // every name that could pass the character rule below.
    let length = name.chars().count();
    if length > TOPIC_NAME_LENGTH_MAX {
        return Err(TopicNameError::TooLong { length });
    }
    if let Some(character) = name.chars().find(|c| !is_legal_char(*c)) {
        return Err(TopicNameError::IllegalCharacter { character });
    }
    Ok(())
}

fn is_legal_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '_' || c == '-'
}

/// `Topic.hasCollision`: `a.b` and `a_b` collide.
pub fn has_collision(a: &str, b: &str) -> bool {
    a.replace('.', "_") == b.replace('.', "_")
}

/// Everything CreateTopics checks about a name, against the topics that exist.
pub fn validate_new_topic_name<'a>(
    name: &str,
    existing: impl IntoIterator<Item = &'a str>,
) -> Result<(), TopicNameError> {
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
            (".", TopicNameError::DotOrDotDot),
            ("..", TopicNameError::DotOrDotDot),
            ("a b", TopicNameError::IllegalCharacter { character: ' ' }),
            ("ordérs", TopicNameError::IllegalCharacter { character: 'é' }),
            ("a/b", TopicNameError::IllegalCharacter { character: '/' }),
        ];
        for (name, err) in cases {
            assert_eq!(validate_topic_name(name).as_ref(), Err(err), "{name:?}");
        }
        assert_eq!(validate_topic_name(&"x".repeat(250)), Err(TopicNameError::TooLong { length: 250 }));
    }

    #[test]
    fn collisions_duplicates_and_internal_names() {
        let existing = ["my.topic", "orders"];
        assert_eq!(
            validate_new_topic_name("my_topic", existing),
            Err(TopicNameError::Collides { name: "my_topic".into(), existing: "my.topic".into() })
        );
        assert_eq!(
            validate_new_topic_name("orders", existing),
            Err(TopicNameError::AlreadyExists { name: "orders".into() })
        );
        assert!(matches!(validate_new_topic_name("__consumer_offsets", existing), Err(TopicNameError::Internal { .. })));
        assert_eq!(validate_new_topic_name("payments", existing), Ok(()));
        assert!(has_collision("a.b_c", "a_b.c"));
        assert!(!has_collision("ab", "a_b"));
    }

    #[test]
    fn messages_name_the_rule() {
        let msg = validate_topic_name("a b").unwrap_err().to_string();
        assert!(msg.contains("ASCII alphanumerics"), "{msg}");
        let msg = validate_topic_name(&"x".repeat(300)).unwrap_err().to_string();
        assert!(msg.contains("249"), "{msg}");
    }
}
