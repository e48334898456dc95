//! The course index (`lessons/index.json`, `docs/lessons.md`): the lessons in the course's
//! order, each with what the course list shows of it (its title and one-line summary), so the
//! list is one small download and a lesson's file is fetched only when it is opened.
//!
//! Version 1 listed the ids alone: a page reading one fetches every lesson file for the list's
//! titles, as it did before version 2 (an instructor's own course keeps working). The course's
//! own index is written from the lesson files by `ksim course lessons` (`CourseIndex::of_lessons`),
//! and the course check (`engine/tests/lessons.rs`) fails when it no longer matches them.

use crate::lesson::{check_text, LessonFile, Text};
use serde::{Deserialize, Serialize};

pub const COURSE_FORMAT: &str = "kafka-sandbox-course";
/// The version written; 1 is still read.
pub const COURSE_VERSION: u32 = 2;
/// Lessons one course lists (and so, for a version-1 index, the fetches the course list makes).
pub const COURSE_LESSONS_MAX: usize = 100;
/// Largest index taken from outside, checked before decoding: 100 lessons' titles and summaries
/// in two languages fit with room to spare (the course's 27 take ~14 KB).
pub const COURSE_BYTES_MAX: usize = 256 << 10;

/// Whether `id` can name a lesson file: what the URL's `?lesson=` and the index may hold.
pub fn valid_lesson_id(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What the course list shows of a lesson.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    pub title: Text,
    pub summary: Text,
}

impl Listing {
    pub fn of(lesson: &LessonFile) -> Listing {
        Listing { title: lesson.title.clone(), summary: lesson.summary.clone() }
    }
}

/// One lesson of the course: its id, and its listing when the index carries it (version 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseLesson {
    pub id: String,
    pub listing: Option<Listing>,
}

/// A course index as decoded (`lessons` holds ids for version 1, listings for version 2);
/// `check` turns it into the course. The app decodes it from JSON as `CourseIndex::from_json`
/// does here: the library itself reads no JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseIndex {
    pub format: String,
    pub version: u32,
    pub lessons: Vec<IndexEntry>,
}

/// One entry of the index's `lessons`: an id (version 1) or an id with its listing (version 2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum IndexEntry {
    Id(String),
    Listed(ListedEntry),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListedEntry {
    pub id: String,
    pub title: Text,
    pub summary: Text,
}

// By hand rather than `#[serde(untagged)]`: the derived untagged decoder buffers each entry
// and says only "did not match any variant"; this one says what was wrong in the entry.
impl<'de> Deserialize<'de> for IndexEntry {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = IndexEntry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a lesson id, or {\"id\", \"title\", \"summary\"}")
            }
            fn visit_str<E: serde::de::Error>(self, id: &str) -> Result<IndexEntry, E> {
                Ok(IndexEntry::Id(id.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<IndexEntry, A::Error> {
                ListedEntry::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(IndexEntry::Listed)
            }
        }
        d.deserialize_any(Entry)
    }
}

impl CourseIndex {
    /// Checks a decoded index whole: its format and version, the shape of its entries for that
    /// version, its ids (valid, each once), their count, and the listings' texts.
    pub fn check(self) -> Result<Vec<CourseLesson>, String> {
        if self.format != COURSE_FORMAT {
            return Err(format!("not a Kafka Sandbox course index (format {:?})", self.format));
        }
        if self.version == 0 || self.version > COURSE_VERSION {
            return Err(format!("course index version {} is not one this Kafka Sandbox reads (1..={COURSE_VERSION})", self.version));
        }
        if self.lessons.len() > COURSE_LESSONS_MAX {
            return Err(format!("the course lists {} lessons; at most {COURSE_LESSONS_MAX}", self.lessons.len()));
        }
        let mut lessons: Vec<CourseLesson> = Vec::with_capacity(self.lessons.len());
        for entry in self.lessons {
            let lesson = match (self.version, entry) {
                (1, IndexEntry::Id(id)) => CourseLesson { id, listing: None },
                (2, IndexEntry::Listed(e)) => {
                    for (field, text) in [("title", &e.title), ("summary", &e.summary)] {
                        check_text(&format!("{}: {field}", e.id), text).map_err(|e| e.0)?;
                    }
                    CourseLesson { id: e.id, listing: Some(Listing { title: e.title, summary: e.summary }) }
                }
                (1, _) => return Err("a version-1 course index lists lesson ids".into()),
                _ => return Err("a version-2 course index lists {\"id\", \"title\", \"summary\"} for each lesson".into()),
            };
            if !valid_lesson_id(&lesson.id) {
                return Err(format!("{:?} is not a lesson id (a-z, 0-9 and -)", lesson.id));
            }
            if lessons.iter().any(|earlier| earlier.id == lesson.id) {
                return Err(format!("{:?} is listed twice", lesson.id));
            }
            lessons.push(lesson);
        }
        Ok(lessons)
    }

    /// Reads a course index from outside: bounded before decoding, then checked (`check`).
    #[cfg(feature = "cli")]
    pub fn from_json(text: &str) -> Result<Vec<CourseLesson>, String> {
        if text.len() > COURSE_BYTES_MAX {
            return Err(format!("the course index is {} bytes; at most {COURSE_BYTES_MAX} are read", text.len()));
        }
        let index: CourseIndex = serde_json::from_str(text).map_err(|e| format!("not a course index: {e}"))?;
        index.check()
    }

    /// The index (version 2) for these lessons, in order: what `ksim course` writes.
    pub fn of_lessons(lessons: &[(String, LessonFile)]) -> CourseIndex {
        CourseIndex {
            format: COURSE_FORMAT.into(),
            version: COURSE_VERSION,
            lessons: lessons
                .iter()
                .map(|(id, l)| IndexEntry::Listed(ListedEntry { id: id.clone(), title: l.title.clone(), summary: l.summary.clone() }))
                .collect(),
        }
    }
}

#[cfg(all(test, feature = "cli"))]
mod tests {
    use super::*;

    fn text(en: &str, ko: &str) -> Text {
        let mut t = Text::new();
        t.insert("en".into(), en.into());
        t.insert("ko".into(), ko.into());
        t
    }

    const V2: &str = r#"{"format": "kafka-sandbox-course", "version": 2, "lessons": [
        {"id": "a-1", "title": {"en": "A", "ko": "가"}, "summary": {"en": "about a", "ko": "가에 대해"}},
        {"id": "b", "title": {"en": "B"}, "summary": {"en": "about b"}}]}"#;

    #[test]
    fn version_2_carries_each_lessons_title_and_summary_in_order() {
        let c = CourseIndex::from_json(V2).unwrap();
        assert_eq!(c.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(), ["a-1", "b"]);
        assert_eq!(c[0].listing, Some(Listing { title: text("A", "가"), summary: text("about a", "가에 대해") }));
        assert_eq!(c[1].listing.as_ref().map(|l| LessonFile::text(&l.title, "ko")), Some("B"), "Korean falls back to English");
    }

    #[test]
    fn version_1_lists_ids_without_listings() {
        let c = CourseIndex::from_json(r#"{"format": "kafka-sandbox-course", "version": 1, "lessons": ["x", "y"]}"#).unwrap();
        assert_eq!(c, vec![CourseLesson { id: "x".into(), listing: None }, CourseLesson { id: "y".into(), listing: None }]);
    }

    #[test]
    fn a_bad_index_is_a_message() {
        let bad = |t: &str, says: &str| {
            let e = CourseIndex::from_json(t).unwrap_err();
            assert!(e.contains(says), "{t}: {e}");
        };
        bad("[]", "not a course index");
        bad(r#"{"format": "other", "version": 2, "lessons": []}"#, "not a Kafka Sandbox course index");
        bad(r#"{"format": "kafka-sandbox-course", "version": 3, "lessons": []}"#, "version 3");
        bad(r#"{"format": "kafka-sandbox-course", "version": 2, "lessons": ["x"]}"#, "a version-2 course index lists");
        bad(
            r#"{"format": "kafka-sandbox-course", "version": 1, "lessons": [{"id": "x", "title": {"en": "t"}, "summary": {"en": "s"}}]}"#,
            "a version-1 course index lists",
        );
        bad(
            r#"{"format": "kafka-sandbox-course", "version": 2, "lessons": [{"id": "x", "title": {"en": "t"}}]}"#,
            "missing field `summary`",
        );
        bad(r#"{"format": "kafka-sandbox-course", "version": 2, "lessons": [3]}"#, "a lesson id, or");
        bad(r#"{"format": "kafka-sandbox-course", "version": 1, "lessons": ["x"], "more": 1}"#, "unknown field");
        bad(r#"{"format": "kafka-sandbox-course", "version": 1, "lessons": ["X/../y"]}"#, "not a lesson id");
        bad(r#"{"format": "kafka-sandbox-course", "version": 1, "lessons": ["x", "y", "x"]}"#, "listed twice");
        bad(
            r#"{"format": "kafka-sandbox-course", "version": 2, "lessons": [{"id": "x", "title": {"ko": "가"}, "summary": {"en": "s"}}]}"#,
            "x: title: the English text",
        );
        let long = format!(
            r#"{{"format": "kafka-sandbox-course", "version": 2, "lessons": [{{"id": "x", "title": {{"en": "t"}}, "summary": {{"en": "{}"}}}}]}}"#,
            "s".repeat(5000)
        );
        bad(&long, "x: summary.en: 5000 bytes");
        let many = format!(
            r#"{{"format": "kafka-sandbox-course", "version": 1, "lessons": [{}]}}"#,
            (0..=COURSE_LESSONS_MAX).map(|i| format!("\"l{i}\"")).collect::<Vec<_>>().join(",")
        );
        bad(&many, "at most 100");
        bad(&" ".repeat(COURSE_BYTES_MAX + 1), "at most 262144 are read");
    }

    #[test]
    fn what_ksim_writes_reads_back() {
        let lesson = LessonFile::from_json(include_str!("../../lessons/leader-election.json")).unwrap();
        let written = serde_json::to_string_pretty(&CourseIndex::of_lessons(&[("leader-election".into(), lesson.clone())])).unwrap();
        let read = CourseIndex::from_json(&written).unwrap();
        assert_eq!(read, vec![CourseLesson { id: "leader-election".into(), listing: Some(Listing::of(&lesson)) }]);
    }
}
