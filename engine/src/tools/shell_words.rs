//! A command line split into words as a POSIX shell splits them before `bin/kafka-*.sh` passes
//! them on unchanged (`exec kafka-run-class.sh <class> "$@"`): blanks separate words; single
//! quotes keep everything literally; double quotes keep everything but `\"`, `\\`, `\$` and
//! `` \` ``; a backslash outside quotes keeps the next character; quoted and unquoted pieces
//! next to each other make one word (`--property "key.separator=:"` is one word after
//! `--property`). No expansion of variables, globs or `~`: the sandbox has no environment.
//!
//! Bounded before any work: a line of at most `LINE_BYTES_MAX` bytes and `WORDS_MAX` words.

/// The longest line the terminal takes.
pub const LINE_BYTES_MAX: usize = 4_096;
/// The most words one line may have.
pub const WORDS_MAX: usize = 256;

/// The words of `line`, or the shell's complaint (bash's words for an unclosed quote).
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    if line.len() > LINE_BYTES_MAX {
        return Err(format!("the line is {} bytes long; the terminal takes at most {LINE_BYTES_MAX}", line.len()));
    }
    let mut words = Vec::new();
    let mut word = String::new();
    // Whether a word has begun (an empty quoted word `''` is a word).
    let mut started = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' | '\n' | '\r' => {
                if started {
                    if words.len() == WORDS_MAX {
                        return Err(format!("more than {WORDS_MAX} words on one line"));
                    }
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            '\'' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(x) => word.push(x),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                started = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(x @ ('"' | '\\' | '$' | '`')) => word.push(x),
                            Some(x) => {
                                word.push('\\');
                                word.push(x);
                            }
                            None => return Err("unexpected EOF while looking for matching `\"'".into()),
                        },
                        Some(x) => word.push(x),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                started = true;
                // A backslash at the end of the line continues it in a shell; here it is kept.
                word.push(chars.next().unwrap_or('\\'));
            }
            x => {
                started = true;
                word.push(x);
            }
        }
    }
    if started {
        if words.len() == WORDS_MAX {
            return Err(format!("more than {WORDS_MAX} words on one line"));
        }
        words.push(word);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(line: &str) -> Vec<String> {
        split_words(line).unwrap()
    }

    #[test]
    fn words_split_as_a_shell_splits_them() {
        assert_eq!(
            w("kafka-topics.sh --create  --topic orders\t--partitions 3"),
            ["kafka-topics.sh", "--create", "--topic", "orders", "--partitions", "3"]
        );
        assert_eq!(
            w(r#"--property "key.separator=:" --property 'parse.key=true'"#),
            ["--property", "key.separator=:", "--property", "parse.key=true"]
        );
        assert_eq!(w(r#"--add-config 'k1=v1,k2=[v1,v2]'"#), ["--add-config", "k1=v1,k2=[v1,v2]"]);
        assert_eq!(w(r#"a"b c"'d e'f"#), ["ab cd ef"], "adjacent pieces join");
        assert_eq!(w(r#"'' "" x"#), ["", "", "x"], "empty quoted words are words");
        assert_eq!(w(r"--topic test\.topic"), ["--topic", "test.topic"]);
        assert_eq!(w(r#"--topic 'test\.topic' "a\"b\n""#), ["--topic", r"test\.topic", r#"a"b\n"#]);
        assert_eq!(w("   "), Vec::<String>::new());
    }

    #[test]
    fn bad_lines_are_clear_errors() {
        assert_eq!(split_words("--topic 'orders").unwrap_err(), "unexpected EOF while looking for matching `''");
        assert_eq!(split_words("--topic \"orders").unwrap_err(), "unexpected EOF while looking for matching `\"'");
        assert!(split_words(&"x".repeat(LINE_BYTES_MAX + 1)).is_err());
        assert!(split_words(&"x ".repeat(WORDS_MAX + 1)).is_err());
        assert_eq!(split_words(&"x ".repeat(WORDS_MAX)).unwrap().len(), WORDS_MAX);
    }

    #[test]
    fn any_line_answers_without_panicking() {
        let mut rng = crate::rng::Rng::new(7);
        let alphabet: Vec<char> = " \t'\"\\-=,:ab한\n".chars().collect();
        for _ in 0..5_000 {
            let n = rng.below(60) as usize;
            let line: String = (0..n).map(|_| alphabet[rng.below(alphabet.len() as u64) as usize]).collect();
            let _ = split_words(&line);
        }
    }
}
