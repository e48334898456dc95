//! joptsimple's `OptionParser` (5.0.4, the version Kafka pins) as Kafka's tools set it up:
//! `CommandDefaultOptions` builds `new OptionParser(false)`, so long options are never
//! abbreviated. What follows is joptsimple's behaviour, checked against the real parser by the
//! research notes of issue 25:
//!
//! * `--name value`, `--name=value`, and one dash for a long name too (`-topic foo`);
//! * an option that takes an argument always takes the next word, even one that looks like an
//!   option (`--topic --create` sets the topic to `--create`; `--shift-by -2` works);
//! * an option without an argument accepts `=value` and ignores it;
//! * `--` ends the options; other words are non-option arguments, which Kafka's tools ignore;
//! * values are typed when the tool reads them, not when parsing (`--partitions abc` parses;
//!   `int_of` then says `Cannot parse argument 'abc' of option partitions`).
//!
//! The messages are joptsimple's (`ExceptionMessages.properties`).

/// Whether an option takes an argument (`withRequiredArg`) or none (`accepts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    None,
    Required,
    /// `withOptionalArg`: the next word is its argument unless it looks like an option.
    Optional,
}

/// One option a tool declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OptionSpec {
    pub name: &'static str,
    pub arg: Arg,
}

impl OptionSpec {
    pub const fn flag(name: &'static str) -> OptionSpec {
        OptionSpec { name, arg: Arg::None }
    }
    pub const fn with_arg(name: &'static str) -> OptionSpec {
        OptionSpec { name, arg: Arg::Required }
    }
    pub const fn optional_arg(name: &'static str) -> OptionSpec {
        OptionSpec { name, arg: Arg::Optional }
    }
}

/// What a command line gave: each option given, in order, with its argument.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParsedOptions {
    given: Vec<(&'static str, Option<String>)>,
    pub non_options: Vec<String>,
}

impl ParsedOptions {
    /// `OptionSet.has`.
    pub fn has(&self, name: &str) -> bool {
        self.given.iter().any(|(n, _)| *n == name)
    }

    /// The options given, by name, in order (for "exactly one action" checks).
    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.given.iter().map(|(n, _)| *n)
    }

    /// Whether any of `names` was given.
    pub fn has_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.has(n))
    }

    /// `OptionSet.valuesOf`: every argument given to `name`, in order.
    pub fn values_of(&self, name: &str) -> Vec<&str> {
        self.given.iter().filter(|(n, _)| *n == name).filter_map(|(_, v)| v.as_deref()).collect()
    }

    /// `OptionSet.valueOf`: the one argument of `name`, None when not given.
    pub fn value_of(&self, name: &str) -> Result<Option<&str>, String> {
        let values = self.values_of(name);
        match values.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            _ => Err(format!("Found multiple arguments for option {name}, but you asked for only one")),
        }
    }

    /// `valueOf` of an `ofType(Integer.class)` option: Java's `Integer.valueOf`.
    pub fn int_of(&self, name: &str) -> Result<Option<i32>, String> {
        match self.value_of(name)? {
            None => Ok(None),
            Some(v) => v.parse::<i32>().map(Some).map_err(|_| format!("Cannot parse argument '{v}' of option {name}")),
        }
    }

    /// `valueOf` of an `ofType(Long.class)` option.
    pub fn long_of(&self, name: &str) -> Result<Option<i64>, String> {
        match self.value_of(name)? {
            None => Ok(None),
            Some(v) => v.parse::<i64>().map(Some).map_err(|_| format!("Cannot parse argument '{v}' of option {name}")),
        }
    }
}

/// Parses `words` (the words after the tool's name) against `specs`, as joptsimple does.
pub fn parse(specs: &[OptionSpec], words: &[String]) -> Result<ParsedOptions, String> {
    let mut out = ParsedOptions::default();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        if word == "--" {
            out.non_options.extend(words[i..].iter().cloned());
            break;
        }
        // joptsimple: a word that starts with '-' and is longer than '-' is an option.
        let Some(body) = word.strip_prefix("--").or_else(|| word.strip_prefix('-')).filter(|_| word.len() > 1) else {
            out.non_options.push(word.clone());
            continue;
        };
        let (name, inline) = match body.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (body, None),
        };
        let Some(spec) = specs.iter().find(|s| s.name == name) else {
            return Err(format!("{name} is not a recognized option"));
        };
        let value = match spec.arg {
            Arg::None => None,
            Arg::Required => match inline {
                Some(v) => Some(v),
                None => {
                    let Some(next) = words.get(i) else { return Err(format!("Option {name} requires an argument")) };
                    i += 1;
                    Some(next.clone())
                }
            },
            Arg::Optional => match inline {
                Some(v) => Some(v),
                None => match words.get(i) {
                    Some(next) if !(next.len() > 1 && next.starts_with('-')) => {
                        i += 1;
                        Some(next.clone())
                    }
                    _ => None,
                },
            },
        };
        out.given.push((spec.name, value));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: [OptionSpec; 6] = [
        OptionSpec::flag("create"),
        OptionSpec::flag("list"),
        OptionSpec::with_arg("topic"),
        OptionSpec::with_arg("partitions"),
        OptionSpec::with_arg("config"),
        OptionSpec::with_arg("shift-by"),
    ];

    fn p(line: &str) -> Result<ParsedOptions, String> {
        parse(&SPECS, &crate::tools::shell_words::split_words(line).unwrap())
    }

    /// The table of verified joptsimple 5.0.4 results in the issue 25 research notes.
    #[test]
    fn parses_as_joptsimple_does() {
        assert_eq!(p("--topic foo").unwrap().value_of("topic").unwrap(), Some("foo"));
        assert_eq!(p("--topic=foo").unwrap().value_of("topic").unwrap(), Some("foo"));
        assert_eq!(p("-topic foo").unwrap().value_of("topic").unwrap(), Some("foo"));
        assert_eq!(p("-topic=foo").unwrap().value_of("topic").unwrap(), Some("foo"));
        assert_eq!(p("---topic x").unwrap_err(), "-topic is not a recognized option");
        assert_eq!(p("--creat").unwrap_err(), "creat is not a recognized option", "no abbreviations");
        assert_eq!(p("-x").unwrap_err(), "x is not a recognized option");
        assert_eq!(p("--Topic x").unwrap_err(), "Topic is not a recognized option");
        assert_eq!(p("--topic").unwrap_err(), "Option topic requires an argument");
        assert_eq!(p("--topic --create").unwrap().value_of("topic").unwrap(), Some("--create"));
        assert!(!p("--topic --create").unwrap().has("create"));
        assert_eq!(p("--shift-by -2").unwrap().value_of("shift-by").unwrap(), Some("-2"));
        let parsed = p("--partitions abc").unwrap();
        assert_eq!(parsed.int_of("partitions").unwrap_err(), "Cannot parse argument 'abc' of option partitions");
        assert_eq!(
            p("--topic a --topic b").unwrap().value_of("topic").unwrap_err(),
            "Found multiple arguments for option topic, but you asked for only one"
        );
        assert_eq!(p("--config a=1 --config b=2").unwrap().values_of("config"), ["a=1", "b=2"]);
        assert!(p("--list --list").unwrap().has("list"));
        assert!(p("--list=true").unwrap().has("list"));
        assert_eq!(p("extra --list").unwrap().non_options, ["extra"]);
        assert_eq!(p("--list -- --topic x").unwrap().non_options, ["--topic", "x"]);
        assert_eq!(p("- --list").unwrap().non_options, ["-"]);
        assert_eq!(p("--partitions 3").unwrap().int_of("partitions").unwrap(), Some(3));
        assert_eq!(p("--create --topic t").unwrap().names().collect::<Vec<_>>(), ["create", "topic"]);
    }

    #[test]
    fn random_command_lines_always_answer() {
        let mut rng = crate::rng::Rng::new(11);
        let pieces = ["--topic", "--list", "--create", "-x", "=", "a", "--", "-", "--partitions", "3", "--config", "k=v", "---"];
        for _ in 0..5_000 {
            let n = rng.below(8) as usize;
            let words: Vec<String> = (0..n).map(|_| pieces[rng.below(pieces.len() as u64) as usize].to_string()).collect();
            if let Ok(o) = parse(&SPECS, &words) {
                let _ = o.int_of("partitions");
                let _ = o.value_of("topic");
            }
        }
    }
}
