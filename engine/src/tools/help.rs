//! The tools' `--help` texts, as joptsimple 5.0.4's `BuiltinHelpFormatter` prints them from each
//! tool's option declarations (and argparse4j 0.7.0 for `kafka-metadata-quorum.sh`), captured
//! by running those libraries on the declarations in Kafka 4.0's sources. Each file's first
//! line is the tool's `--help` message; the option table follows.

/// The whole `--help` output of `tool` (its script name), if the sandbox has it.
pub fn full(tool: &str) -> Option<&'static str> {
    Some(match tool {
        "kafka-topics.sh" => include_str!("help/kafka-topics.help.txt"),
        "kafka-console-producer.sh" => include_str!("help/kafka-console-producer.help.txt"),
        "kafka-console-consumer.sh" => include_str!("help/kafka-console-consumer.help.txt"),
        "kafka-consumer-groups.sh" => include_str!("help/kafka-consumer-groups.help.txt"),
        "kafka-leader-election.sh" => include_str!("help/kafka-leader-election.help.txt"),
        "kafka-get-offsets.sh" => include_str!("help/kafka-get-offsets.help.txt"),
        "kafka-metadata-quorum.sh" => include_str!("help/kafka-metadata-quorum.help.txt"),
        "kafka-configs.sh" => include_str!("help/kafka-configs.help.txt"),
        _ => return None,
    })
}

/// The option table alone (what `printUsageAndExit` prints after its message).
pub fn table(tool: &str) -> &'static str {
    full(tool).and_then(|t| t.split_once('\n')).map_or("", |(_, table)| table)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_joptsimple_table_starts_with_its_header() {
        for tool in
            ["kafka-topics.sh", "kafka-console-producer.sh", "kafka-console-consumer.sh", "kafka-consumer-groups.sh", "kafka-configs.sh"]
        {
            assert!(super::table(tool).starts_with("Option "), "{tool}");
        }
    }
}

/// The long options a tool declares, as its help lists them (the terminal completes them).
pub fn option_names(tool: &str) -> Vec<&'static str> {
    let Some(text) = full(tool) else { return Vec::new() };
    let mut names: Vec<&'static str> = Vec::new();
    for word in text.split(|c: char| c.is_whitespace() || matches!(c, '[' | ']' | '(' | ')' | '|' | ',')) {
        let name = word.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        if name.len() > 2
            && name.starts_with("--")
            && name[2..].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            && !names.contains(&name)
        {
            names.push(name);
        }
    }
    names.sort_unstable();
    names
}

#[cfg(test)]
mod option_tests {
    #[test]
    fn options_come_from_the_help_tables() {
        let topics = super::option_names("kafka-topics.sh");
        for o in ["--create", "--describe", "--topic", "--partitions", "--replication-factor", "--bootstrap-server", "--if-not-exists"] {
            assert!(topics.contains(&o), "{o} in {topics:?}");
        }
        assert!(super::option_names("kafka-metadata-quorum.sh").contains(&"--status"));
        assert!(super::option_names("nope").is_empty());
    }
}
