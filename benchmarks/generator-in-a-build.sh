#!/usr/bin/env bash
# The generator as a command-line build meets it: a fresh compiler process (no compiler server) per
# build, the time the compiler itself reports for each generator (-p:ReportAnalyzer=true).
#
#   bash benchmarks/generator-in-a-build.sh [builds] [document]
#
# Builds a throwaway project in a temporary folder that uses the generator from this repository
# (as an analyzer, with Microsoft.OpenApi beside it) on the vendored document, or on the document
# given. Prints one line per build: the generator's seconds, and all generators' seconds.
set -euo pipefail
builds="${1:-5}"
root="$(cd "$(dirname "$0")/.." && pwd)"
document="$(realpath "${2:-$root/openapi/user-search-v2-en.json}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# shellcheck source=benchmarks/scripts/consumer.sh
source "$root/benchmarks/scripts/consumer.sh"
write_consumer "$work/Consumer.csproj" "$root" "<AdditionalFiles Include=\"$document\" />"
echo 'internal static class Use { }' > "$work/Use.cs"
dotnet build "$work/Consumer.csproj" -c Release > "$work/first.log" 2>&1 || { cat "$work/first.log"; exit 1; }

for _ in $(seq 1 "$builds"); do
  touch "$work/Use.cs"
  dotnet build "$work/Consumer.csproj" -c Release --no-restore --no-dependencies \
      -p:ReportAnalyzer=true -p:UseSharedCompilation=false -v:diag > "$work/build.log" 2>&1
  ours=$(grep -m1 -E '^\s+[0-9.]+\s+[0-9<]+\s+XhsGenerated\.Generator\.OpenApiClientGenerator' "$work/build.log" | awk '{print $1}')
  all=$(grep -m1 'Total generator execution time' "$work/build.log" | sed -E 's/.*time: ([0-9.]+) seconds.*/\1/')
  echo "XhsGenerated generator: ${ours} s (all generators: ${all} s)"
done
