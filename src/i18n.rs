//! The page's words in the learner's language. Every visible string, accessible name, title and
//! narration line comes from a catalogue: one per locale, the files `locales/<lang>/*.ftl`
//! (one file per part of the page, so a panel's strings sit together), in a subset of Project
//! Fluent's syntax that translators can read and check with Fluent's own tools:
//!
//! ```text
//! # a comment
//! broker-stop = Stop broker { $id }
//! records = { $n ->
//!     [one] { $n } record
//!    *[other] { $n } records
//! }
//! ```
//!
//! Supported: messages (`key = text`, indented continuation lines joined with a space),
//! variables (`{ $name }`), string literals (`{ "{" }`), and select expressions on a variable
//! with exact-number variants (`[0]`) and plural categories (`[one]`, `[other]`: CLDR's rules
//! for English; Korean has only `other`), the default marked `*`. Not supported, and refused
//! by the tests: terms, attributes, functions. The README says why this and not
//! `fluent-bundle` (download size; two locales' plural rules are two lines).
//!
//! A key missing in a locale shows the English text; a key missing in English (a bug the
//! catalogue test catches) shows the key, never an empty element.

use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The page's languages. Adding one: a `locales/<lang>/` directory with every file, a variant
/// here, its files in `sources`, its plural rule in `plural_category`, and its name in `NAMES`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ko,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ko];

    /// The BCP 47 tag (`<html lang>`, `?lang=`).
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// The language's own name, for the switch (shown as is in every locale).
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ko => "한국어",
        }
    }

    /// `?lang=` or a browser language (`ko-KR`, `en-US`): the primary subtag decides; anything
    /// else is `None` (the caller falls back).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.tag() == primary)
    }

    /// The language to start in: `?lang=`, else the first of the browser's languages we have,
    /// else English. An unknown `?lang=` value is ignored, not an error.
    pub fn choose<'a>(query: Option<&str>, browser: impl IntoIterator<Item = &'a str>) -> Lang {
        query.and_then(Lang::parse).or_else(|| browser.into_iter().find_map(Lang::parse)).unwrap_or_default()
    }

    /// The catalogue's files built into the app, if they are: every language everywhere except
    /// the hosted site's build (`--cfg ks_split`), where each is data (issue 26: "catalogues
    /// are data"), one file that index.html starts fetching beside the .wasm for the page's
    /// language, and any other when the page switches to it (`ui::language::load_catalogue`;
    /// scripts/catalogues.mjs makes the files). So a Korean page downloads no English words:
    /// the catalogue test holds every locale to the same keys, so Korean never falls back.
    fn built_in(self) -> Option<&'static [(&'static str, &'static str)]> {
        match self {
            Lang::En => EN,
            Lang::Ko => KO,
        }
    }

    /// Natively (the tests) every catalogue is built in.
    #[cfg(test)]
    fn sources(self) -> &'static [(&'static str, &'static str)] {
        self.built_in().unwrap_or_default()
    }
}

/// A catalogue's files, embedded: (file name, text). Not where the words are data (the hosted
/// site's `ks_split` build fetches them).
#[cfg(not(ks_split))]
macro_rules! catalogue_files {
    ($lang:literal: $($file:literal),* $(,)?) => {
        &[$(($file, include_str!(concat!("../locales/", $lang, "/", $file)))),*]
    };
}
/// The files of every locale (the catalogue test checks both lists name the same files).
pub const FILES: &[&str] =
    &["page.ftl", "cluster.ftl", "groups.ftl", "topics.ftl", "producers.ftl", "events.ftl", "lessons.ftl", "storage.ftl", "terminal.ftl"];
#[cfg(not(ks_split))]
const EN: Option<&[(&str, &str)]> = Some(
    catalogue_files!("en": "page.ftl", "cluster.ftl", "groups.ftl", "topics.ftl", "producers.ftl", "events.ftl", "lessons.ftl", "storage.ftl", "terminal.ftl"),
);
#[cfg(ks_split)]
const EN: Option<&[(&str, &str)]> = None;
#[cfg(not(ks_split))]
const KO: Option<&[(&str, &str)]> = Some(
    catalogue_files!("ko": "page.ftl", "cluster.ftl", "groups.ftl", "topics.ftl", "producers.ftl", "events.ftl", "lessons.ftl", "storage.ftl", "terminal.ftl"),
);
#[cfg(ks_split)]
const KO: Option<&[(&str, &str)]> = None;

/// A value for a `{ $name }`: text as it is, or a number (a number selects plural variants).
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Str(String),
    /// Printed as is: ids, offsets, partitions (Kafka's tools print them without grouping).
    Num(i64),
    /// Printed with thousands separators: counts and rates ("1,000 records/s").
    Count(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
macro_rules! num_arg {
    ($($t:ty),*) => { $(impl From<$t> for Arg { fn from(n: $t) -> Self { Arg::Num(n as i64) } })* };
}
num_arg!(i16, i32, i64, u8, u16, u32, u64, usize);

/// A count, printed with grouping ("12,345").
pub fn count(n: impl TryInto<i64>) -> Arg {
    Arg::Count(n.try_into().unwrap_or(i64::MAX))
}

/// A message key as code names it where the lookup is not a literal `t("…")`/`f("…")` call
/// (a match over an enum): the catalogue test finds keys by these three forms.
pub const fn key(k: &'static str) -> &'static str {
    k
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Var(String),
    Select { var: String, variants: Vec<(VariantKey, Vec<Piece>)>, default: usize },
}

#[derive(Debug, Clone, PartialEq)]
enum VariantKey {
    Exact(i64),
    Category(String),
}

/// One locale's messages.
#[derive(Debug, Default)]
pub struct Catalogue {
    lang: Lang,
    messages: BTreeMap<String, Vec<Piece>>,
}

/// A line of a catalogue file the parser could not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

/// Most lines one file may have (the bound on work before reading data from anywhere).
const LINES_MAX: usize = 20_000;

impl Catalogue {
    /// Parses `files`; bad entries are skipped and reported (the page shows English for them).
    pub fn parse(lang: Lang, files: &[(&str, &str)]) -> (Catalogue, Vec<ParseError>) {
        let mut cat = Catalogue { lang, messages: BTreeMap::new() };
        let mut errors = Vec::new();
        for (file, text) in files {
            let lines: Vec<&str> = text.lines().take(LINES_MAX).collect();
            let mut i = 0;
            while i < lines.len() {
                let line = lines[i];
                let start = i;
                i += 1;
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let err = |message: String| ParseError { file: file.to_string(), line: start + 1, message };
                if line.starts_with([' ', '\t']) {
                    errors.push(err("an indented line outside a message".into()));
                    continue;
                }
                let Some((id, first)) = line.split_once('=') else {
                    errors.push(err("expected `key = text`".into()));
                    continue;
                };
                let id = id.trim();
                if !valid_id(id) {
                    errors.push(err(format!("`{id}` is not a message key (a-z, 0-9 and -)")));
                    continue;
                }
                // The message's lines: the first, then every indented (or `}`) line after it.
                let mut body = vec![first.trim()];
                while i < lines.len() && (lines[i].starts_with([' ', '\t']) || lines[i].trim_start().starts_with('}')) {
                    body.push(lines[i].trim());
                    i += 1;
                }
                match parse_body(&body) {
                    Ok(pieces) => {
                        if cat.messages.insert(id.to_string(), pieces).is_some() {
                            errors.push(err(format!("`{id}` is defined twice")));
                        }
                    }
                    Err(m) => errors.push(err(format!("`{id}`: {m}"))),
                }
            }
        }
        (cat, errors)
    }

    pub fn has(&self, key: &str) -> bool {
        self.messages.contains_key(key)
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.messages.keys().map(String::as_str)
    }

    /// The variables a message uses (selectors and placeables), for the catalogue test.
    pub fn variables(&self, key: &str) -> std::collections::BTreeSet<String> {
        fn walk(pieces: &[Piece], out: &mut std::collections::BTreeSet<String>) {
            for p in pieces {
                match p {
                    Piece::Text(_) => {}
                    Piece::Var(v) => {
                        out.insert(v.clone());
                    }
                    Piece::Select { var, variants, .. } => {
                        out.insert(var.clone());
                        for (_, body) in variants {
                            walk(body, out);
                        }
                    }
                }
            }
        }
        let mut out = std::collections::BTreeSet::new();
        if let Some(p) = self.messages.get(key) {
            walk(p, &mut out);
        }
        out
    }

    fn format(&self, key: &str, args: &[(&str, Arg)]) -> Option<String> {
        let pieces = self.messages.get(key)?;
        let mut out = String::new();
        self.write(pieces, args, &mut out);
        Some(out)
    }

    fn write(&self, pieces: &[Piece], args: &[(&str, Arg)], out: &mut String) {
        for p in pieces {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Var(name) => match args.iter().find(|(n, _)| n == name) {
                    Some((_, a)) => push_arg(a, out),
                    // A missing argument shows its name, as Fluent does: visible, never empty.
                    None => {
                        out.push_str("{$");
                        out.push_str(name);
                        out.push('}');
                    }
                },
                Piece::Select { var, variants, default } => {
                    let value = args.iter().find(|(n, _)| n == var).map(|(_, a)| a);
                    let number = match value {
                        Some(Arg::Num(n) | Arg::Count(n)) => Some(*n),
                        Some(Arg::Str(s)) => s.parse().ok(),
                        None => None,
                    };
                    let category = number.map(|n| plural_category(self.lang, n));
                    let chosen = variants
                        .iter()
                        .position(|(k, _)| matches!(k, VariantKey::Exact(e) if Some(*e) == number))
                        .or_else(|| variants.iter().position(|(k, _)| matches!(k, VariantKey::Category(c) if Some(c.as_str()) == category)))
                        .or_else(|| {
                            let s = match value {
                                Some(Arg::Str(s)) => Some(s.as_str()),
                                _ => None,
                            };
                            variants.iter().position(|(k, _)| matches!(k, VariantKey::Category(c) if Some(c.as_str()) == s))
                        })
                        .unwrap_or(*default);
                    if let Some((_, body)) = variants.get(chosen) {
                        self.write(body, args, out);
                    }
                }
            }
        }
    }
}

fn push_arg(a: &Arg, out: &mut String) {
    match a {
        Arg::Str(s) => out.push_str(s),
        Arg::Num(n) => out.push_str(&n.to_string()),
        Arg::Count(n) => out.push_str(&grouped(*n)),
    }
}

/// `12345` → `12,345` (English and Korean both group by thousands with a comma).
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// CLDR's plural category of an integer: English "one" for 1, else "other"; Korean "other".
fn plural_category(lang: Lang, n: i64) -> &'static str {
    match lang {
        Lang::En if n == 1 => "one",
        Lang::En | Lang::Ko => "other",
    }
}

fn valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A message's text (its lines after `=`) as pieces.
fn parse_body(lines: &[&str]) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut i = 0;
    // Text since the last placeable; continuation lines join with a space.
    let mut text = String::new();
    while i < lines.len() {
        let mut rest = lines[i];
        if i > 0 && !text.is_empty() && !rest.is_empty() {
            text.push(' ');
        }
        i += 1;
        while let Some(open) = rest.find('{') {
            text.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            if let Some(head) = after.trim_end().strip_suffix("->") {
                // A select: its variants are the next lines, up to one starting with `}`.
                let var = head.trim().strip_prefix('$').ok_or("a select must be on a `$variable`")?;
                flush(&mut text, &mut pieces);
                let (select, used) = parse_select(var, &lines[i..])?;
                pieces.push(select);
                i += used;
                // Text after the closing `}` on its line.
                rest = lines[i - 1].trim_start().strip_prefix('}').unwrap_or("");
                continue;
            }
            let close = after.find('}').ok_or("a `{` without its `}`")?;
            let inner = after[..close].trim();
            flush(&mut text, &mut pieces);
            pieces.push(parse_inline(inner)?);
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err("a `}` without its `{`".into());
        }
        text.push_str(rest);
    }
    flush(&mut text, &mut pieces);
    Ok(pieces)
}

fn flush(text: &mut String, pieces: &mut Vec<Piece>) {
    if !text.is_empty() {
        pieces.push(Piece::Text(std::mem::take(text)));
    }
}

/// `$name` or `"literal"`.
fn parse_inline(inner: &str) -> Result<Piece, String> {
    if let Some(var) = inner.strip_prefix('$') {
        if valid_var(var) {
            return Ok(Piece::Var(var.to_string()));
        }
        return Err(format!("`${var}` is not a variable name"));
    }
    if let Some(lit) = inner.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return Ok(Piece::Text(lit.to_string()));
    }
    Err(format!("`{{ {inner} }}`: only variables and string literals are supported"))
}

fn valid_var(v: &str) -> bool {
    let mut chars = v.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The variants of a select on `var`, one per line, then a line starting with `}`. Returns the
/// select and the lines used (the closing line included).
fn parse_select(var: &str, lines: &[&str]) -> Result<(Piece, usize), String> {
    if !valid_var(var) {
        return Err(format!("`${var}` is not a variable name"));
    }
    let mut variants = Vec::new();
    let mut default = None;
    for (n, line) in lines.iter().enumerate() {
        if line.starts_with('}') {
            let default = default.ok_or("a select needs one default variant (`*[other]`)")?;
            return Ok((Piece::Select { var: var.to_string(), variants, default }, n + 1));
        }
        let (is_default, line) = match line.strip_prefix('*') {
            Some(l) => (true, l),
            None => (false, *line),
        };
        let body = line.strip_prefix('[').ok_or("a variant starts with `[`")?;
        let (name, text) = body.split_once(']').ok_or("a variant's `[` without its `]`")?;
        let name = name.trim();
        let vkey = match name.parse::<i64>() {
            Ok(n) => VariantKey::Exact(n),
            Err(_) if valid_var(name) => VariantKey::Category(name.to_string()),
            Err(_) => return Err(format!("`[{name}]` is not a variant key")),
        };
        if is_default {
            if default.is_some() {
                return Err("two default variants".into());
            }
            default = Some(variants.len());
        }
        let text = text.trim();
        if text.contains("->") {
            return Err("a select inside a select".into());
        }
        variants.push((vkey, parse_body(&[text])?));
    }
    Err("a select without its closing `}`".into())
}

/// Each language's catalogue once it is there: a built-in one is parsed at its first lookup, a
/// fetched one is `install`ed. Never replaced (the page's words do not change under it).
static CATALOGUES: [OnceLock<Catalogue>; Lang::ALL.len()] = [const { OnceLock::new() }; Lang::ALL.len()];

fn catalogue(lang: Lang) -> Option<&'static Catalogue> {
    let cell = &CATALOGUES[lang as usize];
    if let Some(c) = cell.get() {
        return Some(c);
    }
    let files = lang.built_in()?;
    Some(cell.get_or_init(|| Catalogue::parse(lang, files).0))
}

/// Whether `lang`'s words are there (built in, or fetched and installed).
pub fn loaded(lang: Lang) -> bool {
    catalogue(lang).is_some()
}

/// Bound on a fetched catalogue, checked before it is parsed (both are under 80 KB).
pub const CATALOGUE_BYTES_MAX: usize = 1 << 20;

/// Why a fetched catalogue was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BundleError {
    TooLarge {
        bytes: usize,
    },
    /// The first line that did not parse (a damaged download: the page keeps its language
    /// rather than showing half of one).
    Parse(ParseError),
}

impl std::fmt::Display for BundleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BundleError::TooLarge { bytes } => write!(f, "{bytes} bytes, more than {CATALOGUE_BYTES_MAX}"),
            BundleError::Parse(e) => write!(f, "line {}: {}", e.line, e.message),
        }
    }
}

impl Catalogue {
    /// A fetched catalogue: one file, the locale's files one after the other
    /// (scripts/catalogues.mjs), refused whole if it is too large or any line is wrong.
    pub fn parse_bundle(lang: Lang, text: &str) -> Result<Catalogue, BundleError> {
        if text.len() > CATALOGUE_BYTES_MAX {
            return Err(BundleError::TooLarge { bytes: text.len() });
        }
        let (c, mut errors) = Catalogue::parse(lang, &[(lang.tag(), text)]);
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(BundleError::Parse(errors.swap_remove(0)))
        }
    }
}

/// Installs `lang`'s fetched catalogue. A second install (two loads raced) keeps the first.
pub fn install(lang: Lang, text: &str) -> Result<(), BundleError> {
    if loaded(lang) {
        return Ok(());
    }
    let c = Catalogue::parse_bundle(lang, text)?;
    let _ = CATALOGUES[lang as usize].set(c);
    Ok(())
}

/// Looks words up in one language, falling back to English.
#[derive(Debug, Clone, Copy)]
pub struct Tr {
    lang: Lang,
}

impl Tr {
    pub fn new(lang: Lang) -> Tr {
        Tr { lang }
    }

    pub fn lang(self) -> Lang {
        self.lang
    }

    /// The message `key` without arguments.
    pub fn t(self, key: &str) -> String {
        self.f(key, &[])
    }

    /// The message `key` with its `{ $name }`s filled from `args`.
    pub fn f(self, key: &str, args: &[(&str, Arg)]) -> String {
        // Not there yet (a fetched catalogue on its way) or no such key: English.
        catalogue(self.lang)
            .and_then(|c| c.format(key, args))
            .or_else(|| catalogue(Lang::En).and_then(|en| en.format(key, args)))
            .unwrap_or_else(|| key.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(lang: Lang, text: &str) -> Catalogue {
        let (c, errors) = Catalogue::parse(lang, &[("t.ftl", text)]);
        assert!(errors.is_empty(), "{errors:?}");
        c
    }

    #[test]
    fn messages_variables_and_literals() {
        let c = cat(Lang::En, "# comment\n\nhello = Stop broker { $id }\nbrace = a { \"{\" } b\nlong = one\n    two\n");
        assert_eq!(c.format("hello", &[("id", 2u32.into())]).unwrap(), "Stop broker 2");
        assert_eq!(c.format("brace", &[]).unwrap(), "a { b");
        assert_eq!(c.format("long", &[]).unwrap(), "one two");
        assert_eq!(c.format("hello", &[]).unwrap(), "Stop broker {$id}", "a missing argument shows its name");
        assert!(c.format("nope", &[]).is_none());
    }

    #[test]
    fn plurals_by_locale_and_exact_numbers() {
        let text = "recs = { $n ->\n    [0] no records\n    [one] { $n } record\n   *[other] { $n } records\n} so far\n";
        let en = cat(Lang::En, text);
        let f = |c: &Catalogue, n: i64| c.format("recs", &[("n", count(n))]).unwrap();
        assert_eq!(f(&en, 0), "no records so far");
        assert_eq!(f(&en, 1), "1 record so far");
        assert_eq!(f(&en, 12345), "12,345 records so far");
        let ko = cat(Lang::Ko, "recs = { $n ->\n   *[other] 레코드 { $n }개\n}\n");
        assert_eq!(f(&ko, 1), "레코드 1개");
    }

    #[test]
    fn a_select_on_a_word_picks_the_variant_of_that_name() {
        let c = cat(Lang::En, "s = { $state ->\n    [stable] steady\n   *[other] moving\n}\n");
        assert_eq!(c.format("s", &[("state", "stable".into())]).unwrap(), "steady");
        assert_eq!(c.format("s", &[("state", "x".into())]).unwrap(), "moving");
    }

    #[test]
    fn bad_lines_are_reported_and_skipped() {
        let (c, errors) = Catalogue::parse(
            Lang::En,
            &[("t.ftl", "good = ok\nBad = x\nno equals\nopen = { $x\nsel = { $n ->\n [one] x\n}\nfn = { NUMBER($n) }\n")],
        );
        assert!(c.has("good"));
        let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![2, 3, 4, 5, 8], "{errors:?}");
        assert!(errors[3].message.contains("default variant"), "{errors:?}");
    }

    #[test]
    fn language_choice() {
        assert_eq!(Lang::choose(Some("ko"), []), Lang::Ko);
        assert_eq!(Lang::choose(Some("xx"), ["ko-KR", "en"]), Lang::Ko, "an unknown ?lang= falls through");
        assert_eq!(Lang::choose(None, ["fr-FR", "en-US"]), Lang::En);
        assert_eq!(Lang::choose(Some("<script>"), []), Lang::En);
    }

    #[test]
    fn grouping() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(-1234567), "-1,234,567");
    }

    /// Issue 21's catalogue checks: both locales parse cleanly, hold the same files and keys,
    /// and use the same variables per message; every key the code looks up exists, and every
    /// key exists because the code looks it up.
    mod catalogue {
        use super::super::*;
        use std::collections::BTreeSet;
        use std::path::Path;

        fn root() -> &'static Path {
            Path::new(env!("CARGO_MANIFEST_DIR"))
        }

        fn parsed(lang: Lang) -> Catalogue {
            let (c, errors) = Catalogue::parse(lang, lang.sources());
            assert!(errors.is_empty(), "{}: {errors:#?}", lang.tag());
            c
        }

        /// The hosted site fetches each language as one file, the locale's files one after the
        /// other without their comment lines (scripts/catalogues.mjs: lines that start with `#`
        /// go, and the files are joined with a newline in `FILES`' order): it holds the same
        /// messages, word for word, as the files do.
        #[test]
        fn a_bundle_of_the_files_is_the_same_catalogue() {
            for lang in Lang::ALL {
                let text: Vec<String> = lang
                    .sources()
                    .iter()
                    .map(|(_, t)| t.split('\n').filter(|l| !l.starts_with('#')).collect::<Vec<_>>().join("\n"))
                    .collect();
                let joined = text.join("\n");
                let comments: usize = lang.sources().iter().map(|(_, t)| t.lines().filter(|l| l.starts_with('#')).count()).sum();
                assert!(comments > 0 && !joined.lines().any(|l| l.starts_with('#')), "{}: the comments go", lang.tag());
                let bundle = Catalogue::parse_bundle(lang, &joined).expect("the bundle parses");
                let files = parsed(lang);
                let keys: Vec<_> = files.keys().collect();
                assert_eq!(bundle.keys().collect::<Vec<_>>(), keys);
                let args = [("n", crate::i18n::count(3)), ("id", 2u32.into())];
                for key in keys {
                    assert_eq!(bundle.format(key, &args), files.format(key, &args), "{}: {key}", lang.tag());
                }
            }
        }

        #[test]
        fn a_damaged_or_oversized_bundle_is_refused_whole() {
            let err = Catalogue::parse_bundle(Lang::Ko, "page-title = 카프카\n# a comment\n  stray")
                .expect_err("an indented line outside a message");
            assert!(matches!(&err, BundleError::Parse(e) if e.line == 3), "{err:?}");
            let truncated = "records = { $n ->\n   *[other] { $n }";
            assert!(Catalogue::parse_bundle(Lang::Ko, truncated).is_err(), "a select cut off by a broken download");
            let huge = "a = b\n".repeat(CATALOGUE_BYTES_MAX / 6 + 1);
            assert_eq!(Catalogue::parse_bundle(Lang::Ko, &huge).err(), Some(BundleError::TooLarge { bytes: huge.len() }));
            // Installing over a catalogue that is there keeps it (natively Korean is built in).
            assert_eq!(install(Lang::Ko, "page-title = something else"), Ok(()));
            assert_ne!(Tr::new(Lang::Ko).t("page-title"), "something else");
        }

        #[test]
        fn every_locale_has_the_same_files_and_keys_and_variables() {
            for lang in Lang::ALL {
                let names: Vec<&str> = lang.sources().iter().map(|(n, _)| *n).collect();
                assert_eq!(names, FILES, "{}: the files it embeds", lang.tag());
                let mut on_disk: Vec<String> = std::fs::read_dir(root().join("locales").join(lang.tag()))
                    .expect("the locale's directory")
                    .filter_map(|e| e.ok()?.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".ftl"))
                    .collect();
                on_disk.sort();
                let mut files: Vec<String> = FILES.iter().map(|s| s.to_string()).collect();
                files.sort();
                assert_eq!(on_disk, files, "{}: every file in locales/ is embedded", lang.tag());
            }
            let (en, ko) = (parsed(Lang::En), parsed(Lang::Ko));
            let en_keys: BTreeSet<&str> = en.keys().collect();
            let ko_keys: BTreeSet<&str> = ko.keys().collect();
            assert_eq!(en_keys.difference(&ko_keys).collect::<Vec<_>>(), Vec::<&&str>::new(), "in en, missing in ko");
            assert_eq!(ko_keys.difference(&en_keys).collect::<Vec<_>>(), Vec::<&&str>::new(), "in ko, not in en");
            for k in &en_keys {
                assert_eq!(en.variables(k), ko.variables(k), "{k}: the same variables in both");
            }
        }

        /// The keys the code names: the literal first argument of `t("…")`, `f("…"` and
        /// `key("…")` in `src/`.
        fn keys_in_code() -> BTreeSet<String> {
            let mut keys = BTreeSet::new();
            let mut dirs = vec![root().join("src")];
            while let Some(dir) = dirs.pop() {
                for entry in std::fs::read_dir(&dir).expect("src").flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        dirs.push(path);
                    } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs") {
                        let text = std::fs::read_to_string(&path).expect("a source file");
                        keys.extend(lookups(&text));
                    }
                }
            }
            keys
        }

        fn lookups(text: &str) -> Vec<String> {
            let mut out = Vec::new();
            for call in ["t(\"", "f(\"", "key(\""] {
                let mut from = 0;
                while let Some(at) = text[from..].find(call) {
                    let start = from + at;
                    from = start + call.len();
                    let before = text[..start].chars().next_back();
                    if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    if let Some(end) = text[from..].find('"') {
                        out.push(text[from..from + end].to_string());
                    }
                }
            }
            out
        }

        #[test]
        fn every_key_used_exists_and_every_key_is_used() {
            let en = parsed(Lang::En);
            let used = keys_in_code();
            let missing: Vec<&String> = used.iter().filter(|k| !en.has(k)).collect();
            assert!(missing.is_empty(), "looked up in code, missing from locales/en: {missing:?}");
            let unused: Vec<&str> = en.keys().filter(|k| !used.contains(*k)).collect();
            assert!(unused.is_empty(), "in the catalogue, never looked up: {unused:?}");
        }

        /// The Korean web font (assets/fonts/sandbox-kr.woff2) holds every character the Korean
        /// catalogue and the lessons use, so the page reads on a machine without a Korean font.
        #[test]
        fn the_korean_font_holds_every_character_the_catalogue_and_the_lessons_use() {
            let held = std::fs::read_to_string(root().join("assets/fonts/sandbox-kr.chars.txt")).expect("the font's character list");
            let mut missing = BTreeSet::new();
            // The catalogue's words and the lessons' texts (lessons/*.json).
            let mut sources: Vec<String> = Lang::Ko.sources().iter().map(|(_, t)| t.to_string()).collect();
            for e in std::fs::read_dir(root().join("lessons")).expect("lessons/") {
                let path = e.expect("a lesson file").path();
                if path.extension().is_some_and(|x| x == "json") {
                    sources.push(std::fs::read_to_string(&path).expect("a lesson file"));
                }
            }
            for text in &sources {
                for c in text.chars().filter(|c| {
                    ('\u{1100}'..='\u{11FF}').contains(c) || ('\u{3130}'..='\u{318F}').contains(c) || ('\u{AC00}'..='\u{D7AF}').contains(c)
                }) {
                    if !held.contains(c) {
                        missing.insert(c);
                    }
                }
            }
            assert!(missing.is_empty(), "not in the Korean font: {missing:?}; run .venv/bin/python scripts/subset-font.py");
        }

        /// style/main.css's `@font-face` rules' bodies, in the order declared.
        fn font_faces(css: &str) -> Vec<&str> {
            css.split("@font-face").skip(1).map(|f| f.split('}').next().unwrap_or("")).collect()
        }

        /// A face's unicode-range as characters (single code points, `U+XXXX`; ranges are left out).
        fn unicode_range(face: &str) -> BTreeSet<char> {
            face.split("unicode-range:")
                .nth(1)
                .and_then(|r| r.split(';').next())
                .expect("the face has a unicode-range")
                .split(',')
                .filter_map(|u| u.trim().strip_prefix("U+").and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32))
                .collect()
        }

        /// A Korean page's first view (index.html, shown while the .wasm downloads) has its words
        /// in a small subset (assets/fonts/sandbox-kr-first.woff2) whose face has a unicode-range
        /// of exactly its Hangul: it shows them without the ~95 KB face, which would download
        /// beside the .wasm (issue 26).
        #[test]
        fn the_first_view_has_its_own_small_font_face() {
            let html = std::fs::read_to_string(root().join("index.html")).expect("index.html");
            let hangul =
                |c: &char| matches!(*c as u32, 0x1100..=0x11FF | 0x3000..=0x303F | 0x3130..=0x318F | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF);
            let shown: BTreeSet<char> = html.chars().filter(hangul).collect();
            assert!(shown.len() > 20, "the first view's Korean words: {shown:?}");
            let held =
                std::fs::read_to_string(root().join("assets/fonts/sandbox-kr-first.chars.txt")).expect("the first view's character list");
            let held: BTreeSet<char> = held.trim().chars().collect();
            assert_eq!(held, shown, "run .venv/bin/python scripts/subset-font.py");
            let css = std::fs::read_to_string(root().join("style/main.css")).expect("style/main.css");
            let faces = font_faces(&css);
            let at = faces.iter().position(|f| f.contains("fonts/sandbox-kr-first.woff2")).expect("the first view's face");
            let large = faces.iter().position(|f| f.contains("fonts/sandbox-kr.woff2")).expect("the large face");
            assert!(at > large, "the first view's face must be declared after the large one (tried first)");
            // index.html's script finds the large face by this order (FontFaceSet lists the faces
            // as declared): the large, the first view's, the names'.
            assert_eq!((large, at, faces.len()), (0, 1, 3), "the Korean faces' order, which index.html relies on");
            assert_eq!(unicode_range(faces[at]), shown, "the first view's face's unicode-range");
        }

        /// Every page shows the languages' own names (the switch's "한국어"). Their characters come
        /// from a small subset (assets/fonts/sandbox-kr-names.woff2) whose face style/main.css
        /// declares last, with a unicode-range of exactly those characters: an English page then
        /// downloads it and not the ~95 KB one.
        #[test]
        fn the_language_names_have_their_own_small_font_face() {
            let held = std::fs::read_to_string(root().join("assets/fonts/sandbox-kr-names.chars.txt")).expect("the names' character list");
            let names: BTreeSet<char> = Lang::ALL.iter().flat_map(|l| l.native_name().chars()).filter(|c| !c.is_ascii()).collect();
            let held: BTreeSet<char> = held.trim().chars().collect();
            assert_eq!(held, names, "run .venv/bin/python scripts/subset-font.py");
            let css = std::fs::read_to_string(root().join("style/main.css")).expect("style/main.css");
            let faces = font_faces(&css);
            let last = faces.last().expect("a @font-face");
            assert!(last.contains("fonts/sandbox-kr-names.woff2"), "the names' face must be declared last: {last}");
            let range = unicode_range(last);
            assert_eq!(range, names, "the names' face's unicode-range");
        }

        #[test]
        fn the_scanner_finds_the_three_forms_only() {
            let found = lookups("i18n.t(\"a-b\") tr.f(\"c\", &[]) key(\"d\") format!(\"x\") set(\"y\") tst(\"z\")");
            assert_eq!(found, vec!["a-b", "c", "d"]);
        }
    }
}
