#!/usr/bin/env bash
# The adaptive rate against a server whose real limit is known: the standalone sandbox with
# --rate-limit LIMIT (fixed one-second windows, code 302 above it), three xhs harvest processes
# sharing one Redis, each with --rate RATE, CALLS calls in all. Prints the share of code-302 answers
# and the rate of successful answers sustained, against the limit.
#   benchmarks/scripts/adaptive-rate.sh [LIMIT] [RATE] [CALLS]      (defaults: 10 10 600)
set -euo pipefail
cd "$(dirname "$0")/../.."
limit="${1:-10}"; rate="${2:-10}"; calls="${3:-600}"
work="$(mktemp -d)"; pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
dotnet build -c Release cli -v q -nologo >/dev/null
xhs=(dotnet "cli/bin/Release/net10.0/xhs.dll")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
redis_port="$(free_port)"
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >/dev/null & pids+=($!)
"${xhs[@]}" sandbox --urls http://127.0.0.1:0 --rate-limit "$limit" > "$work/sandbox.out" 2>/dev/null & pids+=($!)
for _ in $(seq 100); do grep -q 'http://' "$work/sandbox.out" 2>/dev/null && break; sleep 0.1; done
address="$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sandbox.out" | head -1)"
per=$(( calls / 3 ))
started="$(date +%s.%N)"
for i in 1 2 3; do
  seq "$per" | sed "s/^/p$i-keyword /" > "$work/keywords-$i.txt"
  "${xhs[@]}" harvest --keywords "$work/keywords-$i.txt" --pages 1 --concurrency 4 --rate "$rate" \
    --redis "127.0.0.1:$redis_port" --db "$work/p$i.db" --endpoint "$address" --token sandbox-token \
    > /dev/null 2> "$work/harvest-$i.err" & hp[$i]=$!
done
for i in 1 2 3; do wait "${hp[$i]}" || echo "harvest $i exited $?" >&2; done
ended="$(date +%s.%N)"; [ -n "${KEEP:-}" ] && cp "$work"/*.out "$work"/*.err "$KEEP"/ 2>/dev/null
curl -s "$address/_sandbox/stats" > "$work/stats.json"
python3 - "$work/stats.json" "$limit" "$rate" "$started" "$ended" <<'PY'
import json, sys, datetime
stats = json.load(open(sys.argv[1])); limit = float(sys.argv[2]); rate = float(sys.argv[3])
wall = float(sys.argv[5]) - float(sys.argv[4])
total = stats["total"]; codes = stats.get("byCode", {}); limited = int(codes.get("302", 0)); ok = int(codes.get("0", 0))
first = datetime.datetime.fromisoformat(stats["firstRequestAt"].replace("Z", "+00:00"))
last = datetime.datetime.fromisoformat(stats["lastRequestAt"].replace("Z", "+00:00"))
seconds = (last - first).total_seconds()
sustained = ok / seconds if seconds > 0 else float("nan")
print(f"limit {limit:g}/s, --rate {rate:g} x3 processes: {total} answers, {limited} code 302 ({100*limited/total:.2f} %), "
      f"{ok} successful in {seconds:.1f} s = {sustained:.2f}/s ({100*sustained/limit:.0f} % of the limit); "
      f"from the processes' start to the last one's end {wall:.1f} s = {ok/wall:.2f}/s ({100*ok/wall/limit:.0f} %), "
      f"the first request {first.timestamp() - float(sys.argv[4]):.1f} s after the start")
PY
