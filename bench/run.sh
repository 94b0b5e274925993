#!/usr/bin/env bash
# Runs every benchmark of issue 8 and rewrites docs/benchmarks.md. Not part of the tests.
#   bench/run.sh            full run (about 15 minutes)
#   bench/run.sh --quick    short steps, for trying the bench itself
#   bench/run.sh --only 4   one scenario (1-5) alone; prints its report instead of rewriting docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
for tool in wrk nginx; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then apt-get update -qq && apt-get install -y -qq "${missing[@]}";
  else sudo apt-get update -qq && sudo apt-get install -y -qq "${missing[@]}"; fi
fi
dotnet build src/AppHost -c Debug -v q -nologo
dotnet build bench/Municipal.Bench -c Release -v q -nologo
dotnet run --project bench/Municipal.Bench -c Release --no-build -- "$@"
