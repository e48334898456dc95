//! Kafka's shell tools, as the terminal and `ksim sh` run them (issue 25). The foundation so
//! far: a command line split into words as a POSIX shell splits them (`shell_words`), and
//! joptsimple's option parsing as Kafka's tools configure it (`option_parser`). The tools
//! themselves follow, one file per tool class (`TopicCommand`, `ConsoleProducer`, ...), with the
//! formats in the notes of the session that researched them.

pub mod option_parser;
pub mod shell_words;
