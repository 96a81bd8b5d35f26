"""Kernel -> store latency of the recorder, sampled from outside while a workload runs.

SQLite: the sink updates partitions.max_ticks (newest event time, .NET ticks) in the transaction of every batch. When
a poll sees it move, every event of that commit is newer than the previous max_ticks, so (now - previous max_ticks)
bounds the latency of the commit's oldest event from above (plus the poll interval). The first baseline is the
sampler's own start (the workload starts after it), not a max_ticks left by an earlier workload seconds before.
Only commits seen while the workload runs (its WORKLOAD seconds, plus 0.6 s for the last batch) count: after the
workload the stream pauses, and the first commit after a pause would measure the pause, not a latency.
Journal: each line's event time (event.time, or @timestamp in ECS) against the time the line was first seen. Writes one latency in ms per line to OUT.sqlite and OUT.journal.
    latency.py DB JOURNAL SECONDS OUT [WORKLOAD]
"""
import json, os, sqlite3, sys, time
db, journal, seconds, out = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]
workload = float(sys.argv[5]) if len(sys.argv) > 5 else seconds
EPOCH_TICKS = 621355968000000000
POLL = 0.02
def iso(ts):
    # 2026-12-02T13:50:01.1234567Z (round-trip format, UTC): whole seconds, then the fraction
    from datetime import datetime, timezone
    whole, _, fraction = ts.rstrip("Z").partition(".")
    seconds = datetime.strptime(whole, "%Y-%m-%dT%H:%M:%S").replace(tzinfo=timezone.utc).timestamp()
    return seconds + (float("0." + fraction) if fraction else 0.0)
def max_ticks(c):
    try: return c.execute("SELECT max(max_ticks) FROM partitions").fetchone()[0]
    except sqlite3.Error: return None
conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) if os.path.exists(db) else None
started_ticks = int(time.time() * 1e7) + EPOCH_TICKS
prev = max(max_ticks(conn) or 0, started_ticks) if conn else None
jf = open(journal) if os.path.exists(journal) else None
if jf: jf.seek(0, 2)
partial = ""
sq, jl = [], []
start = time.time()
end = start + seconds
while time.time() < end:
    time.sleep(POLL)
    t = time.time()
    if conn:
        m = max_ticks(conn)
        if m is not None and prev is not None and m > prev and t - start <= workload + 0.6:
            sq.append((t - (prev - EPOCH_TICKS) / 1e7) * 1000)
        if m is not None: prev = max(prev, m)
    if jf:
        chunk = jf.read()
        if chunk:
            partial += chunk
            *lines, partial = partial.split("\n")
            for line in lines:
                try: e = json.loads(line); jl.append((t - iso(e.get("event.time") or e["@timestamp"])) * 1000)
                except (ValueError, KeyError): pass
with open(out + ".sqlite", "w") as f: f.writelines(f"{v:.1f}\n" for v in sq)
with open(out + ".journal", "w") as f: f.writelines(f"{v:.1f}\n" for v in jl)
