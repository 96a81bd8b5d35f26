#!/usr/bin/env bash
# Writes recorder(1) to stdout from the built recorder's own --help, so the man page always matches the binary:
# the top-level help, then the help of every command and subcommand, then the installed files.
# Usage: make-man-page.sh <recorder executable> <version> [--config <file>]   (extra arguments go to every --help)
set -euo pipefail
recorder="$1" version="$2"
shift 2
extra=("$@")

# troff: a backslash is \e; a line starting with '.' or "'" would be a request.
escape() { sed -e 's/\\/\\e/g' -e "s/^\([.']\)/\\\\\&\1/"; }
help_of() { "$recorder" "$@" "${extra[@]}" --help 2>/dev/null || true; }
# The names listed under "Commands:" of a help text (first name of each, without <arguments>).
commands_in() { awk '/^Commands:/{on=1; next} on && /^  [a-z]/{sub(/^  /,""); sub(/[ ,<].*/,""); print} on && /^$/{on=0}'; }

section() {
  echo ".SS \"recorder${*:+ $*}\""
  echo ".nf"
  help_of "$@" | escape
  echo ".fi"
}

cat <<HEADER
.TH RECORDER 1 "" "recorder $version" "System administration"
.SH NAME
recorder \- endpoint flight recorder: a queryable history of what happens on this machine
.SH SYNOPSIS
.B recorder
.RI [ command ]
.RI [ options ]
.SH DESCRIPTION
.B recorder run
records process executions, file changes and reads, network connections, module loads, authentication,
privilege changes and logins from the kernel's audit subsystem into stores under
.IR /var/lib/recorder .
Installed, it runs as the systemd service
.BR recorder.service .
The other commands ask the running recorder (status) or read its stores (queries). Plugins add commands of
their own (for example
.BR timeline );
.B recorder --help
on a machine lists every command its verified plugins contribute.
.SH COMMANDS
The sections below are the output of
.B recorder
.I command
.BR --help .
HEADER
section
for command in $(help_of | commands_in); do
  section "$command"
  for sub in $(help_of "$command" | commands_in); do section "$command" "$sub"; done
done
cat <<'FOOTER'
.SH FILES
.TP
.I /etc/recorder/recorder.yaml
Settings read by every command when no \-\-config is given (a conffile: upgrades keep it).
.TP
.I /etc/recorder/trust/
Trusted publisher keys (keys/<key-id>.pem) and revoked key ids (revoked.txt).
.TP
.I /etc/recorder/subscriptions/
Local subscriptions, read after the shipped ones in
.IR /usr/share/recorder/subscriptions/ .
.TP
.I /usr/lib/recorder/plugins/
Signed plugin bundles, one folder each.
.TP
.I /var/lib/recorder/
Stores, staging, control socket (root only). Kept on upgrade and removal; deleted on purge.
.SH SEE ALSO
.BR auditctl (8),
.BR systemctl (1),
/usr/share/doc/recorder/operations.md
FOOTER
