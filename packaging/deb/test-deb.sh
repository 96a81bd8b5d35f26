#!/usr/bin/env bash
# The Debian package end to end, on this machine, as root (CI runs it from .ci/run after the tests):
#   build two packages (versions 0.0.1 and 0.0.2) signed with a throwaway release key made here, never the dev key;
#   dpkg -i the first; the unit passes `systemd-analyze verify`; the installed /usr/bin/recorder runs on the installed
#   layout (no checkout involved, started from /), records a real exec that `recorder timeline` finds, and stops
#   cleanly; a plugin made from the template builds against the installed contracts and the installed recorder
#   verifies it; upgrade to the second package: the history is kept and still answered, the conffiles and trust too;
#   downgrade to the first: its plugins are refused (rollback) and the history is untouched; upgrade again;
#   dpkg -r keeps the history; dpkg -P removes it and leaves the kernel's audit state as it was before.
# No systemd runs here, so the recorder is started by hand. Whatever fails, the package is purged and the recorder
# stopped on exit; the machine-wide kernel-audit lock that the tests take is held while the package is installed.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "test-deb.sh: needs root (dpkg -i, kernel audit)" >&2; exit 1; }
if dpkg-query -W -f='${Status}' recorder 2>/dev/null | grep -q 'ok installed\|config-files'; then
  echo "test-deb.sh: a 'recorder' package is already on this machine; the test would replace and purge it" >&2
  exit 1
fi

tmp="$(mktemp -d /tmp/recorder-deb-test.XXXXXX)"
chmod 0755 "$tmp"
recorder_pid=""
step() { echo "test-deb.sh: $*"; }
fail() { echo "test-deb.sh: FAILED: $*" >&2; exit 1; }

cleanup() {
  local status=$?
  if [ -n "$recorder_pid" ] && kill -0 "$recorder_pid" 2>/dev/null; then
    kill -TERM "$recorder_pid" 2>/dev/null || true
    for _ in $(seq 60); do kill -0 "$recorder_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$recorder_pid" 2>/dev/null || true
  fi
  if dpkg-query -W -f='${Status}' recorder 2>/dev/null | grep -q 'installed\|config-files\|half'; then
    dpkg -P recorder >/dev/null 2>&1 || echo "test-deb.sh: could not purge the recorder package" >&2
  fi
  if [ $status -ne 0 ] && [ -f "$tmp/recorder.log" ]; then echo "--- recorder log (last 40 lines)"; tail -40 "$tmp/recorder.log"; fi
  rm -rf "$tmp"
  exit $status
}
trap cleanup EXIT

# A throwaway release key: a P-256 PKCS#8 key with the key-id header `recorder keys new` writes.
key="$tmp/keys/release-test-$$.private.pem"
mkdir -m 0700 "$tmp/keys"
{ echo "key-id: release-test-$$"; openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null; } > "$key"
chmod 0600 "$key"

step "building recorder 0.0.1 and 0.0.2"
"$repo/packaging/deb/build-deb.sh" --key "$key" --version 0.0.1 --out "$tmp/debs" > "$tmp/build1.log" 2>&1 || { cat "$tmp/build1.log"; fail "build of 0.0.1"; }
"$repo/packaging/deb/build-deb.sh" --key "$key" --version 0.0.2 --out "$tmp/debs" > "$tmp/build2.log" 2>&1 || { cat "$tmp/build2.log"; fail "build of 0.0.2"; }
deb1="$tmp/debs/recorder_0.0.1_amd64.deb" deb2="$tmp/debs/recorder_0.0.2_amd64.deb"
if dpkg-deb -c "$deb1" | grep -q 'development'; then fail "the package holds a development key file"; fi

# The kernel's audit state is the machine's: hold the lock the kernel-audit tests take while the package is in use.
exec 9>"/tmp/recorder-kernel-audit.lock"
step "waiting for the kernel-audit lock"
flock 9
audit_before="$(auditctl -s | grep -E '^(enabled|pid|backlog_limit) ')"

recorder() { (cd / && env -u RECORDER_CHECKOUT /usr/bin/recorder "$@"); }

start_recorder() {
  (cd / && exec env -u RECORDER_CHECKOUT /usr/bin/recorder run >> "$tmp/recorder.log" 2>&1) &
  recorder_pid=$!
  for _ in $(seq 90); do
    if recorder status 2>/dev/null | grep -Eq '^recorder +state +running'; then return 0; fi
    kill -0 "$recorder_pid" 2>/dev/null || fail "recorder run exited at start"
    sleep 1
  done
  fail "recorder did not reach running within 90 s"
}

# A clean stop: the recorder drains, logs "stopped" and gives the kernel's audit settings back.
stop_recorder() {
  kill -TERM "$recorder_pid"
  local code=0
  wait "$recorder_pid" || code=$?
  recorder_pid=""
  grep -q '\[recorder\] stopped$' "$tmp/recorder.log" || fail "recorder run did not stop cleanly after SIGTERM (exit $code)"
  # Known (issue 13, RunCommand's termination): the process may abort (134) after its clean stop, when
  # System.CommandLine's own SIGTERM handler cancels an already disposed token. Reported, not failed here.
  [ "$code" = 0 ] || echo "test-deb.sh: note: recorder run exited with $code after its clean stop (issue 13)"
  auditctl -s | grep -q '^pid 0$' || fail "the audit pid was not given back on stop"
  : > "$tmp/recorder.log.stopped" && cat "$tmp/recorder.log" >> "$tmp/recorder.log.stopped" && : > "$tmp/recorder.log"
}

# Finds <marker> in `recorder timeline`, waiting for it to be flushed into the store.
timeline_has() {
  for _ in $(seq 30); do
    if recorder timeline --since -30m --format jsonl --type process.start 2>/dev/null | grep -qF "\"process.path\":\"$1\""; then return 0; fi
    sleep 1
  done
  return 1
}

step "dpkg -i recorder 0.0.1"
dpkg -i "$deb1" > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -i 0.0.1"; }
[ "$(readlink -f /usr/bin/recorder)" = /usr/lib/recorder/recorder ] || fail "/usr/bin/recorder is not the installed binary"
[ "$(stat -c %a /var/lib/recorder)" = 700 ] || fail "/var/lib/recorder is not 0700"
[ "$(ls /etc/recorder/trust/keys)" = "release-test-$$.pem" ] || fail "the trust store holds more than the release key: $(ls /etc/recorder/trust/keys)"
systemd-analyze verify /lib/systemd/system/recorder.service || fail "systemd-analyze verify rejects the unit"
recorder paths > "$tmp/paths"
grep -q '^layout  *installed (linux)$' "$tmp/paths" || { cat "$tmp/paths"; fail "the installed recorder does not use the installed layout"; }
grep -q '^config  *[/]etc/recorder/recorder.yaml$' "$tmp/paths" || { cat "$tmp/paths"; fail "the installed recorder does not read /etc/recorder/recorder.yaml"; }
man -w recorder >/dev/null 2>&1 || [ -f /usr/share/man/man1/recorder.1.gz ] || fail "no man page"

step "recording a real exec with the installed recorder"
start_recorder
# A real exec of a program whose path is unique to this run, so that the timeline row names it.
marker="$tmp/deb-test-$$-one"
cp /bin/true "$marker"
"$marker"
timeline_has "$marker" || fail "recorder timeline does not show the exec of $marker"
recorder plugins list > "$tmp/plugins"
grep -q 'recorder.collectors.linuxaudit' "$tmp/plugins" || { cat "$tmp/plugins"; fail "the collector is not listed"; }
stop_recorder

step "a plugin from the template builds against /usr/lib/recorder and the installed recorder verifies it"
hive="$tmp/template-hive"
dotnet new install "$repo/plugin-template" --debug:custom-hive "$hive" > "$tmp/template.log" 2>&1 || { cat "$tmp/template.log"; fail "template install"; }
(cd "$tmp" && dotnet new recorder-plugin -n Acme.DebCheck --kind sink --debug:custom-hive "$hive") >> "$tmp/template.log" 2>&1 || { cat "$tmp/template.log"; fail "dotnet new recorder-plugin"; }
grep -q '>/usr/lib/recorder<' "$tmp/Acme.DebCheck/Directory.Build.props" || fail "the template's contracts path is not the installed one"
mkdir -m 0700 "$tmp/acme-keys" "$tmp/no-packages-here"
recorder keys new --out "$tmp/acme-keys" --id acme-deb >/dev/null
(cd "$tmp/Acme.DebCheck" && dotnet build src/Acme.DebCheck/Acme.DebCheck.csproj -nologo -v quiet -p:RestoreSources="$tmp/no-packages-here" -p:RecorderSigningKey="$tmp/acme-keys/acme-deb.private.pem") >> "$tmp/template.log" 2>&1 || { cat "$tmp/template.log"; fail "building the template plugin against the installed contracts"; }
mkdir -p "$tmp/acme-trust/keys" && cp "$tmp/acme-keys/acme-deb.pem" "$tmp/acme-trust/keys/"
bundle="$(ls -d "$tmp/Acme.DebCheck/artifacts"/*/ | head -1)"
recorder plugin verify "$bundle" --trust "$tmp/acme-trust" --data "$tmp/no-data" | grep -q '^accepted' || fail "the installed recorder does not accept the template plugin"

step "upgrade to 0.0.2: history, conffiles and trust kept"
echo "# changed by test-deb.sh" >> /etc/recorder/recorder.yaml
dpkg -i "$deb2" > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "upgrade to 0.0.2"; }
dpkg-query -W -f='${Version}' recorder | grep -qx 0.0.2 || fail "0.0.2 is not installed"
recorder --version | grep -q '^0\.0\.2' || fail "the upgraded binary is not 0.0.2: $(recorder --version)"
grep -q '^# changed by test-deb.sh$' /etc/recorder/recorder.yaml || fail "the upgrade replaced the edited recorder.yaml"
start_recorder
timeline_has "$marker" || fail "after the upgrade, recorder timeline no longer shows $marker"
marker2="$tmp/deb-test-$$-two"
cp /bin/true "$marker2"
"$marker2"
timeline_has "$marker2" || fail "the upgraded recorder does not record ($marker2)"
stop_recorder

step "downgrade to 0.0.1: its plugins are refused (rollback), the history is untouched"
stores_before="$(find /var/lib/recorder -name '*.db' -exec sha256sum {} + | sort)"
dpkg -i "$deb1" > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -i 0.0.1 over 0.0.2"; }
(cd / && exec env -u RECORDER_CHECKOUT /usr/bin/recorder run > "$tmp/downgrade.log" 2>&1) &
recorder_pid=$!
for _ in $(seq 60); do
  grep -q 'rollback' "$tmp/downgrade.log" && break
  kill -0 "$recorder_pid" 2>/dev/null || break
  sleep 1
done
grep -q 'recorder.sinks.sqlite.*rollback\|rollback.*recorder.sinks.sqlite' "$tmp/downgrade.log" || { cat "$tmp/downgrade.log"; fail "the older package's SQLite sink was not refused as a rollback"; }
if kill -0 "$recorder_pid" 2>/dev/null; then kill -TERM "$recorder_pid"; wait "$recorder_pid" || true; fi
recorder_pid=""
[ "$(find /var/lib/recorder -name '*.db' -exec sha256sum {} + | sort)" = "$stores_before" ] || fail "the downgraded recorder changed the store"
dpkg -i "$deb2" > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "upgrade to 0.0.2 after the downgrade"; }
timeline_has "$marker2" || fail "after going back to 0.0.2, recorder timeline no longer shows $marker2"

step "dpkg -r keeps the history"
dpkg -r recorder > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -r"; }
[ ! -e /usr/bin/recorder ] || fail "/usr/bin/recorder is still there after dpkg -r"
[ -n "$(find /var/lib/recorder -name '*.db' | head -1)" ] || fail "dpkg -r deleted the history"

step "dpkg -P removes it and restores the kernel's audit state"
dpkg -P recorder > "$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -P"; }
[ ! -e /var/lib/recorder ] || fail "dpkg -P left /var/lib/recorder"
[ ! -e /etc/recorder ] || fail "dpkg -P left /etc/recorder"
auditctl -s | grep -q '^pid 0$' || fail "audit pid is not 0 after purge"
if auditctl -l | grep -Eq '(-k|key=)recorder( |$)'; then fail "audit rules keyed recorder are still loaded"; fi
[ "$(auditctl -s | grep -E '^(enabled|pid|backlog_limit) ')" = "$audit_before" ] || fail "kernel audit state differs from before: $(auditctl -s)"
step "passed"
