#!/usr/bin/env bash
# Runs the same benchmarks on another commit and on this work tree, back to back, in one run, so a
# change is measured side by side with what it changes (the machine is shared: alternate rounds).
#   benchmarks/compare-with.sh REV [ROUNDS] [BenchmarkDotNet arguments...]
# e.g. benchmarks/compare-with.sh HEAD~3 2 --filter '*CallPathBenchmarks*' '*LargePageCallBenchmarks*' --job short
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:?usage: compare-with.sh REV [ROUNDS] [BenchmarkDotNet arguments...]}"; shift
rounds="${1:-1}"; [ $# -gt 0 ] && shift
args=("$@"); [ ${#args[@]} -eq 0 ] && args=(--filter '*CallPathBenchmarks*' '*LargePageCallBenchmarks*' '*FirstCallBenchmarks*' --job short)
work="$(mktemp -d)"; trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/base" "$rev" >/dev/null
for side in base head; do
  dir=$([ "$side" = base ] && echo "$work/base" || pwd)
  dotnet build -c Release "$dir/benchmarks/XhsGenerated.Benchmarks" -v q -nologo >/dev/null
done
for round in $(seq 1 "$rounds"); do
  for side in base head; do
    dir=$([ "$side" = base ] && echo "$work/base" || pwd)
    echo "## round $round, $side ($([ "$side" = base ] && git rev-parse --short "$rev" || echo "work tree"))"
    (cd "$dir" && dotnet run -c Release --no-build --project benchmarks/XhsGenerated.Benchmarks -- "${args[@]}" --artifacts "$work/$side-$round" >/dev/null 2>&1) || echo "(failed)"
    cat "$work/$side-$round"/results/*-report-github.md 2>/dev/null | grep -v '^```\|^BenchmarkDotNet\|^Intel\|^AMD\|^ *\[Host\]\|^ *\.NET SDK\|^ *ShortRun\|^ *Job\|^$' || true
  done
done
