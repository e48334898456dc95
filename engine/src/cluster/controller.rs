//! The KRaft controller (`QuorumController`, `ReplicationControlManager`,
//! `BrokerHeartbeatManager`): the voters' quorum, broker heartbeats and fencing, crash and
//! controlled shutdown, and every partition change it makes (ISR shrinks, elections, ELR,
//! preferred and automatic leader rebalance), after `PartitionChangeBuilder`.

use super::*;
use crate::kafka_error::KafkaError;

impl Cluster {
    #[inline(always)]
    pub(super) fn running(&self, b: BrokerId) -> bool {
        self.brokers.get(&b).is_some_and(|x| x.running())
    }

    /// Can broker `a` talk to broker `b`? Both run and neither is cut off (a broker always
    /// reaches itself while it runs).
    #[inline(always)]
    pub fn reachable(&self, a: BrokerId, b: BrokerId) -> bool {
        let (Some(x), Some(y)) = (self.brokers.get(&a), self.brokers.get(&b)) else { return false };
        x.reaches(y)
    }

    pub(super) fn reaches_controller(&self, b: BrokerId) -> bool {
        self.controller.is_some_and(|c| self.reachable(b, c))
    }

    pub(super) fn voters(&self) -> Vec<BrokerId> {
        self.brokers.values().filter(|b| b.voter).map(|b| b.id).collect()
    }

    /// A voter can lead the quorum when it reaches a majority of voters (itself included).
    pub(super) fn has_quorum(&self, candidate: BrokerId) -> bool {
        let voters = self.voters();
        let reached = voters.iter().filter(|v| self.reachable(candidate, **v)).count();
        reached > voters.len() / 2
    }

    /// Running voters that reach a majority: who can become the active controller.
    pub(super) fn quorum_candidates(&self) -> Vec<BrokerId> {
        self.voters().into_iter().filter(|v| self.running(*v) && self.has_quorum(*v)).collect()
    }

    /// The voters, the largest set of running voters that reach each other (what `has_quorum`
    /// counts for its best candidate), and the majority a leader needs (Raft: more than half).
    pub(super) fn quorum_view(&self) -> (Vec<BrokerId>, Vec<BrokerId>, u32) {
        let voters = self.voters();
        let mut best: Vec<BrokerId> = Vec::new();
        for v in voters.iter().filter(|v| self.running(**v)) {
            let reached: Vec<BrokerId> = voters.iter().copied().filter(|w| self.reachable(*v, *w)).collect();
            if reached.len() > best.len() {
                best = reached;
            }
        }
        let majority = voters.len() as u32 / 2 + 1;
        (voters, best, majority)
    }

    pub(super) fn lose_quorum(&mut self, controller: Option<BrokerId>) {
        self.quorum_lost = true;
        let (voters, reachable, majority) = self.quorum_view();
        self.emit(EventKind::QuorumLost { controller, voters, reachable, majority });
    }

    pub(crate) fn stop_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if !b.running() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already stopped")));
        }
        b.state = crate::broker::BrokerState::Stopped;
        b.unclean_shutdown = true;
        self.emit(EventKind::BrokerStopped { broker: id });
        self.fail_pending_on_leader(id, KafkaError::NetworkException);
        Ok(())
    }

    /// Controlled shutdown, as KRaft runs it: the broker heartbeats `wantShutDown`; the
    /// controller (`BrokerHeartbeatManager.calculateNextBrokerState`,
    /// `ReplicationControlManager.handleBrokerInControlledShutdown`) takes it out of the ISR of
    /// every partition it is in and elects new leaders where it led (the first active ISR
    /// replica; a sole ISR member stays, leaderless), then grants the shutdown: the broker is
    /// fenced and exits. Requests waiting on its leaderships fail with NOT_LEADER_OR_FOLLOWER
    /// (the client retries on the new leader). The exchange takes a heartbeat or two in Kafka;
    /// here it completes at once. Without a reachable active controller nothing can be moved:
    /// the broker gives up waiting and exits, as after a crash.
    pub(crate) fn shutdown_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if !b.running() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already stopped")));
        }
        if !self.reaches_controller(id) {
            self.emit(EventKind::ControlledShutdownTimedOut { broker: id });
            return self.stop_broker(id);
        }
        let led: Vec<TopicPartition> = self.partitions().filter(|p| p.leader == Some(id)).map(|p| p.tp.clone()).collect();
        if let Some(b) = self.brokers.get_mut(&id) {
            b.controlled_shutdown = true;
        }
        // A partition it led alone (the only ISR member) has no one to move to: it goes
        // offline, its ISR kept.
        self.remove_from_isrs(id, IsrShrinkReason::ControlledShutdown);
        let leaders_moved = led.iter().filter(|tp| self.partition(tp).is_some_and(|p| p.leader.is_some())).count() as u32;
        if let Some(b) = self.brokers.get_mut(&id) {
            b.state = crate::broker::BrokerState::Stopped;
            b.fenced = true;
            b.unclean_shutdown = false;
        }
        self.emit(EventKind::BrokerShutDown { broker: id, leaders_moved });
        self.fail_pending_on_leader(id, KafkaError::NotLeaderOrFollower);
        Ok(())
    }

    pub(crate) fn start_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if b.running() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already running")));
        }
        b.state = crate::broker::BrokerState::Running;
        b.controlled_shutdown = false;
        self.emit(EventKind::BrokerStarted { broker: id });
        Ok(())
    }

    pub(crate) fn isolate_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if b.isolated {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is already isolated")));
        }
        b.isolated = true;
        self.emit(EventKind::BrokerIsolated { broker: id });
        Ok(())
    }

    pub(crate) fn heal_broker(&mut self, id: BrokerId) -> Result<(), CommandError> {
        let b = self.broker_mut(id)?;
        if !b.isolated {
            return Err(CommandError::new(CommandErrorKind::InvalidState, format!("broker {id} is not isolated")));
        }
        b.isolated = false;
        self.emit(EventKind::BrokerHealed { broker: id });
        Ok(())
    }

    pub(crate) fn elect_preferred_leaders(&mut self, topic: Option<&str>) -> Result<(), CommandError> {
        if let Some(t) = topic {
            if !self.topics.contains_key(t) {
                return Err(unknown_topic(t));
            }
        }
        if self.controller.is_none() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, "no active controller: the quorum has no majority"));
        }
        let names: Vec<String> = self.topics.keys().filter(|n| topic.is_none_or(|t| t == n.as_str())).cloned().collect();
        for name in names {
            let count = self.topics.get(&name).map_or(0, |t| t.partitions.len());
            for p in 0..count {
                self.run_election(&name, p, ElectionType::Preferred);
            }
        }
        Ok(())
    }

    /// The KRaft quorum: the active controller keeps its place while it runs and reaches a
    /// majority of the voters; otherwise it steps down, and once
    /// `controller.quorum.election.timeout.ms` has passed a voter that reaches a majority wins
    /// the election. When no voter reaches a majority the quorum is lost (`QuorumLost`, once)
    /// until enough voters are back (`QuorumRestored` instead of `ControllerElected`).
    pub(super) fn step_quorum(&mut self) {
        if let Some(c) = self.controller {
            if self.running(c) && self.has_quorum(c) {
                return;
            }
            self.controller = None;
            self.controller_lost_ms = Some(self.now);
            if self.quorum_candidates().is_empty() {
                self.lose_quorum(Some(c));
            } else {
                self.emit(EventKind::ControllerLost { broker: c });
            }
        }
        let candidates = self.quorum_candidates();
        if candidates.is_empty() {
            // The controller stepped down while a majority remained, then lost it too.
            if !self.quorum_lost {
                self.lose_quorum(None);
            }
            return;
        }
        let lost = *self.controller_lost_ms.get_or_insert(self.now);
        if self.now.0 < lost.0 + self.config.controller_election_timeout_ms {
            return;
        }
        // Raft's randomized election timeouts decide who wins; the seeded PRNG stands in.
        let winner = candidates[self.rng.below(candidates.len() as u64) as usize];
        self.controller = Some(winner);
        self.controller_epoch += 1;
        self.controller_lost_ms = None;
        // A new active controller gives every registered broker a fresh session.
        let now = self.now;
        for b in self.brokers.values_mut() {
            b.last_heartbeat_ms = now;
        }
        if self.quorum_lost {
            self.quorum_lost = false;
            let (_, reachable, majority) = self.quorum_view();
            let down_ms = now.0.saturating_sub(lost.0);
            self.emit(EventKind::QuorumRestored { controller: winner, epoch: self.controller_epoch, reachable, majority, down_ms });
        } else {
            self.emit(EventKind::ControllerElected { broker: winner, epoch: self.controller_epoch });
        }
    }

    pub(super) fn step_heartbeats(&mut self) {
        if self.controller.is_none() {
            return;
        }
        let now = self.now;
        let ids: Vec<BrokerId> = self.brokers.keys().copied().collect();
        for id in ids {
            if self.reaches_controller(id) {
                let was_fenced = self.brokers[&id].fenced;
                let unclean = self.brokers[&id].unclean_shutdown;
                if let Some(b) = self.brokers.get_mut(&id) {
                    b.last_heartbeat_ms = now;
                    b.fenced = false;
                    b.unclean_shutdown = false;
                }
                // Registering again after a crash (ELR on): out of every ISR and ELR first.
                if unclean && self.config.eligible_leader_replicas_enable {
                    self.handle_unclean_shutdown(id);
                }
                if was_fenced {
                    self.emit(EventKind::BrokerUnfenced { broker: id });
                }
            } else {
                let b = &self.brokers[&id];
                if !b.fenced && now.0.saturating_sub(b.last_heartbeat_ms.0) > self.config.broker_session_timeout_ms {
                    if let Some(b) = self.brokers.get_mut(&id) {
                        b.fenced = true;
                    }
                    self.emit(EventKind::BrokerFenced { broker: id, session_timeout_ms: self.config.broker_session_timeout_ms });
                    // `ReplicationControlManager.handleBrokerFenced`.
                    self.remove_from_isrs(id, IsrShrinkReason::BrokerFenced);
                }
            }
        }
        // Offline partitions get a leader as soon as an eligible replica is back.
        let offline = self.partitions_where(|p| p.leader.is_none());
        for (topic, p) in offline {
            self.run_election(&topic, p, ElectionType::Online);
        }
    }

    /// When the next automatic leader rebalance runs, if one is scheduled.
    pub fn leader_rebalance_due(&self) -> Option<TimeMs> {
        self.leader_rebalance_due_ms
    }

    /// `auto.leader.rebalance.enable`: while some partition is not led by its preferred replica
    /// (`replicas[0]`; leaderless ones count, `PartitionRegistration.hasPreferredLeader`), the
    /// active controller schedules a check `leader.imbalance.check.interval.seconds` later; it
    /// then runs a preferred election on every such partition, at most 1,000 per pass
    /// (`QuorumController.maybeBalancePartitionLeaders`). The preferred replica wins only if it
    /// is in the ISR and active. KRaft does not use `leader.imbalance.per.broker.percentage`
    /// (only the ZooKeeper controller did): any imbalance counts.
    pub(super) fn step_leader_rebalance(&mut self) {
        if !self.config.auto_leader_rebalance_enable || self.controller.is_none() {
            self.leader_rebalance_due_ms = None;
            return;
        }
        let imbalanced = |p: &Partition| p.leader.is_none() || p.leader != p.replicas.first().copied();
        match self.leader_rebalance_due_ms {
            None => {
                if self.partitions().any(imbalanced) {
                    self.leader_rebalance_due_ms = Some(TimeMs(self.now.0 + self.config.leader_imbalance_check_interval_ms));
                }
            }
            Some(due) if self.now >= due => {
                self.leader_rebalance_due_ms = None;
                let mut targets = self.partitions_where(imbalanced);
                targets.truncate(ELECTIONS_PER_REBALANCE_MAX as usize);
                let moved =
                    targets.iter().filter(|(topic, idx)| self.run_election(topic, *idx, ElectionType::AutoRebalance)).count() as u32;
                self.emit(EventKind::LeadersRebalanced { moved, imbalanced: targets.len() as u32 });
            }
            Some(_) => {}
        }
    }

    /// `ReplicationControlManager.generateLeaderAndIsrUpdates` with `brokerToRemove`: for every
    /// partition whose ISR holds `broker` (or that it leads), one partition change that takes it
    /// out of the ISR (without ELR an ISR is never emptied: `PartitionChangeBuilder.build`) and
    /// elects a leader among the active replicas left.
    pub(super) fn remove_from_isrs(&mut self, broker: BrokerId, reason: IsrShrinkReason) {
        let targets = self.partitions_where(|p| p.isr.contains(&broker) || p.leader == Some(broker));
        let elr = self.config.eligible_leader_replicas_enable;
        for (topic, idx) in targets {
            let p = &self.topics[&*topic].partitions[idx];
            // With ELR an ISR may become empty (its last member moves to the ELR).
            let isr: Vec<BrokerId> =
                if p.isr.len() > 1 || elr { p.isr.iter().copied().filter(|b| *b != broker).collect() } else { p.isr.clone() };
            let shrink = (isr.len() < p.isr.len()).then_some((isr, vec![broker], reason));
            self.partition_change(&topic, idx, shrink, ElectionType::Online, None);
        }
    }

    /// (topic, index) of every partition that `f` picks, in topic order: the controller's
    /// passes collect their targets first, then change them one by one.
    pub(super) fn partitions_where(&self, f: impl Fn(&Partition) -> bool) -> Vec<(Arc<str>, usize)> {
        self.partitions().filter(|p| f(p)).map(|p| (p.tp.topic.clone(), p.tp.partition as usize)).collect()
    }

    /// Runs the controller's election rule on one partition and applies the result; returns
    /// whether the leader changed.
    pub(super) fn run_election(&mut self, topic: &str, idx: usize, election: ElectionType) -> bool {
        self.partition_change(topic, idx, None, election, None)
    }

    /// `ReplicationControlManager.handleBrokerUncleanShutdown` (ELR on): a broker that
    /// registers again after a crash leaves every ISR and ELR, since its log may have lost
    /// records it had not flushed. (The sandbox keeps a crashed broker's log whole; Kafka
    /// cannot know that, so it does not rely on it.)
    pub(super) fn handle_unclean_shutdown(&mut self, broker: BrokerId) {
        let targets = self.partitions_where(|p| p.isr.contains(&broker) || p.elr.contains(&broker));
        for (topic, idx) in targets {
            let p = &self.topics[&*topic].partitions[idx];
            let shrink = p
                .isr
                .contains(&broker)
                .then(|| (p.isr.iter().copied().filter(|b| *b != broker).collect(), vec![broker], IsrShrinkReason::UncleanShutdown));
            self.partition_change(&topic, idx, shrink, ElectionType::Online, Some(broker));
        }
    }

    /// One `PartitionChangeRecord` (`PartitionChangeBuilder.build`): an optional new ISR (with
    /// who left and why), the ELR that follows from it when ELR is on
    /// (`maybePopulateTargetElr`, without `unclean`: a broker that shut down uncleanly), the
    /// leader the election rule picks (`tryElection`: from the ISR, or from the ELR when the ISR
    /// is empty, which makes that replica the ISR), and LastKnownElr
    /// (`maybeUpdateLastKnownLeader`: the old leader when the ISR first becomes empty, cleared
    /// once the partition has a leader). The partition epoch moves once for the whole change,
    /// the leader epoch once if the leader changes (`PartitionRegistration.merge`); a no-op
    /// writes nothing.
    pub(super) fn partition_change(
        &mut self,
        topic: &str,
        idx: usize,
        shrink: Option<(Vec<BrokerId>, Vec<BrokerId>, IsrShrinkReason)>,
        election: ElectionType,
        unclean: Option<BrokerId>,
    ) -> bool {
        let elr_on = self.config.eligible_leader_replicas_enable;
        let Some(t) = self.topics.get(topic) else {
            cannot_fail!("partition_change: no topic {topic}");
            return false;
        };
        let unclean_allowed = t.config.unclean_leader_election_enable;
        let min_isr = t.min_isr_effective();
        let Some(p) = t.partitions.get(idx) else {
            cannot_fail!("partition_change: no partition {topic}-{idx}");
            return false;
        };
        let mut target_isr = shrink.as_ref().map_or_else(|| p.isr.clone(), |(isr, _, _)| isr.clone());
        let unclean_list: Vec<BrokerId> = unclean.into_iter().collect();
        let mut target_elr =
            if elr_on { crate::partition::target_elr(&p.isr, &p.elr, &target_isr, min_isr, &unclean_list) } else { Vec::new() };
        let brokers = &self.brokers;
        // `isActive`: registered, unfenced and not in controlled shutdown.
        let acceptable = |b: BrokerId| brokers.get(&b).is_some_and(|x| x.isr_eligible());
        let last_known_leader = (elr_on && p.last_known_elr.len() == 1).then(|| p.last_known_elr[0]);
        let eligible = Eligible { elr: &target_elr, last_known_leader };
        let result = elect_leader(&p.replicas, &target_isr, eligible, p.leader, acceptable, unclean_allowed, election);
        let was_offline = p.leader.is_none();
        let committed = p.high_watermark();
        let old_leader = p.leader;
        let mut lost = None;
        match result.source {
            LeaderSource::Elr => {
                if let Some(l) = result.leader {
                    target_isr = vec![l];
                    target_elr.retain(|b| *b != l);
                }
            }
            LeaderSource::Unclean | LeaderSource::LastKnownLeader => {
                if let Some(l) = result.leader {
                    let leo = p.logs.get(&l).map_or(Offset(0), |log| log.log_end_offset());
                    if leo < committed && Some(l) != old_leader {
                        lost = Some((leo, committed));
                    }
                    // The ISR is forced to the new leader (`tryElection`), even when it stays.
                    target_isr = vec![l];
                    // `maybeUpdateRecordElr`: an unclean election clears the ELR.
                    target_elr.clear();
                }
            }
            LeaderSource::Isr => {}
        }
        let mut target_last_known = p.last_known_elr.clone();
        if elr_on {
            if target_isr.is_empty() {
                if let Some(l) = old_leader.filter(|l| p.last_known_elr != [*l]) {
                    target_last_known = vec![l];
                }
            } else if result.leader.is_some() {
                target_last_known.clear();
            }
        }
        let leader_changed = result.leader != old_leader;
        let now = self.now;
        let Some(p) = self.topics.get_mut(topic).and_then(|t| t.partitions.get_mut(idx)) else {
            cannot_fail!("partition_change: no partition {topic}-{idx}");
            return false;
        };
        let elr_change = elr_on.then_some((target_elr, target_last_known));
        if !p.apply_change(Some(target_isr), leader_changed.then_some(result.leader), elr_change, now) {
            return false;
        }
        let (tp, epoch, isr) = (p.tp.clone(), p.leader_epoch, p.isr.clone());
        if let Some((_, removed, reason)) = shrink {
            self.emit(EventKind::IsrShrunk { partition: tp.clone(), isr: isr.clone(), removed, reason });
        }
        if !leader_changed {
            return false;
        }
        let kind = election_kind(result.source, election);
        match result.leader {
            Some(leader) => self.emit(EventKind::LeaderElected { partition: tp, leader, leader_epoch: epoch, isr, kind, lost }),
            None if !was_offline => self.emit(EventKind::PartitionOffline { partition: tp, leader_epoch: epoch, isr }),
            None => {}
        }
        // Requests waiting on the old leader fail with NOT_LEADER_OR_FOLLOWER.
        self.complete_pending(topic, idx);
        true
    }
}

/// Which way a failover should be reported: by where the leader came from, then by who asked.
pub(super) fn election_kind(source: LeaderSource, election: ElectionType) -> ElectionKind {
    match (source, election) {
        (LeaderSource::Unclean, _) => ElectionKind::Unclean,
        (LeaderSource::LastKnownLeader, _) => ElectionKind::LastKnownLeader,
        (LeaderSource::Elr, _) => ElectionKind::Elr,
        (LeaderSource::Isr, ElectionType::Preferred) => ElectionKind::Preferred,
        (LeaderSource::Isr, ElectionType::AutoRebalance) => ElectionKind::AutoRebalance,
        (LeaderSource::Isr, ElectionType::Online) => ElectionKind::Clean,
    }
}

/// `QuorumController`'s `maxElectionsPerImbalance`: preferred elections per rebalance pass.
pub(super) const ELECTIONS_PER_REBALANCE_MAX: u32 = 1_000;

impl Cluster {
    /// `Command::ElectLeaders` (`Admin.electLeaders`, `kafka-leader-election.sh`), as the KRaft
    /// controller runs it (`ReplicationControlManager.electLeaders`/`electLeader`): for each
    /// partition asked for (every partition of every topic when `None`, internal ones too), an
    /// unknown topic or partition is skipped (the tool reports UNKNOWN_TOPIC_OR_PARTITION); a
    /// partition already led by its preferred replica (PREFERRED, `hasPreferredLeader`) or that
    /// has a leader at all (UNCLEAN, `hasLeader`) needs no election (ELECTION_NOT_NEEDED); the
    /// others get one partition change (`PartitionChangeBuilder` with `Election.PREFERRED` or
    /// `Election.UNCLEAN`). A preferred election reuses the controller's own rule
    /// (`run_election` with `Preferred`, as `Command::ElectPreferredLeaders` and the automatic
    /// rebalance do). An unclean one runs the online election with unclean election allowed
    /// for this one change, whatever the topic's `unclean.leader.election.enable`: the ISR
    /// first (and the ELR, the last known leader), then any live replica, which may lose
    /// committed records (`LeaderElected` with kind `Unclean` and what was lost). Where nothing
    /// changes the controller writes nothing (PREFERRED_LEADER_NOT_AVAILABLE or
    /// ELIGIBLE_LEADERS_NOT_AVAILABLE for the tool). Per-partition outcomes are not errors of
    /// the request: the caller reads them from the partitions before and after. Without an
    /// active controller nothing can be elected (the admin request would time out).
    pub(crate) fn elect_leaders(
        &mut self,
        election: crate::command::ElectionType,
        partitions: Option<&[crate::ids::TopicPartition]>,
    ) -> Result<(), CommandError> {
        if partitions.is_some_and(|p| p.len() > PARTITIONS_TOTAL_MAX as usize) {
            return Err(CommandError::new(
                CommandErrorKind::LimitExceeded,
                format!("an election names at most {PARTITIONS_TOTAL_MAX} partitions"),
            ));
        }
        if self.controller.is_none() {
            return Err(CommandError::new(CommandErrorKind::InvalidState, "no active controller: the quorum has no majority"));
        }
        let targets: Vec<(Arc<str>, usize)> = match partitions {
            None => self.partitions_where(|_| true),
            Some(list) => {
                list.iter().filter_map(|tp| self.partition(tp).map(|p| (Arc::clone(&p.tp.topic), tp.partition as usize))).collect()
            }
        };
        for (topic, idx) in targets {
            let Some(p) = self.topics.get(&*topic).and_then(|t| t.partitions.get(idx)) else { continue };
            match election {
                crate::command::ElectionType::Preferred => {
                    if p.leader.is_some() && p.leader == p.replicas.first().copied() {
                        continue;
                    }
                    self.run_election(&topic, idx, ElectionType::Preferred);
                }
                crate::command::ElectionType::Unclean => {
                    if p.leader.is_some() {
                        continue;
                    }
                    // `Election.UNCLEAN` allows an unclean leader for this change only: the
                    // topic's setting is lifted around the one partition change and put back.
                    let Some(t) = self.topics.get_mut(&*topic) else { continue };
                    let allowed = std::mem::replace(&mut t.config.unclean_leader_election_enable, true);
                    self.run_election(&topic, idx, ElectionType::Online);
                    if let Some(t) = self.topics.get_mut(&*topic) {
                        t.config.unclean_leader_election_enable = allowed;
                    }
                }
            }
        }
        Ok(())
    }
}
