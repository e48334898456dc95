//! `kafka-configs.sh --alter`'s own parsing of `--add-config` and `--delete-config`, before
//! anything reaches a broker (`kafka.admin.ConfigCommand.parseConfigsToBeAdded`,
//! `parseConfigsToBeDeleted`, `validatePropsKey`). The page's form and, later, the terminal share
//! it; the broker-side rules are in `topic_config`.

/// Longest `--add-config` / `--delete-config` text taken (a form field or a terminal line).
pub const CONFIG_ARG_BYTES_MAX: usize = 4_096;

/// `--add-config k1=v1,k2=[a,b]`: commas inside `[...]` do not split, brackets are removed from
/// values, keys and values are trimmed. Errors are the tool's own messages.
pub fn parse_add_config(arg: &str) -> Result<Vec<(String, String)>, String> {
    if arg.len() > CONFIG_ARG_BYTES_MAX {
        return Err(format!("--add-config is longer than {CONFIG_ARG_BYTES_MAX} bytes"));
    }
    let mut out = Vec::new();
    let mut pairs = split_outside_brackets(arg, ',');
    // Java's `String.split` drops trailing empty strings ("a=1," is one pair), but not all of
    // them when nothing else is there ("" is one empty pair, rejected below).
    while pairs.len() > 1 && pairs.last().is_some_and(|p| p.is_empty()) {
        pairs.pop();
    }
    for pair in pairs {
        let parts = split_outside_brackets(pair, '=');
        if parts.len() != 2 {
            // `require(...)` in Scala prefixes its message with "requirement failed: ".
            return Err("requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\".".into());
        }
        let key = parts[0].trim().to_string();
        let value: String = parts[1].chars().filter(|c| *c != '[' && *c != ']').collect::<String>().trim().to_string();
        if !key.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')) {
            return Err(format!("Invalid character found for config key: {key}"));
        }
        out.push((key, value));
    }
    Ok(out)
}

/// `--delete-config k1,k2` (joptsimple `withValuesSeparatedBy(',')`), each name trimmed; an empty
/// argument deletes nothing.
pub fn parse_delete_config(arg: &str) -> Result<Vec<String>, String> {
    if arg.len() > CONFIG_ARG_BYTES_MAX {
        return Err(format!("--delete-config is longer than {CONFIG_ARG_BYTES_MAX} bytes"));
    }
    if arg.trim().is_empty() {
        return Ok(Vec::new());
    }
    Ok(arg.split(',').map(|k| k.trim().to_string()).collect())
}

/// Splits at `sep` where no `[` is open (the tool's regex `sep(?=[^\]]*(?:\[|$))`: a separator
/// followed by no `]` before the next `[` or the end).
fn split_outside_brackets(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in s.char_indices() {
        if c == sep {
            let rest = &s[i + 1..];
            let next_close = rest.find(']');
            let next_open = rest.find('[');
            let outside = match (next_close, next_open) {
                (None, _) => true,
                (Some(close), Some(open)) => open < close,
                (Some(_), None) => false,
            };
            if outside {
                parts.push(&s[start..i]);
                start = i + 1;
            }
        }
    }
    parts.push(&s[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_split_on_commas_outside_brackets() {
        assert_eq!(
            parse_add_config("retention.ms=60000, cleanup.policy=[compact,delete]").unwrap(),
            vec![("retention.ms".to_string(), "60000".to_string()), ("cleanup.policy".to_string(), "compact,delete".to_string())]
        );
        assert_eq!(parse_add_config("min.insync.replicas = 2").unwrap(), vec![("min.insync.replicas".into(), "2".into())]);
        assert_eq!(parse_add_config("k=").unwrap(), vec![("k".into(), String::new())], "an empty value is allowed");
    }

    #[test]
    fn malformed_arguments_get_the_tools_messages() {
        let format = "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\".";
        assert_eq!(parse_add_config("retention.ms").unwrap_err(), format);
        assert_eq!(parse_add_config("a=1=2").unwrap_err(), format);
        assert_eq!(parse_add_config("").unwrap_err(), format);
        assert_eq!(parse_add_config("a=1,").unwrap(), vec![("a".into(), "1".into())], "String.split drops the trailing empty part");
        assert_eq!(parse_add_config("bad key=1").unwrap_err(), "Invalid character found for config key: bad key");
        assert!(parse_add_config(&"a".repeat(CONFIG_ARG_BYTES_MAX + 1)).is_err());
    }

    #[test]
    fn deletes_are_comma_separated_names() {
        assert_eq!(parse_delete_config(" retention.ms , min.insync.replicas").unwrap(), vec!["retention.ms", "min.insync.replicas"]);
        assert!(parse_delete_config("  ").unwrap().is_empty());
    }
}
