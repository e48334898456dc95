"""Differential test: our murmur2 (through `ksim murmur2 --hex-lines`) against kafka-python's
Java-compatible murmur2, on random bytes, UTF-8 text with non-ASCII characters and the empty key.
kafka-python returns the hash unsigned; Java (and we) return it signed, so it is converted.
Usage: murmur2_vs_kafka_python.py KSIM [COUNT] [SEED]"""
import random
import subprocess
import sys

from kafka.partitioner.default import murmur2

ksim = sys.argv[1]
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
seed = int(sys.argv[3]) if len(sys.argv) > 3 else 20261123
rng = random.Random(seed)
ALPHABET = "abcXYZ019-_.:/ éüßñçøå€漢字カナ한글😀🚀ΩЖ"


def signed(h):
    return h - (1 << 32) if h & 0x80000000 else h


keys = [b""]
while len(keys) < count:
    kind = rng.randrange(3)
    if kind == 0:
        keys.append(bytes(rng.randrange(256) for _ in range(rng.randrange(0, 70))))
    elif kind == 1:
        keys.append("".join(rng.choice(ALPHABET) for _ in range(rng.randrange(1, 30))).encode("utf-8"))
    else:
        keys.append(f"user-{rng.randrange(100000)}".encode())

proc = subprocess.run([ksim, "murmur2", "--hex-lines"], input="\n".join(k.hex() for k in keys) + "\n",
                      capture_output=True, text=True, check=True)
ours = [int(x) for x in proc.stdout.split()]
assert len(ours) == len(keys), f"ksim returned {len(ours)} hashes for {len(keys)} keys"
failures = [(k, o, signed(murmur2(k))) for k, o in zip(keys, ours) if o != signed(murmur2(k))]
for k, o, t in failures[:5]:
    print(f"MISMATCH key={k.hex()} ours={o} kafka-python={t}")
passed = len(keys) - len(failures)
print(f"murmur2 vs kafka-python (seed {seed}): {passed} of {len(keys)} keys agree")
print(f"differential: {0 if failures else 1} passed, {1 if failures else 0} failed")
sys.exit(1 if failures else 0)
