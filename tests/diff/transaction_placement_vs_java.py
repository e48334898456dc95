"""Differential test: the __transaction_state partition of random transactional ids (through
`ksim txn-partition`) against Java's String.hashCode run by the JDK (TransactionPlacement.java),
on ASCII, non-ASCII and astral-plane text (surrogate pairs) and ids whose hash is Integer.MIN_VALUE.
Usage: transaction_placement_vs_java.py KSIM [COUNT] [SEED]"""
import os
import random
import subprocess
import sys

ksim = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261202
rng = random.Random(seed)
ALPHABET = "abcXYZ019-_.:/ éüßñçøå€漢字カナ한글😀🚀ΩЖ"
# "polygenelubricants" hashes to Integer.MIN_VALUE: Utils.abs maps it to 0.
ids = ["polygenelubricants", "a", "tx-1", "orders-app"]
while len(ids) < count:
    if rng.randrange(2):
        ids.append("".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 40))))
    else:
        ids.append(f"txn-{rng.randrange(10**9)}")
payload = "\n".join(i.encode("utf-8").hex() for i in ids) + "\n"
here = os.path.dirname(os.path.abspath(__file__))
java = subprocess.run(["java", os.path.join(here, "TransactionPlacement.java")], input=payload, capture_output=True, text=True, check=True)
ours = subprocess.run([ksim, "txn-partition"], input=payload, capture_output=True, text=True, check=True)
theirs, mine = java.stdout.split(), ours.stdout.split()
assert len(theirs) == len(ids) and len(mine) == len(ids), f"{len(theirs)} and {len(mine)} answers for {len(ids)} ids"
failures = [(i, m, t) for i, m, t in zip(ids, mine, theirs) if m != t]
for i, m, t in failures[:5]:
    print(f"MISMATCH id={i!r} ours={m} java={t}")
print(f"__transaction_state placement vs Java (seed {seed}): {len(ids) - len(failures)} of {len(ids)} ids agree")
print(f"differential: {0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
