#!/usr/bin/env bash
# The recorder next to auditd and a raw reader, in one run, on the same kernel rules and workloads.
#
# Readers, one after the other, each the kernel's audit daemon (netlink unicast) in turn:
#   recorder  the Release build, `recorder run` on the shipped defaults (manifests/subscriptions: SQLite history and
#             JSON-lines journal), data in a temporary folder. It runs first: its rules, as `auditctl -l` lists them
#             while it runs, and its backlog settings are what the other two readers get.
#   raw       benchmarks/native/min-audit-reader.c: recv() and discard.
#   auditd    /usr/sbin/auditd with its own configuration (/etc/audit/auditd.conf: ENRICHED log, INCREMENTAL_ASYNC).
# Workloads (benchmarks/exec-vs-auditd/load.c): a fork+exec loop of /bin/true at its natural rate, the same paced at
# EXEC_RATE/s, a file-write loop (open O_TRUNC + write + close) paced at WRITE_RATE/s (0 = natural); then the
# recorder's idle CPU over IDLE seconds. The recorder first gets a warm-up of every workload (WARMUP seconds of the
# natural exec loop, then a third of that each of the paced loop and the write loop) and then up to 60 s for the
# tiered JIT to finish what the warm-up made hot (until its thread used no CPU for 3 s): what is measured is the
# steady state a recorder that has run for hours is in. Start-up CPU and the warm-up's JIT CPU are reported apart.
#
# What is counted: user + system CPU of the reader's process, all threads (/proc/<pid>/stat), over the workload's
# seconds, divided by the operations the loop completed (an exec is a process.start and a process.exit). kauditd
# (the kernel's sender) and the loop itself are not counted, for any reader. Kernel lost is the `lost` counter of
# `auditctl -s` (AUDIT_GET) over the workload. The rules are machine-wide: execs of anything else running on the
# machine are recorded too, and records/op shows how much of that there was.
#
# Needs root, gcc (or cc), auditctl, auditd, python3. Takes the kernel-audit test lock (tests/Shared/KernelAudit.cs)
# and restores the audit rules, enabled flag, audit pid owner (auditd restarted if it was running), backlog
# limit and wait time on exit, failure included.
#   benchmarks/exec-vs-auditd/run.sh [seconds per workload, default 10]
# Environment: EXEC_RATE (200), WRITE_RATE (5000), WARMUP (10), IDLE (30), NO_BUILD=1 (use the existing Release
# build), READERS ("recorder raw auditd"; recorder must come first), PLUGINS (the bundle folder, default
# artifacts/plugins, which a Debug build overwrites with Debug bundles: build Release with
# -p:RecorderPluginBundleRoot=<folder> to keep them apart), any DOTNET_* is passed on to the recorder,
# PERF=file: perf record -g the recorder during the paced exec workload (use with DOTNET_PerfMapEnabled=1),
# RECORDER_CONFIG_EXTRA: YAML appended to the recorder's configuration (e.g. "pipeline: {batch_delay_ms: 500}").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECS="${1:-10}"
EXEC_RATE="${EXEC_RATE:-200}"
WRITE_RATE="${WRITE_RATE:-5000}"
WARMUP="${WARMUP:-10}"
IDLE="${IDLE:-30}"
READERS="${READERS:-recorder raw auditd}"
PLUGINS="${PLUGINS:-$ROOT/artifacts/plugins}"
WORK="$(mktemp -d /tmp/exec-vs-auditd.XXXXXX)"
CC="$(command -v gcc || command -v cc || true)"
[ -n "$CC" ] || { echo "needs gcc or cc" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "needs root" >&2; exit 2; }

[ "${NO_BUILD:-}" = 1 ] || dotnet build -c Release "$ROOT/Recorder.sln" -m:1 -v quiet -nologo >/dev/null
RECORDER_DLL="$ROOT/host/Recorder.Cli/bin/Release/net10.0/recorder.dll"
"$CC" -O2 -o "$WORK/load" "$ROOT/benchmarks/exec-vs-auditd/load.c"
"$CC" -O2 -o "$WORK/raw" "$ROOT/benchmarks/native/min-audit-reader.c"

# The lock the kernel-audit tests take; its file is never deleted (see KernelAudit.Lock).
exec 9>>/tmp/recorder-kernel-audit.lock
echo "waiting for the kernel-audit lock..." >&2
flock 9

status_field() { auditctl -s | awk -v k="$1" '$1==k{print $2}'; }
# What we change, saved before changing it.
auditctl -l > "$WORK/rules.before" 2>/dev/null || true
ENABLED_BEFORE=$(status_field enabled)
BACKLOG_BEFORE=$(status_field backlog_limit)
WAIT_BEFORE=$(status_field backlog_wait_time)
AUDITD_BEFORE=$(pidof auditd || true)
STARTED_PID=
restore() {
  set +e
  [ -n "$STARTED_PID" ] && kill -TERM "$STARTED_PID" 2>/dev/null && for _ in $(seq 1 100); do kill -0 "$STARTED_PID" 2>/dev/null || break; sleep 0.1; done
  [ -n "$STARTED_PID" ] && kill -KILL "$STARTED_PID" 2>/dev/null
  for p in $(pidof auditd); do [ -z "$AUDITD_BEFORE" ] && kill -TERM "$p"; done
  sleep 0.5
  auditctl -D >/dev/null 2>&1
  grep -v '^No rules' "$WORK/rules.before" > "$WORK/rules.restore" 2>/dev/null
  [ -s "$WORK/rules.restore" ] && auditctl -R "$WORK/rules.restore" >/dev/null 2>&1
  auditctl -b "$BACKLOG_BEFORE" --backlog_wait_time "$WAIT_BEFORE" >/dev/null 2>&1
  if [ -n "$AUDITD_BEFORE" ] && [ -z "$(pidof auditd)" ]; then /usr/sbin/auditd; fi
  auditctl -e "$ENABLED_BEFORE" >/dev/null 2>&1
  rm -rf "$WORK"
}
trap restore EXIT
trap 'exit 130' INT TERM

TCK=$(getconf CLK_TCK)
cpu() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12+$13}'; }
threads() { for t in /proc/$1/task/*; do printf '%s\t%s\t%s\n' "$(cat "$t/comm" 2>/dev/null)" "$(cpu "${t#/proc/}" 2>/dev/null)" "$(awk '$1=="voluntary_ctxt_switches:"{v=$2} $1=="nonvoluntary_ctxt_switches:"{n=$2} END{print v+n}' "$t/status" 2>/dev/null)"; done; }
task_ns() { local t; for t in /proc/$1/task/*; do echo "${t##*/} $(cut -d' ' -f1 "$t/schedstat" 2>/dev/null || echo 0)"; done; }
jit_ticks() { local t s=0; for t in /proc/$1/task/*; do [[ "$(cat "$t/comm" 2>/dev/null)" == ".NET Tiered Com"* ]] && s=$((s + $(cpu "${t#/proc/}"))); done; echo $s; }
wakeups() { cat /proc/$1/task/*/status 2>/dev/null | awk '$1=="voluntary_ctxt_switches:"{s+=$2} END{print s+0}'; }
audit_pid_is() { for _ in $(seq 1 100); do [ "$(status_field pid)" = "$1" ] && return 0; sleep 0.1; done; echo "warning: $1 did not become the audit daemon" >&2; return 1; }
stop_auditd() { for p in $(pidof auditd); do kill -TERM "$p"; while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done; }

echo "exec-vs-auditd: ${SECS} s per workload; exec paced at ${EXEC_RATE}/s, writes at ${WRITE_RATE}/s (0 = natural); $(nproc) cores; $(uptime | sed 's/.*load/load/')"
env | grep '^DOTNET_' | grep -v 'CLI_\|NOLOGO\|ASPNET\|WORKLOAD' | sed 's/^/  recorder env: /' || true

# One workload for the reader with process PID: CPU, lost, records, wake-ups -> one line of $WORK/results.
# measure READER WORKLOAD PID COMMAND...
measure() {
  local reader=$1 workload=$2 pid=$3; shift 3
  local l0 c0 w0 l1 c1 w1 out
  [ "$reader" = recorder ] && { threads "$pid" > "$WORK/threads0"; task_ns "$pid" > "$WORK/ns0"; }
  local secs=$SECS; [ "$workload" = idle ] && secs=$IDLE
  [ "$reader" = recorder ] && python3 "$ROOT/benchmarks/exec-vs-auditd/latency.py" "$WORK/data/recorder.db" "$WORK/data/journal/events.jsonl" "$((secs + 1))" "$WORK/latency.$workload" "$secs" &
  local sampler=$!
  if [ -n "${PERF:-}" ] && [ "$reader" = recorder ] && [ "$workload" = exec-paced ]; then
    perf record -F 499 -g -p "$pid" -o "$PERF" -- sleep "$SECS" >/dev/null 2>"$WORK/perf.log" &
  fi
  l0=$(status_field lost); c0=$(cpu "$pid"); w0=$(wakeups "$pid")
  out=$("$@")
  sleep 1 # what the loop caused, read and stored
  l1=$(status_field lost); c1=$(cpu "$pid"); w1=$(wakeups "$pid")
  [ "$reader" = recorder ] && { task_ns "$pid" > "$WORK/ns1"; wait "$sampler" || true; threads "$pid" > "$WORK/threads1"; }
  if [ "$reader" = recorder ] && [ "$workload" = idle ]; then
    # Nanoseconds on CPU per thread (schedstat), for a figure finer than the 10 ms ticks of /proc/<pid>/stat; a
    # thread that ended inside the window is not counted (idle, those are retiring thread-pool workers).
    awk -v secs="$secs" 'NR==FNR {a[$1]=$2; next} {d += $2 - ($1 in a ? a[$1] : 0)} END {printf "  recorder idle, per-thread schedstat: %.1f ms CPU over %d s = %.3f %% of a core\n", d/1e6, secs, d/1e7/secs}' "$WORK/ns0" "$WORK/ns1" >> "$WORK/details"
  fi
  echo "$reader $workload $out $((c1 - c0)) $((l1 - l0)) $((w1 - w0))" >> "$WORK/results"
  if [ "$reader" = recorder ]; then
    python3 - "$WORK" "$workload" "$TCK" "${out%% *}" >> "$WORK/details" <<'P'
import collections, sys
work, workload, tck, ops = sys.argv[1], sys.argv[2], float(sys.argv[3]), max(float(sys.argv[4]), 1)
def load(name):
    d = collections.defaultdict(lambda: [0, 0])
    for line in open(f"{work}/{name}"):
        parts = line.rstrip("\n").split("\t")
        if len(parts) == 3 and parts[1].isdigit():
            d[parts[0]][0] += int(parts[1]); d[parts[0]][1] += int(parts[2] or 0)
    return d
t0, t1 = load("threads0"), load("threads1")
rows = sorted(((t1[k][0] - t0.get(k, [0, 0])[0]) / tck * 1e6 / ops, (t1[k][1] - t0.get(k, [0, 0])[1]) / ops, k) for k in t1)
print(f"  recorder {workload}: per thread, µs CPU / switches per op: " + ", ".join(f"{k} {c:.0f}/{s:.2f}" for c, s, k in reversed(rows) if c >= 1 or s >= 0.05))
def pct(name):
    try: v = sorted(float(x) for x in open(f"{work}/latency.{workload}.{name}"))
    except OSError: return None
    return (len(v), v[min(len(v) - 1, int(len(v) * 0.99))], v[-1], v[len(v) // 2]) if v else None
# Idle, the stream is a trickle with pauses: the SQLite bound (from the previous commit) would measure the pauses.
for name in ("journal",) if workload == "idle" else ("sqlite", "journal"):
    if (p := pct(name)): print(f"  recorder {workload}: kernel -> {name} latency over {p[0]} samples: median {p[3]:.0f} ms, p99 {p[1]:.0f} ms, max {p[2]:.0f} ms")
P
  fi
}

workloads() { # READER PID
  measure "$1" exec-natural "$2" "$WORK/load" exec "$SECS" 0
  measure "$1" exec-paced "$2" "$WORK/load" exec "$SECS" "$EXEC_RATE"
  measure "$1" write "$2" "$WORK/load" write "$SECS" "$WRITE_RATE" "$WORK/written.txt"
}

stop_auditd
for reader in $READERS; do
  case $reader in
  recorder)
    mkdir -p "$WORK/data"
    cat > "$WORK/recorder.yaml" <<Y
data_dir: $WORK/data
plugin_dirs: [$PLUGINS]
trust_store: $ROOT/artifacts/trust
subscription_dirs: [$ROOT/manifests/subscriptions]
${RECORDER_CONFIG_EXTRA:-}
Y
    auditctl -D >/dev/null
    T0=$(date +%s.%N)
    dotnet "$RECORDER_DLL" run --config "$WORK/recorder.yaml" > "$WORK/run.log" 2>&1 &
    PID=$!; STARTED_PID=$PID
    for _ in $(seq 1 240); do grep -q "recording;" "$WORK/run.log" && break; kill -0 $PID || break; sleep 0.25; done
    grep -q "recording;" "$WORK/run.log" || { echo "the recorder did not start:" >&2; cat "$WORK/run.log" >&2; exit 1; }
    T1=$(date +%s.%N); START_TICKS=$(cpu $PID)
    audit_pid_is $PID || true
    echo "  recorder start-up: $(python3 -c "print(f'{($START_TICKS)/$TCK*1000:.0f} ms CPU, {$T1-$T0:.1f} s wall to \"recording\"')")" >> "$WORK/details"
    auditctl -l > "$WORK/rules"
    RULE_BACKLOG=$(status_field backlog_limit); RULE_WAIT=$(status_field backlog_wait_time)
    echo "  rules: $(grep -c . "$WORK/rules") from the recorder; backlog_limit $RULE_BACKLOG, backlog_wait_time $RULE_WAIT" >> "$WORK/details"
    JIT0=$(jit_ticks $PID)
    "$WORK/load" exec "$WARMUP" 0 >/dev/null
    "$WORK/load" exec "$((WARMUP / 3 + 1))" "$EXEC_RATE" >/dev/null
    "$WORK/load" write "$((WARMUP / 3 + 1))" "$WRITE_RATE" "$WORK/written.txt" >/dev/null
    quiet_for=0; waited=0; last=$(jit_ticks $PID)
    while [ $quiet_for -lt 3 ] && [ $waited -lt 60 ]; do
      sleep 1; waited=$((waited + 1)); now=$(jit_ticks $PID)
      if [ "$now" = "$last" ]; then quiet_for=$((quiet_for + 1)); else quiet_for=0; last=$now; fi
    done
    echo "  recorder warm-up: tiered JIT $(python3 -c "print(f'{($last - $JIT0)/$TCK*1000:.0f}')") ms CPU during the warm-up and ${waited} s after it until quiet" >> "$WORK/details"
    workloads recorder $PID
    sleep 2
    measure recorder idle $PID bash -c "sleep $IDLE; echo 0 $IDLE"
    kill -TERM $PID; wait $PID || echo "warning: the recorder did not exit cleanly" >&2
    STARTED_PID=
    ;;
  raw|auditd)
    [ -s "$WORK/rules" ] || { echo "the recorder must run first (its rules are the rules)" >&2; exit 2; }
    auditctl -D >/dev/null
    auditctl -R "$WORK/rules" >/dev/null
    auditctl -b "$RULE_BACKLOG" --backlog_wait_time "$RULE_WAIT" -e 1 >/dev/null
    if [ $reader = raw ]; then
      "$WORK/raw" > "$WORK/raw.out" & PID=$!
    else
      /usr/sbin/auditd; sleep 0.5; PID=$(pidof auditd)
    fi
    STARTED_PID=$PID
    audit_pid_is $PID || true
    workloads $reader $PID
    kill -TERM $PID; while kill -0 $PID 2>/dev/null; do sleep 0.1; done
    [ $reader = raw ] && { wait $PID || true; }
    STARTED_PID=
    auditctl -D >/dev/null
    ;;
  esac
done

cat "$WORK/details"
python3 - "$WORK/results" "$TCK" "$IDLE" "$WORK/latency.idle.journal" <<'P'
import os, sys
path, tck, idle, idle_journal = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4]
r = {}
for line in open(path):
    reader, workload, ops, secs, ticks, lost, wakes = line.split()
    ops, secs = int(ops), float(secs)
    r[(reader, workload)] = dict(ops=ops, secs=secs, us=int(ticks) / tck * 1e6 / max(ops, 1), lost=int(lost), wakes=int(wakes) / max(ops, 1), cpu=int(ticks) / tck)
print(f"\n{'workload':<13} {'reader':<9} {'ops/s':>8} {'µs CPU/op':>10} {'lost':>8} {'wake-ups/op':>11} {'vs raw':>7} {'vs auditd':>9}")
for workload in ("exec-natural", "exec-paced", "write"):
    for reader in ("raw", "auditd", "recorder"):
        x = r.get((reader, workload))
        if not x: continue
        raw, aud = r.get(("raw", workload)), r.get(("auditd", workload))
        vs = lambda b: f"{x['us'] / b['us']:.2f}x" if b and b['us'] > 0 else "-"
        print(f"{workload:<13} {reader:<9} {x['ops'] / x['secs']:>8,.0f} {x['us']:>10.1f} {x['lost']:>8,} {x['wakes']:>11.2f} {vs(raw):>7} {vs(aud):>9}")
if (x := r.get(("recorder", "idle"))):
    # The machine is never silent: whatever else runs (cron, shells, the tools driving this run) is audited too.
    seen = sum(1 for _ in open(idle_journal)) if os.path.exists(idle_journal) else 0
    # Wake-ups are summed over live threads: thread-pool workers that retired meanwhile take theirs with them.
    print(f"\nrecorder idle: {x['cpu'] / idle * 100:.3f} % of a core over {idle:.0f} s ({x['cpu'] * 1000:.0f} ms CPU), "
          + (f"{x['wakes'] * max(x['ops'], 1) / idle:.1f} voluntary wake-ups/s; " if x['wakes'] >= 0 else "")
          + f"{seen} events of other processes journaled meanwhile ({seen / idle:.1f}/s)")

P
