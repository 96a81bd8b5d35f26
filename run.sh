#!/usr/bin/env bash
# Builds everything (the host, and the built-in plugins as signed bundles with a development key) and runs
# `recorder run` on the embedded defaults. Extra arguments go to `recorder run` (see `--help`).
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Recorder.sln -c Debug -v quiet -nologo
exec dotnet host/Recorder.Cli/bin/Debug/net10.0/recorder.dll run "$@"
