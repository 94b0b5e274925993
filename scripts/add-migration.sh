#!/usr/bin/env bash
# Adds a migration to one service for both database providers, so they never drift apart:
#   scripts/add-migration.sh Requests AddPhotos
# Each provider's migrations and model snapshot live in Infrastructure/Migrations/<Provider>;
# the service picks the set of its configured provider (see ProviderMigrationsAssembly).
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: $0 <Service: Communities|Scheduling|Requests|Notifications> <MigrationName>" >&2
  exit 2
fi
service=$1
name=$2
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
migrations="src/$service/Infrastructure/Migrations"
parked=$(mktemp -d)
restore() { find "$parked" -name '*.cs' -exec sh -c 'mv "$1" "'"$migrations"'/$(basename "$(dirname "$1")")/"' _ {} \; ; rm -rf "$parked"; }
trap restore EXIT
for provider in Sqlite SqlServer; do
  # dotnet ef writes the snapshot over any file of the same name in the project: park the other provider's.
  for other in Sqlite SqlServer; do
    if [ "$other" != "$provider" ] && ls "$migrations/$other"/*ModelSnapshot.cs >/dev/null 2>&1; then
      mkdir -p "$parked/$other"
      mv "$migrations/$other"/*ModelSnapshot.cs "$parked/$other/"
    fi
  done
  dotnet ef migrations add "$name" \
    --project "src/$service" \
    --output-dir "Infrastructure/Migrations/$provider" \
    -- --provider "$provider"
  restore
  parked=$(mktemp -d)
done
