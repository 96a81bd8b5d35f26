#!/usr/bin/env bash
# End-to-end live cost: the built recorder (Release) records file.read events from an open() loop under a
# user-defined rule into the SQLite sink, through netlink, parsing, enrichers and routing. Prints events written,
# kernel lost and the recorder's CPU microseconds per event in steady state (after a warm-up run of the loop, so
# start-up and most JIT compilation are excluded), per thread, next to a baseline measured in the same run: a minimal C
# reader that becomes the audit daemon and recv()s and discards, on the same rule and loop.
# Needs root and gcc; takes the kernel-audit test lock.
#   benchmarks/scripts/live-into-sqlite.sh [seconds] [rounds]
# Environment: WARMUP=seconds (default 5), NO_BUILD=1 (use the existing build), PERF=file (perf record -g the
# recorder during the measured seconds of the last round; run with DOTNET_PerfMapEnabled=1
# DOTNET_EnableWriteXorExecute=0 for .NET symbols),
# any DOTNET_* variable is passed on to the recorder.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECONDS_TO_RUN="${1:-20}"
ROUNDS="${2:-1}"
WARMUP="${WARMUP:-5}"
WORK="$(mktemp -d /tmp/recorder-live-sqlite.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
[ "${NO_BUILD:-}" = 1 ] || dotnet build -c Release "$ROOT/Recorder.sln" -v quiet -nologo >/dev/null
R="dotnet $ROOT/host/Recorder.Cli/bin/Release/net10.0/recorder.dll"

cat > "$WORK/loop.c" <<'C'
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int seconds = argc > 1 ? atoi(argv[1]) : 5; long n = 0; time_t end = time(0) + seconds;
  while (time(0) < end) for (int i = 0; i < 1000; i++) { int fd = open("/etc/hostname", O_RDONLY); if (fd >= 0) close(fd); n++; }
  printf("%ld\n", n); return 0;
}
C
gcc -O2 -o "$WORK/loop" "$WORK/loop.c"
# The baseline (benchmarks/native/min-audit-reader.c, shared with the `live` benchmark): becomes the audit daemon, recv()s each record and throws it away.
gcc -O2 -o "$WORK/reader" "$ROOT/benchmarks/native/min-audit-reader.c"
mkdir -p "$WORK/subs"
cat > "$WORK/subs/reads.yaml" <<'Y'
module: bench
subscriptions:
  - name: reads
    events: [file.read]
    sink: { name: sqlite, options: { path: bench.db } }
Y
cat > "$WORK/recorder.yaml" <<Y
data_dir: $WORK/data
plugin_dirs: [$ROOT/artifacts/plugins]
trust_store: $ROOT/artifacts/trust
subscription_dirs: [$WORK/subs]
Y
RULE="always,exit -F arch=b64 -S openat -F path=/etc/hostname -F perm=r -k bench-read"
echo "-a $RULE" > "$WORK/rules"

# The lock the kernel-audit tests take (tests/Shared/KernelAudit.cs); its file is never deleted.
exec 9>>/tmp/recorder-kernel-audit.lock
flock 9
TCK=$(getconf CLK_TCK)
# utime + stime in clock ticks (fields 14 and 15; the name in parentheses may contain spaces).
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12+$13}'; }
kernel_lost() { auditctl -s | awk '$1=="lost"{print $2}'; }
# CPU ticks per thread name (threads of one name summed), for the per-stage breakdown.
threads() { for t in /proc/$1/task/*; do printf '%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(cpu "${t#/proc/}" 2>/dev/null)"; done; }
echo "live into SQLite: ${SECONDS_TO_RUN} s measured after ${WARMUP} s warm-up, ${ROUNDS} round(s); $(nproc) cores; $(uptime | sed 's/.*load/load/')"
env | grep '^DOTNET_' | grep -v 'CLI_\|NOLOGO\|ASPNET\|WORKLOAD' | sed 's/^/  recorder env: /' || true

for round in $(seq 1 "$ROUNDS"); do
  # Baseline: the minimal C reader on the same rule and loop, at the product's backlog_wait_time 0.
  auditctl -D -k bench-read >/dev/null 2>&1 || true
  auditctl -a $RULE >/dev/null
  WAIT_BEFORE=$(auditctl -s | awk '$1=="backlog_wait_time"{print $2}')
  auditctl --backlog_wait_time 0 >/dev/null
  "$WORK/reader" > "$WORK/reader.out" &
  RPID=$!
  for _ in $(seq 1 50); do [ "$(auditctl -s | awk '$1=="pid"{print $2}')" = "$RPID" ] && break; sleep 0.1; done
  [ "$(auditctl -s | awk '$1=="pid"{print $2}')" = "$RPID" ] || echo "warning: the C reader did not become the audit daemon" >&2
  BL0=$(kernel_lost); BC0=$(cpu $RPID)
  BOPENS=$("$WORK/loop" "$SECONDS_TO_RUN")
  sleep 0.5
  BL1=$(kernel_lost); BC1=$(cpu $RPID)
  kill -TERM $RPID; wait $RPID || true
  BRECORDS=$(cat "$WORK/reader.out")
  auditctl -d $RULE >/dev/null
  auditctl --backlog_wait_time "$WAIT_BEFORE" >/dev/null

  # The recorder.
  rm -rf "$WORK/data"
  $R rules register "$WORK/rules" --config "$WORK/recorder.yaml" >/dev/null
  $R run --config "$WORK/recorder.yaml" > "$WORK/run.log" 2>&1 &
  PID=$!
  for _ in $(seq 1 120); do grep -q "recording;" "$WORK/run.log" && break; sleep 0.5; done
  sleep 1
  status() { $R status --config "$WORK/recorder.yaml" --json | python3 -c '
import json,sys
rows=json.load(sys.stdin)["rows"]
get=lambda d,n:[r["value"] for r in rows if r["domain"].startswith(d) and r["name"]==n][0]
print(get("sink.sqlite#","written"), get("collector.linux-audit","kernel_lost"))'; }
  [ "$WARMUP" -gt 0 ] && "$WORK/loop" "$WARMUP" >/dev/null && sleep 3
  read -r W0 L0 < <(status); C0=$(cpu $PID); threads $PID > "$WORK/threads0"
  if [ -n "${PERF:-}" ] && [ "$round" = "$ROUNDS" ]; then
    perf record -F 499 -g -p "$PID" -o "$PERF" -- sleep "$((SECONDS_TO_RUN + 2))" >/dev/null 2>"$WORK/perf.log" &
    PERFPID=$!
  fi
  OPENS=$("$WORK/loop" "$SECONDS_TO_RUN")
  sleep 3
  read -r W1 L1 < <(status); C1=$(cpu $PID); threads $PID > "$WORK/threads1"
  [ -n "${PERFPID:-}" ] && { wait "$PERFPID" || true; PERFPID=; }
  kill -TERM "$PID"
  if ! wait "$PID"; then echo "warning: the recorder did not exit cleanly; its log:" >&2; tail -20 "$WORK/run.log" >&2; fi
  $R rules remove --config "$WORK/recorder.yaml" >/dev/null

  python3 - "$WORK" "$round" "$OPENS" "$W0" "$W1" "$L0" "$L1" "$C0" "$C1" "$BOPENS" "$BRECORDS" "$BL0" "$BL1" "$BC0" "$BC1" "$TCK" "$SECONDS_TO_RUN" <<'P'
import sys, collections
work = sys.argv[1]; rnd = sys.argv[2]
opens,w0,w1,l0,l1,c0,c1,bopens,brecords,bl0,bl1,bc0,bc1,tck,secs = map(float, sys.argv[3:])
written = w1 - w0; cpu_us = (c1 - c0) / tck * 1e6; per_event = cpu_us / max(written, 1)
base_us = (bc1 - bc0) / tck * 1e6; base_per_event = base_us / max(brecords / 5, 1)  # 5 records per event: SYSCALL CWD PATH PROCTITLE EOE
print(f"round {rnd:>2}: C reader {bopens/secs:>9,.0f} opens/s, kernel lost {bl1-bl0:>8,.0f}, {base_per_event:6.2f} µs/event"
      f" | recorder {opens/secs:>9,.0f} opens/s, written {written/secs:>9,.0f}/s, kernel lost {l1-l0:>8,.0f}, {per_event:6.2f} µs/event"
      f" ({per_event/max(base_per_event,1e-9):.2f}x the C reader)")
with open(f"{work}/rounds", "a") as f: f.write(f"{per_event} {base_per_event} {written/secs}\n")
def load(name):
    d = collections.Counter()
    for line in open(f"{work}/{name}"):
        comm, _, ticks = line.rstrip("\n").partition("\t")
        if ticks.isdigit(): d[comm] += int(ticks)  # a thread that ended while being read has none
    return d
t0, t1 = load("threads0"), load("threads1")
parts = sorted(((t1[k] - t0.get(k, 0)) / tck * 1e6 / max(written, 1), k) for k in t1)
print("          per thread (µs/event): " + ", ".join(f"{k} {v:.2f}" for v, k in reversed(parts) if v >= 0.05))
P
done
python3 - "$WORK/rounds" <<'P'
import sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1])]
if len(rows) > 1:
    rec, base, rate = zip(*rows)
    print(f"{len(rows)} rounds: recorder {min(rec):.2f}–{max(rec):.2f} µs/event, C reader {min(base):.2f}–{max(base):.2f} µs/event,"
          f" written {min(rate):,.0f}–{max(rate):,.0f} events/s")
P
