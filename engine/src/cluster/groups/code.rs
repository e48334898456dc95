//! Where the cluster finds the consumer groups' code (issue 26), as it finds the tools'
//! (`tools/code.rs`) and the codecs' encoders (`compression.rs`). The consumers, their groups'
//! coordinator, the assignors and the offsets they commit are a sixth of the engine's code and
//! run only once a consumer exists, which the first screen never starts; so the hosted page
//! (built with `--cfg ks_split`) loads them as a chunk when something first needs them: the
//! groups' panel, the terminal, a lesson, session or link that holds a group command, the
//! benchmark scenarios. The cluster reaches them only through `CODE`, a table of function
//! pointers that only the chunk's entry point names, and the app `install`s it once the chunk
//! has arrived. Every other build (native, tests, `trunk serve`) has them linked in: `loaded` is
//! always `Some(&CODE)`.
//!
//! Replay stays exact: without the code, `Cluster::apply` refuses a command that needs it
//! (`Command::needs_groups`), before the log, as it refuses a compressing command without the
//! encoders; and nothing else reaches a group before one of those commands made it.

use super::Cluster;
use crate::command::{Command, CommandError, Outcome};
use crate::event::RebalanceReason;
use crate::transaction_metadata::TxnOffsets;

/// The entry points the rest of the cluster calls.
pub struct GroupCode {
    /// A tick of the groups and their consumers (`Cluster::step_groups`).
    pub(crate) step: fn(&mut Cluster),
    /// A group command (`Command::needs_groups`, the tools' lines aside).
    pub(crate) execute: fn(&mut Cluster, Command) -> Result<Outcome, CommandError>,
    /// A topic's partitions changed under a group with members (KIP-848's epoch bump).
    pub(crate) bump_epoch: fn(&mut Cluster, &str, RebalanceReason),
    /// `__consumer_offsets`, created on first use (a transaction's offsets go there).
    pub(crate) ensure_offsets_topic: fn(&mut Cluster) -> Result<(), CommandError>,
    /// A committed transaction's offsets reach their group.
    pub(crate) apply_txn_offsets: fn(&mut Cluster, TxnOffsets),
}

/// The groups' code. In a split build only the chunk's entry point refers to it.
pub static CODE: GroupCode = GroupCode {
    step: Cluster::step_groups,
    execute: Cluster::execute_group_command,
    bump_epoch: Cluster::bump_group_epoch,
    ensure_offsets_topic: Cluster::ensure_offsets_topic,
    apply_txn_offsets: Cluster::apply_txn_offsets,
};

code_slot!(loaded, GroupCode, CODE);

impl Cluster {
    /// `bump_group_epoch` through `CODE`, for the admin commands that change a subscribed
    /// topic: a group with members exists only where the code ran.
    pub(in crate::cluster) fn bump_group_epoch_loaded(&mut self, group: &str, reason: RebalanceReason) {
        if let Some(code) = loaded() {
            (code.bump_epoch)(self, group, reason);
        }
    }

    /// `ensure_offsets_topic` through `CODE`, for a transaction's offsets (sent only where the
    /// code is: `Command::needs_groups`).
    pub(in crate::cluster) fn ensure_offsets_topic_loaded(&mut self) -> Result<(), CommandError> {
        match loaded() {
            Some(code) => (code.ensure_offsets_topic)(self),
            None => Err(CommandError::new(crate::command::CommandErrorKind::InvalidState, super::super::GROUPS_NOT_LOADED)),
        }
    }

    /// `apply_txn_offsets` through `CODE`.
    pub(in crate::cluster) fn apply_txn_offsets_loaded(&mut self, offsets: TxnOffsets) {
        if let Some(code) = loaded() {
            (code.apply_txn_offsets)(self, offsets);
        }
    }

    /// The group commands' effects (`Cluster::execute` hands them here through `CODE`).
    fn execute_group_command(&mut self, command: Command) -> Result<Outcome, CommandError> {
        let done = |r: Result<(), CommandError>| r.map(|()| Outcome::Done);
        match command {
            Command::AddConsumer { config } => self.add_consumer(config).map(Outcome::ConsumerStarted),
            Command::CloseConsumer { consumer } => done(self.close_consumer(consumer)),
            Command::CrashConsumer { consumer } => done(self.crash_consumer(consumer)),
            Command::SetConsumerPolling { consumer, polling } => done(self.set_consumer_polling(consumer, polling)),
            Command::SetConsumerProcessing { consumer, ms_per_record } => done(self.set_consumer_processing(consumer, ms_per_record)),
            Command::AlterGroupOffsets { group, offsets } => done(self.alter_group_offsets(&group, &offsets)),
            Command::DeleteGroup { group } => done(self.delete_group(&group)),
            Command::DeleteGroupOffsets { group, partitions } => {
                self.delete_group_offsets(&group, &partitions).map(Outcome::OffsetsDeleted)
            }
            _ => Err(CommandError::new(crate::command::CommandErrorKind::InvalidState, "not a group command")),
        }
    }
}
