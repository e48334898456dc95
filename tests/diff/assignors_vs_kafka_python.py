"""Differential test: our consumer partition assignors (through `ksim assign --lines`) against
kafka-python's offline assignors, on random clusters and member sets.

kafka-python is an oracle only where it agrees with Kafka's Java classes
(../shared/kafka/semantics.md §3.3): range always; roundrobin only with identical subscriptions
(with differing ones kafka-python raises KeyError); sticky and cooperative-sticky only without
prior ownership (with it, kafka-python keeps different partitions than Java). Prior ownership is
covered by the Java golden outputs in engine/src/assignor/tests.rs.
Usage: assignors_vs_kafka_python.py KSIM [SCENARIOS_PER_ASSIGNOR] [SEED]"""
import random
import subprocess
import sys
from types import SimpleNamespace

from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
from kafka.coordinator.assignors.sticky.sticky_assignor import StickyPartitionAssignor
from kafka.protocol.consumer.metadata import ConsumerProtocolSubscription

ksim = sys.argv[1]
per_assignor = int(sys.argv[2]) if len(sys.argv) > 2 else 300
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261123
rng = random.Random(seed)


class FakeCluster:  # only what the assignors call
    def __init__(self, topics):
        self._t = topics

    def partitions_for_topic(self, t):
        return set(range(self._t[t])) if t in self._t else None

    def topics(self):
        return set(self._t)


def py_assign(name, topics, members):
    version = 1 if name == "cooperative-sticky" else 0
    ms = [SimpleNamespace(member_id=m, group_instance_id=None,
                          metadata=ConsumerProtocolSubscription(version=version, topics=list(ts), user_data=b"",
                                                                **({"owned_partitions": []} if version else {})))
          for m, ts in members.items()]
    fn = {"range": RangePartitionAssignor.assign, "roundrobin": RoundRobinPartitionAssignor.assign,
          "sticky": StickyPartitionAssignor().assign, "cooperative-sticky": CooperativeStickyAssignor().assign}[name]
    a = fn(FakeCluster(topics), ms)
    return ";".join(m + "=" + ",".join(f"{t}-{p}" for t, p in sorted((t, p) for t, ps in a[m].assigned_partitions for p in ps))
                    for m in sorted(a))


def scenario(identical):
    topics = {f"t{i}": rng.randint(1, 7) for i in range(rng.randint(1, 4))}
    names = sorted(topics)
    members = {}
    for i in range(rng.randint(1, 6)):
        member = rng.choice([f"C{i}", f"consumer-{i}-{rng.randrange(1000)}", f"m{rng.randrange(100)}x{i}"])
        members[member] = names if identical else sorted(rng.sample(names, rng.randint(1, len(names))))
    return topics, members


cases = []
for name in ["range", "roundrobin", "sticky", "cooperative-sticky"]:
    for i in range(per_assignor):
        identical = name == "roundrobin" or i % 2 == 0
        topics, members = scenario(identical)
        cases.append((name, topics, members))

lines = [f"{n}|{','.join(f'{t}:{c}' for t, c in topics.items())}|{';'.join(m + '=' + ','.join(ts) for m, ts in members.items())}"
         for n, topics, members in cases]
proc = subprocess.run([ksim, "assign", "--lines"], input="\n".join(lines) + "\n", capture_output=True, text=True, check=True)
ours = proc.stdout.splitlines()
assert len(ours) == len(cases), f"ksim returned {len(ours)} lines for {len(cases)} scenarios"
failed = 0
counts = {}
for line, out, (name, topics, members) in zip(lines, ours, cases):
    first_round = out.split(" | ")[0]
    theirs = py_assign(name, topics, members)
    ok = first_round == theirs
    counts.setdefault(name, [0, 0])[0 if ok else 1] += 1
    if not ok:
        failed += 1
        if failed <= 5:
            print(f"MISMATCH {line}\n  ours:         {first_round}\n  kafka-python: {theirs}")
summary = ", ".join(f"{n} {c[0]}/{c[0] + c[1]}" for n, c in counts.items())
print(f"assignors vs kafka-python (seed {seed}): {summary} identical")
# One test per assignor: it passes when all of its scenarios agree.
bad = sum(1 for c in counts.values() if c[1])
print(f"differential: {len(counts) - bad} passed, {bad} failed")
sys.exit(1 if failed else 0)
