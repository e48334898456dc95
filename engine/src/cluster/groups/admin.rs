//! (Being written: issue 25.)

use crate::cluster::Cluster;
use crate::command::{CommandError, CommandErrorKind};
use crate::ids::{Offset, TopicPartition};

impl Cluster {
    pub(crate) fn alter_group_offsets(&mut self, _group: &str, _offsets: &[(TopicPartition, Offset)]) -> Result<(), CommandError> {
        Err(CommandError::new(CommandErrorKind::InvalidState, "not built yet"))
    }
    pub(crate) fn delete_group(&mut self, _group: &str) -> Result<(), CommandError> {
        Err(CommandError::new(CommandErrorKind::InvalidState, "not built yet"))
    }
}
