#!/usr/bin/env bash
# Runs the benchmarks of issues 8, 14 and 16 on Release builds and rewrites docs/benchmarks.md. Not part of the tests.
#   bench/run.sh                  full run (about 20 minutes)
#   bench/run.sh --quick          short steps, for trying the bench itself
#   bench/run.sh --only latency   one scenario alone (reads, intake, latency, burst, startup, fanout, or 1-6; several
#                                 with commas); prints its report instead of rewriting docs/benchmarks.md
# Run it under the shared lock on a shared machine: flock /tmp/municipal-system.lock bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in wrk nginx; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}";
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"; fi
fi
echo "building the system and the bench (Release)…"
dotnet build src/AppHost -c Release -v q -nologo
dotnet build bench/Municipal.Bench -c Release -v q -nologo
dotnet run --project bench/Municipal.Bench -c Release --no-build -- "$@"
