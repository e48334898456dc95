use super::{Out, ToolSignal};
use crate::cluster::Cluster;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Running {
    pub consumer: crate::ids::ConsumerId,
}

pub fn run(_cluster: &mut Cluster, _args: &[String], out: &mut Out) -> i32 {
    out.eprintln("not built yet");
    1
}
pub(crate) fn signal(_c: &mut Cluster, _run: Running, _s: ToolSignal, _out: &mut Out) -> Option<i32> {
    Some(1)
}
pub(crate) fn tick(_c: &mut Cluster, _run: Running, _out: &mut Out) -> Option<i32> {
    Some(1)
}
pub(crate) fn polled(_c: &mut Cluster, _run: Running, _out: &mut Out) -> Option<i32> {
    Some(1)
}
