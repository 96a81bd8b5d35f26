#!/bin/bash
# Records live-actions.log: a real ENRICHED audit log from this machine's kernel (auditd 3.0.9), for the
# normaliser tests. Run as root; it takes the kernel-audit lock the tests use, starts auditd with a private
# configuration, loads rules limited to login uid 1000 (the actions run under that login uid, so nothing else on
# the machine is recorded), performs the actions, then removes exactly its rules and restores the backlog limit.
#   tests/Recorder.Linux.Audit.Tests/Normalization/Data/capture-live.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/hparse-capture.XXXXXX)
out="$here/live-actions.log"
key=recorder-test
rules=(
  "-a always,exit -F arch=b64 -S execve,execveat -F auid=1000 -k $key"
  "-a always,exit -F arch=b64 -S open,openat,creat,truncate,rename,renameat,renameat2,unlink,unlinkat,chmod,fchmodat,chown,fchownat -F dir=$work/files -F auid=1000 -k $key"
  "-a always,exit -F arch=b64 -S connect,accept,accept4,bind,listen -F auid=1000 -k $key"
  "-a always,exit -F arch=b64 -S init_module,finit_module,delete_module -F auid=1000 -k $key"
)

exec 9>/tmp/recorder-kernel-audit.lock
flock 9
old_backlog=$(auditctl -s | awk '/^backlog_limit/ {print $2}')
cleanup() {
  [ -f "$work/auditd.pid" ] && kill "$(cat "$work/auditd.pid")" 2>/dev/null || true
  for r in "${rules[@]}"; do auditctl ${r/-a /-d } >/dev/null 2>&1 || true; done
  auditctl -b "$old_backlog" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/conf/plugins.d" "$work/files"
cat > "$work/conf/auditd.conf" <<CONF
local_events = yes
write_logs = yes
log_file = $work/audit.log
log_format = ENRICHED
flush = INCREMENTAL_ASYNC
freq = 50
max_log_file = 100
num_logs = 1
max_log_file_action = IGNORE
space_left = 2
space_left_action = IGNORE
admin_space_left = 1
admin_space_left_action = IGNORE
disk_full_action = IGNORE
disk_error_action = IGNORE
plugin_dir = $work/conf/plugins.d
end_of_event_timeout = 2
CONF
chmod 600 "$work/conf/auditd.conf"
auditctl -b 8192 >/dev/null
auditd -n -c "$work/conf" & echo $! > "$work/auditd.pid"
sleep 1
for r in "${rules[@]}"; do auditctl $r; done

# The actions, under login uid 1000 (writing loginuid also yields a kernel LOGIN record).
WORK="$work" /usr/bin/python3 - <<'PY'
import ctypes, os, pty, socket, subprocess, time
work = os.environ["WORK"]
with open("/proc/self/loginuid", "w") as f:
    f.write("1000")
files = os.path.join(work, "files")
# A command whose arguments hold a space, quotes, a newline, non-ASCII text, and one over 10 kB.
subprocess.run(["/bin/echo", "two words", "q\"uote's", "new\nline", "ünïcödé ✓", "x" * 12000], stdout=subprocess.DEVNULL, check=True)
# Files: create, write, rename, chmod, chown, truncate, delete.
subprocess.run(["/bin/sh", "-c", f"cd {files} && echo hi > created.txt && echo more >> created.txt && mv created.txt renamed.txt && chmod 640 renamed.txt && chown 65534:65534 renamed.txt && truncate -s 1 renamed.txt && rm renamed.txt"], check=True)
# TCP over 127.0.0.1 and ::1: bind, listen, connect, accept.
for family, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
    server = socket.socket(family, socket.SOCK_STREAM)
    server.bind((host, 0)); server.listen(1)
    port = server.getsockname()[1]
    client = socket.create_connection((host, port))
    conn, peer = server.accept()
    conn.close(); client.close(); server.close()
# A kernel module load attempt (rejected: not a module) and an unload of a module that is not loaded.
libc = ctypes.CDLL(None, use_errno=True)
blob = ctypes.create_string_buffer(b"not an ELF module", 17)
libc.syscall(175, blob, ctypes.c_ulong(17), b"")
libc.syscall(176, b"recorder_no_such_module", 0)
# su to another user running a command (root needs no password: USER_AUTH/ACCT, CRED_ACQ, USER_START, USER_END).
subprocess.run(["/usr/bin/su", "nobody", "-s", "/bin/sh", "-c", "id"], stdout=subprocess.DEVNULL, check=True)
# A failed authentication: user 1000 runs su with a wrong password on a pseudo-terminal.
pid, fd = pty.fork()
if pid == 0:
    os.setgid(1000); os.setuid(1000)
    os.execv("/usr/bin/su", ["su", "root", "-c", "true"])
time.sleep(1)
os.write(fd, b"wrong-password\n")
try:
    while os.read(fd, 1024):
        pass
except OSError:
    pass
os.waitpid(pid, 0)
PY
sleep 3
kill "$(cat "$work/auditd.pid")"; rm "$work/auditd.pid"
sleep 1
cp "$work/audit.log" "$out"
echo "wrote $out ($(wc -l < "$out") records)"
