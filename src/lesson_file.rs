//! Lesson files from outside (the course's `lessons/*.json`, served beside the app, or a file
//! an instructor opens): bounded before they are decoded, then checked whole by the engine
//! (`LessonFile::check`), so a malformed or hostile file is a clear message and never a panic.
//! Also the course's index and the learner's progress through it, kept in `localStorage`.

use crate::i18n::key;
use engine::course::{CourseIndex, CourseLesson, COURSE_BYTES_MAX};
use engine::lesson::{LessonFile, LESSON_BYTES_MAX};
use engine::vec_map::VecMap;

pub use engine::course::valid_lesson_id;

/// Decodes the course index (`engine::course`: as `ksim course` writes it, or version 1).
pub fn decode_course(text: &str) -> Result<Vec<CourseLesson>, String> {
    if text.len() > COURSE_BYTES_MAX {
        return Err(format!("the course index is {} bytes; at most {COURSE_BYTES_MAX} are read", text.len()));
    }
    let index: CourseIndex = serde_json::from_str(text).map_err(|e| format!("not a course index: {e}"))?;
    index.check()
}

/// Decodes a lesson file.
pub fn decode_lesson(text: &str) -> Result<LessonFile, String> {
    if text.len() > LESSON_BYTES_MAX {
        return Err(format!("the lesson file is {} bytes; at most {LESSON_BYTES_MAX} are read", text.len()));
    }
    let lesson: LessonFile = serde_json::from_str(text).map_err(|e| format!("not a lesson file: {e}"))?;
    lesson.check().map_err(|e| e.0)?;
    Ok(lesson)
}

/// Where a learner is with one lesson.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum LessonStatus {
    NotStarted,
    InProgress,
    Done,
}

impl LessonStatus {
    fn code(self) -> char {
        match self {
            LessonStatus::NotStarted => 'n',
            LessonStatus::InProgress => 'p',
            LessonStatus::Done => 'd',
        }
    }

    /// The catalogue key of its name.
    pub fn key(self) -> &'static str {
        match self {
            LessonStatus::NotStarted => key("lesson-status-not-started"),
            LessonStatus::InProgress => key("lesson-status-in-progress"),
            LessonStatus::Done => key("lesson-status-done"),
        }
    }
}

/// The learner's progress through the course, as `localStorage` keeps it: `id:d,id:p`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CourseProgress(pub VecMap<String, LessonStatus>);

/// The most lessons remembered (the stored string stays small whatever was stored before).
const PROGRESS_ENTRIES_MAX: usize = 200;

impl CourseProgress {
    /// Reads what `encode` wrote; anything else in the string is skipped, never an error (the
    /// storage is the browser's and anyone's to edit).
    pub fn decode(s: &str) -> Self {
        let mut map = VecMap::new();
        for entry in s.split(',').take(PROGRESS_ENTRIES_MAX) {
            let Some((id, code)) = entry.split_once(':') else { continue };
            let status = match code {
                "p" => LessonStatus::InProgress,
                "d" => LessonStatus::Done,
                _ => continue,
            };
            if valid_lesson_id(id) {
                map.insert(id.to_string(), status);
            }
        }
        CourseProgress(map)
    }

    pub fn encode(&self) -> String {
        self.0
            .iter()
            .filter(|(_, s)| **s != LessonStatus::NotStarted)
            .take(PROGRESS_ENTRIES_MAX)
            .map(|(id, s)| format!("{id}:{}", s.code()))
            .collect::<Vec<_>>()
            .join(",")
    }

    pub fn status(&self, id: &str) -> LessonStatus {
        self.0.get(id).copied().unwrap_or(LessonStatus::NotStarted)
    }

    /// Moves a lesson forward (a done lesson stays done when it is opened again).
    pub fn advance(&mut self, id: &str, to: LessonStatus) {
        if valid_lesson_id(id) && self.status(id) < to {
            self.0.insert(id.to_string(), to);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LESSON: &str = include_str!("../lessons/leader-election.json");

    #[test]
    fn the_course_lessons_decode() {
        let lesson = decode_lesson(LESSON).unwrap();
        assert!(LessonFile::text(&lesson.title, "ko").chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)));
        let course = decode_course(include_str!("../lessons/index.json")).unwrap();
        let listed = course.iter().find(|l| l.id == "leader-election").and_then(|l| l.listing.as_ref()).unwrap();
        assert_eq!(listed.title, lesson.title, "the index lists the lesson's own title");
    }

    #[test]
    fn bad_files_are_messages_not_panics() {
        assert!(decode_lesson("").unwrap_err().starts_with("not a lesson file"));
        assert!(decode_lesson("{\"format\": 3}").unwrap_err().starts_with("not a lesson file"));
        let big = " ".repeat(LESSON_BYTES_MAX + 1);
        assert!(decode_lesson(&big).unwrap_err().contains("at most"));
        // A well-formed file that breaks a rule: the engine's check says which.
        let no_goals = LESSON.replacen("\"goals\": [", "\"goals\": [], \"x_goals\": [", 1);
        assert!(decode_lesson(&no_goals).is_err());
        let wrong_format = LESSON.replacen("kafka-sandbox-lesson", "something-else", 1);
        assert!(decode_lesson(&wrong_format).unwrap_err().contains("not a Kafka Sandbox lesson"));
        assert!(decode_course("{\"format\":\"kafka-sandbox-course\",\"version\":1,\"lessons\":[\"../etc\"]}").is_err());
        assert!(decode_course("[]").is_err());
        // Nested brackets deep enough to exhaust a recursive decoder: refused, not a crash.
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(decode_lesson(&deep).is_err());
    }

    #[test]
    fn progress_survives_its_own_encoding_and_ignores_junk() {
        let mut p = CourseProgress::default();
        p.advance("topics", LessonStatus::InProgress);
        p.advance("acks", LessonStatus::Done);
        p.advance("acks", LessonStatus::InProgress);
        assert_eq!(p.status("acks"), LessonStatus::Done, "a done lesson stays done");
        let s = p.encode();
        assert_eq!(CourseProgress::decode(&s), p);
        let junk = CourseProgress::decode("acks:d,,:p,BAD:d,x:q,nocolon,topics:p");
        assert_eq!(junk.status("acks"), LessonStatus::Done);
        assert_eq!(junk.status("topics"), LessonStatus::InProgress);
        assert_eq!(junk.0.len(), 2);
    }
}
