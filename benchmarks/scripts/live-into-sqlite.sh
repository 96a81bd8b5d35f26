#!/usr/bin/env bash
# End-to-end live cost: the built recorder (Release) records file.read events from an open() loop under a
# user-defined rule into the SQLite sink, through netlink, parsing, enrichers and routing. Prints events written,
# kernel lost and the recorder's CPU microseconds per event. Needs root and gcc; takes the kernel-audit test lock.
#   sudo benchmarks/scripts/live-into-sqlite.sh [seconds]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
SECONDS_TO_RUN="${1:-5}"
WORK="$(mktemp -d /tmp/recorder-live-sqlite.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
dotnet build -c Release "$ROOT/Recorder.sln" -v quiet -nologo >/dev/null
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
echo "-a always,exit -F arch=b64 -S openat -F path=/etc/hostname -F perm=r -k bench-read" > "$WORK/rules"

exec 9>/tmp/recorder-kernel-audit.lock
flock 9
$R rules register "$WORK/rules" --config "$WORK/recorder.yaml" >/dev/null
$R run --config "$WORK/recorder.yaml" > "$WORK/run.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do grep -q "recording;" "$WORK/run.log" && break; sleep 0.5; done
sleep 2
cpu() { awk '{print $14+$15}' "/proc/$PID/stat"; }
status() { $R status --config "$WORK/recorder.yaml" --json | python3 -c '
import json,sys
rows=json.load(sys.stdin)["rows"]
get=lambda d,n:[r["value"] for r in rows if r["domain"].startswith(d) and r["name"]==n][0]
print(get("sink.sqlite#","written"), get("collector.linux-audit","kernel_lost"))'; }
read -r W0 L0 < <(status); C0=$(cpu)
OPENS=$("$WORK/loop" "$SECONDS_TO_RUN")
sleep 4
read -r W1 L1 < <(status); C1=$(cpu)
kill -TERM "$PID"; wait "$PID" || true
$R rules remove --config "$WORK/recorder.yaml" >/dev/null
TCK=$(getconf CLK_TCK)
python3 - "$OPENS" "$W0" "$W1" "$L0" "$L1" "$C0" "$C1" "$TCK" "$SECONDS_TO_RUN" <<'P'
import sys
opens,w0,w1,l0,l1,c0,c1,tck,secs=map(float,sys.argv[1:])
written=w1-w0; cpu_us=(c1-c0)/tck*1e6
print(f"open() calls under the rule: {opens:,.0f} in {secs:.0f} s ({opens/secs:,.0f}/s offered)")
print(f"events written to SQLite:    {written:,.0f}  kernel lost: {l1-l0:,.0f}")
print(f"recorder CPU per event:      {cpu_us/max(written,1):.1f} µs (all threads: netlink, parse, enrich, route, SQLite)")
P
