//! Text forms of assignor inputs, for `ksim assign` and the differential tests:
//! topics `t0:3,t1:3`, a member `C0=t0,t1`, owned partitions `C0=t0-0,t1-1`, a generation `C0=3`,
//! and one scenario per line: `ASSIGNOR|t0:3,t1:2|m1=t0,t1;m2=t1[|m1=t0-0;m2=t1-1[|m1=1;m2=1]]`.

use super::{AssignorName, Subscription};
use crate::ids::TopicPartition;
use crate::vec_map::VecMap;

/// At most this many topics, members and partitions per topic in a spec (keeps `ksim` bounded).
pub const SPEC_TOPICS_MAX: usize = 100;
pub const SPEC_MEMBERS_MAX: usize = 200;
pub const SPEC_PARTITIONS_MAX: u32 = 10_000;

pub fn parse_topics(s: &str) -> Result<VecMap<String, u32>, String> {
    let mut out = VecMap::new();
    for item in s.split(',').filter(|i| !i.is_empty()) {
        let (t, n) = item.rsplit_once(':').ok_or_else(|| format!("topic {item:?} is not NAME:PARTITIONS"))?;
        let n: u32 = n.parse().map_err(|_| format!("partition count {n:?} of {t:?} is not a number"))?;
        if t.is_empty() || n == 0 || n > SPEC_PARTITIONS_MAX {
            return Err(format!("topic {item:?}: a name and 1..={SPEC_PARTITIONS_MAX} partitions"));
        }
        if out.insert(t.to_string(), n).is_some() {
            return Err(format!("topic {t:?} given twice"));
        }
    }
    if out.len() > SPEC_TOPICS_MAX {
        return Err(format!("at most {SPEC_TOPICS_MAX} topics"));
    }
    Ok(out)
}

fn split_member(s: &str) -> Result<(&str, &str), String> {
    let (m, rest) = s.split_once('=').ok_or_else(|| format!("{s:?} is not MEMBER=..."))?;
    if m.is_empty() {
        return Err(format!("{s:?} has an empty member id"));
    }
    Ok((m, rest))
}

/// `C0=t0,t1` → a subscription without owned partitions.
pub fn parse_member(s: &str) -> Result<Subscription, String> {
    let (m, topics) = split_member(s)?;
    let mut list: Vec<String> = Vec::new();
    for t in topics.split(',').filter(|t| !t.is_empty()) {
        if !list.iter().any(|x| x == t) {
            list.push(t.to_string());
        }
    }
    Ok(Subscription { member: m.to_string(), topics: list, owned: vec![], generation: None })
}

pub fn parse_partition(s: &str) -> Result<TopicPartition, String> {
    let (t, p) = s.rsplit_once('-').ok_or_else(|| format!("partition {s:?} is not TOPIC-N"))?;
    let p: u32 = p.parse().map_err(|_| format!("partition {s:?} is not TOPIC-N"))?;
    Ok(TopicPartition::new(t, p))
}

/// `C0=t0-0,t1-1` → (member, partitions).
pub fn parse_owned(s: &str) -> Result<(String, Vec<TopicPartition>), String> {
    let (m, parts) = split_member(s)?;
    let parts = parts.split(',').filter(|p| !p.is_empty()).map(parse_partition).collect::<Result<_, _>>()?;
    Ok((m.to_string(), parts))
}

/// `C0=3` → (member, generation).
pub fn parse_generation(s: &str) -> Result<(String, i32), String> {
    let (m, g) = split_member(s)?;
    let g: i32 = g.parse().map_err(|_| format!("generation {g:?} of {m} is not a number"))?;
    Ok((m.to_string(), g))
}

/// Members with their owned partitions and generations merged in; every `--owned` and
/// `--generation` must name a member.
pub fn build_subscriptions(members: &[String], owned: &[String], generations: &[String]) -> Result<Vec<Subscription>, String> {
    let mut subs: Vec<Subscription> = members.iter().map(|m| parse_member(m)).collect::<Result<_, _>>()?;
    if subs.len() > SPEC_MEMBERS_MAX {
        return Err(format!("at most {SPEC_MEMBERS_MAX} members"));
    }
    for (i, s) in subs.iter().enumerate() {
        if subs[..i].iter().any(|o| o.member == s.member) {
            return Err(format!("member {} given twice", s.member));
        }
    }
    for o in owned {
        let (m, parts) = parse_owned(o)?;
        let s = subs.iter_mut().find(|s| s.member == m).ok_or_else(|| format!("--owned names {m}, which is not a --member"))?;
        s.owned = parts;
    }
    for g in generations {
        let (m, g) = parse_generation(g)?;
        let s = subs.iter_mut().find(|s| s.member == m).ok_or_else(|| format!("--generation names {m}, which is not a --member"))?;
        s.generation = Some(g);
    }
    Ok(subs)
}

/// One scenario line (see the module comment).
/// A parsed scenario line: the assignor, partitions per topic, the members' subscriptions.
pub type ScenarioLine = (AssignorName, VecMap<String, u32>, Vec<Subscription>);

pub fn parse_line(line: &str) -> Result<ScenarioLine, String> {
    let fields: Vec<&str> = line.trim().split('|').collect();
    if fields.len() < 3 || fields.len() > 5 {
        return Err(format!("{line:?}: expected ASSIGNOR|TOPICS|MEMBERS[|OWNED[|GENERATIONS]]"));
    }
    let assignor = AssignorName::parse(fields[0]).ok_or_else(|| format!("unknown assignor {:?}", fields[0]))?;
    let topics = parse_topics(fields[1])?;
    let list = |i: usize| -> Vec<String> {
        fields.get(i).map(|f| f.split(';').filter(|x| !x.is_empty()).map(String::from).collect()).unwrap_or_default()
    };
    let subs = build_subscriptions(&list(2), &list(3), &list(4))?;
    Ok((assignor, topics, subs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_line() {
        let (a, t, s) = parse_line("sticky|t0:3,t1:2|C0=t0,t1;C1=t1|C0=t0-0,t1-1|C0=3").unwrap();
        assert_eq!(a, AssignorName::Sticky);
        assert_eq!(t.get("t1"), Some(&2));
        assert_eq!(s[0].owned, vec![TopicPartition::new("t0", 0), TopicPartition::new("t1", 1)]);
        assert_eq!(s[0].generation, Some(3));
        assert_eq!(s[1].generation, None);
    }

    #[test]
    fn bad_specs_are_errors_not_panics() {
        for bad in [
            "",
            "x|t0:3|C0=t0",
            "range|t0|C0=t0",
            "range|t0:0|C0=t0",
            "range|t0:3|=t0",
            "range|t0:3|C0=t0|C1=t0-0",
            "range|t0:3|C0=t0|C0=t0-x",
            "range|t0:3|C0=t0||C0=abc",
            "range|t0:3,t0:2|C0=t0",
            "range|t0:3|C0=t0;C0=t0",
        ] {
            assert!(parse_line(bad).is_err(), "{bad}");
        }
    }
}
