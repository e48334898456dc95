//! (Being written: issue 25.)

use super::Out;
use crate::cluster::Cluster;

pub fn run(_cluster: &mut Cluster, _args: &[String], out: &mut Out) -> i32 {
    out.eprintln("not built yet");
    1
}
