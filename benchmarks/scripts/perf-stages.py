#!/usr/bin/env python3
"""Attributes the samples of a `perf record -g` profile of the recorder to pipeline stages.

    python3 benchmarks/scripts/perf-stages.py perf.data

Use with `PERF=perf.data DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 live-into-sqlite.sh` (without
W^X off, jitted code shows as "memfd:doublemapper" and cannot be named). A sample goes to the first stage below
whose marker appears in its stack, samples of the tiered-compilation thread or in libclrjit to JIT; the kind is
the DSO of the sampled instruction. libcoreclr has no symbols: GC and runtime helpers show as "coreclr".
"""
import collections
import re
import subprocess
import sys

STAGES = [
    ("sink: SQLite write", ["Recorder.Plugins.Sinks.Sqlite", "libe_sqlite3"]),
    ("sink worker/queue", ["Recorder.Host.Pipeline.SinkWorker"]),
    ("enrichers", ["Recorder.Plugins.Enrichers", "Recorder.Host.Pipeline.EnricherChain"]),
    ("routing", ["Recorder.Host.Pipeline.RoutingTable"]),
    ("pipeline loop", ["Recorder.Host.Pipeline.EventPipeline", "CollectorEventWriter", "BoundedChannel"]),
    ("collector: parse/assemble/normalise", ["Recorder.Linux.Audit.Parsing", "Recorder.Linux.Audit.Assembly",
        "Recorder.Linux.Audit.Normalization", "EventWriterRecordHandler", "AuditSource::Deliver", "ProcessLoop", "DatagramRing"]),
    ("netlink receive", ["ReceiveLoop", "recvmmsg", "ReceiveBatch"]),
    ("thread pool (idle/spin/wake)", ["sched_yield", "WorkerThread", "PortableThreadPool", "LowLevelLifoSemaphore", "ThreadPoolWorkQueue"]),
]
KINDS = [("kernel", "kernel"), ("coreclr", "coreclr"), ("sqlite", "sqlite"), ("jit", "clrjit"), ("libc", "libc"), ("libc", "ld-linux")]

def kind_of(leaf):
    return next((k for k, marker in KINDS if marker in leaf), "managed")

def main(data):
    out = subprocess.run(["perf", "script", "-i", data, "-F", "comm,tid,ip,sym,dso"], capture_output=True, text=True).stdout
    total, by_thread, kinds = collections.Counter(), collections.Counter(), collections.Counter()
    for block in out.split("\n\n"):
        lines = [l for l in block.splitlines() if l.strip()]
        if len(lines) < 2: continue
        m = re.match(r"\s*(.+?)\s+\d+\s*$", lines[0])
        comm = m.group(1) if m else lines[0].strip()
        frames = [l.strip().split(" ", 1)[-1] for l in lines[1:]]
        stack = " ".join(frames)
        stage = next((name for name, markers in STAGES if any(x in stack for x in markers)), "other")
        if "clrjit" in stack or comm.startswith(".NET Tiered"): stage = "JIT"
        total[stage] += 1; by_thread[(comm, stage)] += 1; kinds[(stage, kind_of(frames[0]))] += 1
    n = sum(total.values())
    print(f"{n} samples")
    for stage, count in total.most_common():
        split = ", ".join(f"{k} {kinds[(stage, k)] * 100 / count:.0f}%" for k in ["managed", "kernel", "coreclr", "libc", "sqlite", "jit"] if kinds[(stage, k)])
        print(f"  {stage:38s} {count * 100 / n:5.1f} %   ({split})")
    print("by thread:")
    for (comm, stage), count in by_thread.most_common():
        if count * 100 / n >= 0.5: print(f"  {comm:18s} {stage:38s} {count * 100 / n:5.1f} %")

if __name__ == "__main__":
    main(sys.argv[1])
