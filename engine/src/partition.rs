//! One partition: its replica assignment, the controller's view (leader, leader epoch, ISR) and
//! every replica's log, plus the leader's per-follower fetch state (Kafka's `Replica.scala`).
//!
//! Follower fetches, ISR expansion and the high watermark follow `core/.../cluster/Partition.scala`
//! (semantics.md §2); truncation on divergence follows `AbstractFetcherThread
//! #getOffsetTruncationState` (KIP-101/279).

use crate::event::{Acks, EventKind, IsrShrinkReason, ProduceFailureCause};
use crate::ids::{BrokerId, LeaderEpoch, Offset, RequestId, TimeMs, TopicPartition};
use crate::kafka_error::KafkaError;
use crate::links::BrokerLinks;
use crate::log_segment::SegmentRule;
use crate::replica_log::{ReplicaLog, UNDEFINED_OFFSET};
use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// What one replication tick reads besides the partition: the time, the brokers' reachability
/// (copied once per step) and the replication settings.
#[derive(Debug, Clone, Copy)]
pub struct ReplicationTick<'a> {
    pub now: TimeMs,
    pub links: &'a BrokerLinks<'a>,
    pub controller: Option<BrokerId>,
    pub fetch_interval_ms: u64,
    pub fetch_max_bytes: u64,
    pub lag_max_ms: u64,
    pub request_timeout_ms: u64,
    /// KIP-966 eligible leader replicas (`eligible.leader.replicas.version` ≥ 1).
    pub elr_enabled: bool,
    /// No active controller because no voter reaches a majority (for failure causes).
    pub quorum_lost: bool,
}

/// What the leader needs to advance its high watermark: the time, `replica.lag.time.max.ms`,
/// and which brokers may join an ISR (`Partition.isReplicaIsrEligible`: registered, unfenced and
/// not in controlled shutdown). Eligibility is asked only about followers outside the ISR (rare),
/// so it is a function, not a set computed for every produced record. Generic, not `&dyn`: the
/// HW is computed for every produced record, and a dynamic call the compiler could not inline
/// was 3% of scenario R's instructions.
#[derive(Clone, Copy)]
pub struct HwRule<F: Fn(BrokerId) -> bool> {
    pub now: TimeMs,
    pub lag_max_ms: u64,
    pub isr_eligible: F,
}

impl<F: Fn(BrokerId) -> bool> HwRule<F> {
    pub fn eligible(&self, b: BrokerId) -> bool {
        (self.isr_eligible)(b)
    }
}

/// What the leader knows of one follower (`Replica.scala`'s `ReplicaState`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FollowerState {
    /// The follower's LEO as of its last fetch (the fetch offset); -1 until it fetches.
    pub log_end_offset: Offset,
    /// When the follower last caught up with the leader; `None` is Kafka's 0 ("never": a
    /// follower outside the ISR when this leader took over). Time 0 is a real time here.
    pub last_caught_up_ms: Option<TimeMs>,
    pub last_fetch_leader_leo: Offset,
    /// 0 until the first fetch (fetches happen after the first tick, never at time 0).
    pub last_fetch_ms: TimeMs,
    /// When this leader took the follower over (`reset`): a slowed follower's first fetch to
    /// it takes the follower's fetch delay from then.
    #[serde(default)]
    pub since_ms: TimeMs,
}

impl FollowerState {
    /// `Replica.resetReplicaState` for a new leader (`isNewLeader`): nothing known of the
    /// follower, and caught up "now" only if it is in the ISR, so the HW is not held back for a
    /// follower outside it (the comment in `Replica.scala`).
    fn reset(now: TimeMs, in_isr: bool) -> Self {
        FollowerState {
            log_end_offset: UNDEFINED_OFFSET,
            last_caught_up_ms: in_isr.then_some(now),
            last_fetch_leader_leo: UNDEFINED_OFFSET,
            last_fetch_ms: TimeMs(0),
            since_ms: now,
        }
    }

    /// `Replica.isCaughtUp`: at the leader's LEO, or caught up to it within `lag_max_ms`.
    pub fn is_caught_up(&self, leader_leo: Offset, now: TimeMs, lag_max_ms: u64) -> bool {
        self.log_end_offset == leader_leo || self.last_caught_up_ms.is_some_and(|t| now.0.saturating_sub(t.0) <= lag_max_ms)
    }

    /// How long since the follower last caught up (`now` itself when it never did).
    pub fn lag_ms(&self, now: TimeMs) -> u64 {
        now.0.saturating_sub(self.last_caught_up_ms.map_or(0, |t| t.0))
    }

    /// `Replica.updateFetchStateOrThrow`: catching up is judged against the leader's LEO now and
    /// at the previous fetch.
    fn update(&mut self, fetch_offset: Offset, leader_leo: Offset, now: TimeMs) {
        if fetch_offset >= leader_leo {
            self.last_caught_up_ms = self.last_caught_up_ms.max(Some(now));
        } else if fetch_offset >= self.last_fetch_leader_leo && self.last_fetch_ms.0 > 0 {
            self.last_caught_up_ms = self.last_caught_up_ms.max(Some(self.last_fetch_ms));
        }
        self.log_end_offset = fetch_offset;
        self.last_fetch_leader_leo = leader_leo;
        self.last_fetch_ms = now;
    }
}

/// `PartitionChangeBuilder.maybePopulateTargetElr` (KIP-966): at or above min ISR the ELR is
/// empty; below it, the ELR is the old ELR and the old ISR, minus the new ISR and minus brokers
/// that shut down uncleanly. Sorted by broker id.
pub fn target_elr(isr: &[BrokerId], elr: &[BrokerId], target_isr: &[BrokerId], min_isr: usize, unclean: &[BrokerId]) -> Vec<BrokerId> {
    if target_isr.len() >= min_isr {
        return Vec::new();
    }
    let mut out: Vec<BrokerId> = elr.iter().chain(isr).copied().filter(|b| !target_isr.contains(b) && !unclean.contains(b)).collect();
    out.sort();
    out.dedup();
    out
}

/// An acks=all request waiting in the leader's purgatory (`DelayedProduce`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PendingProduce {
    pub request: RequestId,
    pub leader: BrokerId,
    pub leader_epoch: LeaderEpoch,
    /// Offset the HW must reach: the appended offset + 1.
    pub required_offset: Offset,
    pub created_ms: TimeMs,
    pub acks: Acks,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Partition {
    pub tp: TopicPartition,
    /// Assignment order; `replicas[0]` is the preferred leader.
    pub replicas: Vec<BrokerId>,
    pub leader: Option<BrokerId>,
    pub leader_epoch: LeaderEpoch,
    /// Bumped once on every partition change (leader, ISR or ELR): `PartitionRegistration.merge`.
    pub partition_epoch: i32,
    pub isr: Vec<BrokerId>,
    /// Eligible leader replicas (KIP-966): replicas that left the ISR while it was below
    /// min.insync.replicas, so they hold every committed record (the HW does not advance
    /// under min ISR). Empty unless the cluster enables ELR.
    #[serde(default)]
    pub elr: Vec<BrokerId>,
    /// `LastKnownElr`: the last leader while the partition is leaderless with an empty ISR.
    #[serde(default)]
    pub last_known_elr: Vec<BrokerId>,
    pub logs: VecMap<BrokerId, ReplicaLog>,
    /// The current leader's view of each follower.
    pub followers: VecMap<BrokerId, FollowerState>,
    pub pending: VecDeque<PendingProduce>,
    /// The leader's LEO when it became leader (for `isFollowerInSync`).
    pub leader_epoch_start_offset: Offset,
}

impl Partition {
    /// A new partition as the controller registers it (`ReplicationControlManager
    /// .buildPartitionRegistration`): the ISR is the active replicas in assignment order, and
    /// the leader the first of them.
    pub fn new(tp: TopicPartition, replicas: Vec<BrokerId>, isr: Vec<BrokerId>, now: TimeMs) -> Self {
        let leader = isr.first().copied();
        let mut p = Partition {
            tp,
            logs: VecMap::from_iter(replicas.iter().map(|b| (*b, ReplicaLog::new()))),
            isr,
            elr: Vec::new(),
            last_known_elr: Vec::new(),
            replicas,
            leader,
            leader_epoch: LeaderEpoch(0),
            partition_epoch: 0,
            followers: VecMap::new(),
            pending: VecDeque::new(),
            leader_epoch_start_offset: Offset(0),
        };
        p.become_leader_state(now);
        p
    }

    pub fn leader_log(&self) -> Option<&ReplicaLog> {
        self.leader.and_then(|l| self.logs.get(&l))
    }

    /// The partition's high watermark: the leader's, or when offline the highest any ISR
    /// member knows.
    pub fn high_watermark(&self) -> Offset {
        match self.leader_log() {
            Some(log) => log.high_watermark(),
            None => self.isr.iter().filter_map(|b| self.logs.get(b)).map(|l| l.high_watermark()).max().unwrap_or(Offset(0)),
        }
    }

    pub fn log_end_offset(&self) -> Offset {
        self.leader_log().map_or(Offset(0), |l| l.log_end_offset())
    }

    /// State a new leader sets up (`Partition.makeLeader`): its epoch start in the epoch cache
    /// and fresh follower states.
    fn become_leader_state(&mut self, now: TimeMs) {
        let Some(leader) = self.leader else { return };
        let epoch = self.leader_epoch;
        let leo = match self.logs.get_mut(&leader) {
            Some(log) => {
                log.assign_epoch_start(epoch, log.log_end_offset());
                log.log_end_offset()
            }
            None => Offset(0),
        };
        self.leader_epoch_start_offset = leo;
        let isr = self.isr.clone();
        self.followers =
            VecMap::from_iter(self.replicas.iter().filter(|b| **b != leader).map(|b| (*b, FollowerState::reset(now, isr.contains(b)))));
    }

    /// Applies one partition change from the controller (`PartitionRegistration.merge`): a new
    /// ISR, a new leader (`Some(None)` = no leader), a new ELR and LastKnownElr (KIP-966), each
    /// optional. The partition epoch moves by one for the whole change; the leader epoch by one
    /// when the leader changes, and the new leader sets up its state (`Partition.makeLeader`).
    /// Returns whether anything changed (a no-op writes nothing).
    pub fn apply_change(
        &mut self,
        isr: Option<Vec<BrokerId>>,
        leader: Option<Option<BrokerId>>,
        elr: Option<(Vec<BrokerId>, Vec<BrokerId>)>,
        now: TimeMs,
    ) -> bool {
        let isr = isr.filter(|i| *i != self.isr);
        let leader = leader.filter(|l| *l != self.leader);
        let elr = elr.filter(|(e, l)| *e != self.elr || *l != self.last_known_elr);
        if isr.is_none() && leader.is_none() && elr.is_none() {
            return false;
        }
        self.partition_epoch += 1;
        if let Some(isr) = isr {
            self.isr = isr;
        }
        if let Some((elr, last_known)) = elr {
            self.elr = elr;
            self.last_known_elr = last_known;
        }
        if let Some(leader) = leader {
            self.leader = leader;
            self.leader_epoch = LeaderEpoch(self.leader_epoch.0 + 1);
            self.become_leader_state(now);
        }
        true
    }

    /// An AlterPartition from the leader (ISR expand or shrink), through the controller's
    /// `PartitionChangeBuilder`: with ELR on, the ELR follows the new ISR
    /// (`maybePopulateTargetElr`) and LastKnownElr is cleared (the partition has a leader).
    pub fn alter_isr(&mut self, isr: Vec<BrokerId>, min_isr: usize, elr_enabled: bool, now: TimeMs) {
        let elr = elr_enabled.then(|| (target_elr(&self.isr, &self.elr, &isr, min_isr, &[]), Vec::new()));
        self.apply_change(Some(isr), None, elr, now);
    }

    /// One follower fetch from the leader, with truncation first when the follower's log
    /// diverges. A truncation is pushed to `events`.
    pub fn follower_fetch(
        &mut self,
        follower: BrokerId,
        now: TimeMs,
        fetch_max_bytes: u64,
        segment_rule: &SegmentRule,
        events: &mut Vec<EventKind>,
    ) {
        let Some(leader) = self.leader else { return };
        if follower == leader {
            return;
        }
        // Both replicas' logs at once (at most a handful of entries: a scan is cheaper than
        // taking the follower's log out of the map and putting it back on every fetch).
        let (mut follower_log, mut leader_log) = (None, None);
        for (b, log) in self.logs.iter_mut() {
            if *b == follower {
                follower_log = Some(log);
            } else if *b == leader {
                leader_log = Some(log);
            }
        }
        let (Some(flog), Some(llog)) = (follower_log, leader_log) else {
            cannot_fail!("{}: fetch by {follower} from {leader}: a replica has no log", self.tp);
            return;
        };
        let llog: &ReplicaLog = llog;
        // Truncation loop: each round settles at most one epoch, so it is bounded by the number
        // of epochs the follower knows.
        for _ in 0..=flog.epochs().len() {
            let Some(fetch_epoch) = flog.latest_epoch() else { break };
            let fetch_offset = flog.log_end_offset();
            let (leader_epoch, leader_end) = llog.end_offset_for_epoch(fetch_epoch);
            if leader_epoch >= fetch_epoch && leader_end >= fetch_offset {
                break; // no divergence
            }
            let target = if leader_end == UNDEFINED_OFFSET {
                // The leader knows nothing of this epoch: fall back to the follower's HW.
                flog.high_watermark()
            } else {
                let (f_epoch, f_end) = flog.end_offset_for_epoch(leader_epoch);
                if f_end == UNDEFINED_OFFSET || f_epoch == leader_epoch {
                    leader_end.min(if f_end == UNDEFINED_OFFSET { fetch_offset } else { f_end }).min(fetch_offset)
                } else {
                    f_end.min(fetch_offset)
                }
            };
            match flog.truncate_to(target) {
                Some((from, to)) => events.push(EventKind::RecordsTruncated {
                    partition: self.tp.clone(),
                    broker: follower,
                    from,
                    to,
                    leader_epoch: self.leader_epoch,
                }),
                None => break,
            }
        }
        let mut fetch_offset = flog.log_end_offset();
        if fetch_offset < llog.log_start_offset() || fetch_offset > llog.log_end_offset() {
            // OFFSET_OUT_OF_RANGE: below the leader's log start (retention ran) the follower
            // restarts at it; past its LEO (no epoch information) it truncates to it.
            if fetch_offset > llog.log_end_offset() {
                if let Some((from, to)) = flog.truncate_to(llog.log_end_offset()) {
                    events.push(EventKind::RecordsTruncated {
                        partition: self.tp.clone(),
                        broker: follower,
                        from,
                        to,
                        leader_epoch: self.leader_epoch,
                    });
                }
            } else {
                flog.reset_to(llog.log_start_offset());
            }
            fetch_offset = flog.log_end_offset();
        }
        let leader_leo = llog.log_end_offset();
        if let Some(state) = self.followers.get_mut(&follower) {
            state.update(fetch_offset, leader_leo, now);
        }
        // One append of the whole response (`UnifiedLog.appendAsFollower`).
        flog.append_all(llog.read_iter(fetch_offset, fetch_max_bytes), segment_rule);
    }

    /// `isFollowerInSync`: may this out-of-ISR follower rejoin?
    pub fn follower_caught_up(&self, follower: BrokerId) -> bool {
        let Some(state) = self.followers.get(&follower) else { return false };
        let hw = self.high_watermark();
        state.log_end_offset != UNDEFINED_OFFSET && state.log_end_offset >= hw && state.log_end_offset >= self.leader_epoch_start_offset
    }

    /// `getOutOfSyncReplicas`: ISR followers that have not caught up for `lag_max_ms`.
    pub fn out_of_sync_followers(&self, now: TimeMs, lag_max_ms: u64) -> Vec<(BrokerId, u64)> {
        let Some(leader_leo) = self.leader_log().map(|l| l.log_end_offset()) else { return Vec::new() };
        self.isr
            .iter()
            .filter(|b| Some(**b) != self.leader)
            .filter_map(|b| {
                let s = self.followers.get(b)?;
                (!s.is_caught_up(leader_leo, now, lag_max_ms)).then_some((*b, s.lag_ms(now)))
            })
            .collect()
    }

    /// `Partition.maybeIncrementLeaderHW`: the new HW is the minimum LEO over the leader, every
    /// ISR member, and every follower outside the ISR that is caught up within
    /// `replica.lag.time.max.ms` and ISR-eligible (`shouldWaitForReplicaToJoinIsr`): the leader
    /// waits for a recovering follower so that it can reach the HW and rejoin
    /// (`maybeExpandIsr`) even under a steady acks=all load. Only forwards, and not while the ISR
    /// is below min.insync.replicas (KAFKA-15583, Kafka 3.7+). Returns the new HW if it moved.
    pub fn maybe_increment_hw<F: Fn(BrokerId) -> bool>(&mut self, min_isr_effective: usize, rule: &HwRule<F>) -> Option<Offset> {
        let leader = self.leader?;
        if self.isr.len() < min_isr_effective {
            return None;
        }
        let leader_leo = self.logs.get(&leader)?.log_end_offset();
        let mut new_hw = leader_leo;
        for (b, state) in &self.followers {
            let in_isr = self.isr.contains(b);
            let catching_up = rule.eligible(*b) && state.is_caught_up(leader_leo, rule.now, rule.lag_max_ms);
            if !in_isr && !catching_up {
                continue;
            }
            if state.log_end_offset == UNDEFINED_OFFSET {
                // An in-sync follower the new leader has not heard from yet holds the HW back
                // (its LEO is unknown); an out-of-sync one is not waited for until it fetches.
                if in_isr {
                    return None;
                }
                continue;
            }
            new_hw = new_hw.min(state.log_end_offset);
        }
        let log = self.logs.get_mut(&leader)?;
        if new_hw > log.high_watermark() {
            log.set_high_watermark(new_hw);
            Some(log.high_watermark())
        } else {
            None
        }
    }

    /// One replication tick of this partition (`Cluster::step` part 3 and 4): due followers
    /// fetch, the leader expands or shrinks the ISR (an AlterPartition, so only while it reaches
    /// the controller), advances the HW, and settles its purgatory. Events go to `events` in
    /// the order they happen.
    pub fn replicate(&mut self, tick: &ReplicationTick<'_>, min_isr: usize, segment_rule: &SegmentRule, events: &mut Vec<EventKind>) {
        let Some(leader) = self.leader else { return };
        let links = tick.links;
        if !links.running(leader) {
            return;
        }
        let now = tick.now;
        let can_alter = tick.controller.is_some_and(|c| links.reachable(leader, c));
        // Which replicas fetched this tick, by index into `replicas` (at most BROKERS_MAX).
        let mut fetched: u64 = 0;
        let mut expanded = false;
        for i in 0..self.replicas.len() {
            let f = self.replicas[i];
            if f == leader || !links.reachable(f, leader) {
                continue;
            }
            let (last_fetch, since) = self.followers.get(&f).map_or((TimeMs(0), TimeMs(0)), |s| (s.last_fetch_ms, s.since_ms));
            let delay = links.fetch_delay_ms(f);
            let interval = tick.fetch_interval_ms.max(delay);
            let due = match last_fetch.0 {
                // A new leader: the follower's fetcher restarts for the partition at once
                // (`ReplicaManager.makeFollowers` re-adds the fetcher) -- unless the follower is
                // slowed, whose first fetch takes its delay like any other.
                0 => delay == 0 || now.0 >= since.0 + delay,
                t => now.0 >= t + interval,
            };
            if !due {
                continue;
            }
            fetched |= 1u64.checked_shl(i as u32).unwrap_or(0);
            self.follower_fetch(f, now, tick.fetch_max_bytes, segment_rule, events);
            // maybeExpandIsr: an AlterPartition to the controller, for an ISR-eligible follower
            // (`isReplicaIsrEligible`: unfenced, not in controlled shutdown).
            if can_alter && !self.isr.contains(&f) && links.isr_eligible(f) && self.follower_caught_up(f) {
                let mut isr = self.isr.clone();
                isr.push(f);
                self.alter_isr(isr.clone(), min_isr, tick.elr_enabled, now);
                expanded = true;
                events.push(EventKind::IsrExpanded { partition: self.tp.clone(), isr, added: f });
            }
        }
        // `Partition.needsShrinkIsr` skips a partition whose AlterPartition is still in flight: an
        // expansion sent this tick is not undone before the follower has fetched again (a
        // follower that rejoins on its first fetch after a leader change has no caught-up time
        // yet; its next fetch gives it one).
        if can_alter && !expanded {
            let out = self.out_of_sync_followers(now, tick.lag_max_ms);
            if !out.is_empty() {
                let removed: Vec<BrokerId> = out.iter().map(|(b, _)| *b).collect();
                let lag_ms = out.iter().map(|(_, l)| *l).max().unwrap_or(0);
                let isr: Vec<BrokerId> = self.isr.iter().copied().filter(|b| !removed.contains(b)).collect();
                self.alter_isr(isr.clone(), min_isr, tick.elr_enabled, now);
                events.push(EventKind::IsrShrunk {
                    partition: self.tp.clone(),
                    isr,
                    removed,
                    reason: IsrShrinkReason::LaggedBehind { lag_ms },
                });
            }
        }
        let eligible = |b: BrokerId| links.isr_eligible(b);
        let rule = HwRule { now, lag_max_ms: tick.lag_max_ms, isr_eligible: eligible };
        if let Some(hw) = self.maybe_increment_hw(min_isr, &rule) {
            events.push(EventKind::HighWatermarkAdvanced { partition: self.tp.clone(), high_watermark: hw });
        }
        for i in 0..self.replicas.len() {
            if fetched & 1u64.checked_shl(i as u32).unwrap_or(0) != 0 {
                let f = self.replicas[i];
                self.propagate_hw(f);
            }
        }
        self.complete_pending(now, tick.request_timeout_ms, min_isr, tick.quorum_lost, events);
    }

    /// `DelayedProduce.tryComplete` / `Partition.checkEnoughReplicasReachOffset`: waiting
    /// acks=all requests complete once the HW passes them, fail when leadership moved or the
    /// ISR shrank below min.insync.replicas, or time out. Each failure carries its cause, read
    /// from the partition as it is now (`quorum_lost`: no active controller could shrink the ISR).
    pub fn complete_pending(&mut self, now: TimeMs, timeout_ms: u64, min_isr: usize, quorum_lost: bool, events: &mut Vec<EventKind>) {
        if self.pending.is_empty() {
            return;
        }
        let hw = self.leader_log().map(|l| l.high_watermark());
        let Partition { pending, leader, leader_epoch, isr, tp, followers, .. } = self;
        let below_min = || ProduceFailureCause::IsrBelowMinIsr { isr: isr.clone(), min_isr: min_isr as u32 };
        pending.retain(|r| {
            let outcome = if *leader != Some(r.leader) || *leader_epoch != r.leader_epoch {
                Err((KafkaError::NotLeaderOrFollower, ProduceFailureCause::LeaderMoved { from: r.leader, to: *leader }))
            } else if hw.is_some_and(|hw| hw >= r.required_offset) {
                if isr.len() >= min_isr {
                    Ok(Offset(r.required_offset.0 - 1))
                } else {
                    Err((KafkaError::NotEnoughReplicasAfterAppend, below_min()))
                }
            } else if now.0 >= r.created_ms.0 + timeout_ms {
                let cause = if isr.len() < min_isr {
                    below_min()
                } else {
                    // The ISR followers whose last fetch did not reach the record hold the HW.
                    let waiting_for = isr
                        .iter()
                        .copied()
                        .filter(|b| *b != r.leader && followers.get(b).is_none_or(|s| s.log_end_offset < r.required_offset))
                        .collect();
                    ProduceFailureCause::AwaitingReplicas { waiting_for, isr: isr.clone(), quorum_lost, timeout_ms }
                };
                Err((KafkaError::RequestTimedOut, cause))
            } else {
                return true;
            };
            let (request, acks, partition) = (r.request, r.acks, tp.clone());
            events.push(match outcome {
                Ok(offset) => EventKind::ProduceAcknowledged { request, partition, offset, acks },
                Err((error, cause)) => EventKind::ProduceFailed { request, partition, error, acks, cause },
            });
            false
        });
    }

    /// After a fetch, the follower learns the leader's HW (bounded by its own LEO).
    pub fn propagate_hw(&mut self, follower: BrokerId) {
        let hw = self.high_watermark();
        if let Some(log) = self.logs.get_mut(&follower) {
            if hw > log.high_watermark() {
                log.set_high_watermark(hw);
            }
        }
    }
}
