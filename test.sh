#!/usr/bin/env bash
# Runs every test. Kernel audit tests need root; under CI=true they never skip.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build Recorder.sln -c Debug
dotnet test Recorder.sln -c Debug --no-build "$@"
