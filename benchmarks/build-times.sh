#!/usr/bin/env bash
# What a document costs a user on every build: a consumer project (the generator and the runtime as
# project references) rebuilt after a change to its own code, with a fresh compiler each time
# (UseSharedCompilation=false, as CI and these machines build), for four cases side by side:
# no document, the vendored user-search document, a vendor-sized catalog (36 platforms × 10
# operations, synthetic: the vendor's own is not in the repository), and that catalog filtered to one
# platform with XhsInclude, and the catalog in a client project of its own that the consumer
# references (the layout docs/document-updates.md advises for a large catalog: the client project
# is up to date, so a change to the consumer's code does not compile the catalog again), and the
# catalog in the consumer marked XhsSeparateAssembly (the package's targets compile it once into an
# assembly of its own under obj/ and the consumer references it), whole and filtered to one platform
# (assembly1), and the catalog in the consumer with XhsShareModels (one model per kind of object a
# platform's operations return, declared once). Prints the
# median rebuild time of each, its difference from the case without a document, and the size of the
# generated C#.
#
#   bash benchmarks/build-times.sh [rebuilds]        (default 3)
set -euo pipefail
rebuilds="${1:-3}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet run -c Release --project "$root/benchmarks/XhsGenerated.Benchmarks" -- --write-catalog "$work/catalog.json" > /dev/null

# shellcheck source=benchmarks/scripts/consumer.sh
source "$root/benchmarks/scripts/consumer.sh"
consumer() { # name, AdditionalFiles items
  mkdir -p "$work/$1"
  write_consumer "$work/$1/$1.csproj" "$root" "$2" "<EmitCompilerGeneratedFiles>true</EmitCompilerGeneratedFiles>"
  echo 'internal static class Use { public static int Value => 1; }' > "$work/$1/Use.cs"
  dotnet build "$work/$1/$1.csproj" -c Release > "$work/$1/first.log" 2>&1 || { cat "$work/$1/first.log"; exit 1; }
}

consumer none ""
consumer document "<AdditionalFiles Include=\"$root/openapi/user-search-v2-en.json\" />"
consumer catalog "<AdditionalFiles Include=\"$work/catalog.json\" />"
consumer filtered "<AdditionalFiles Include=\"$work/catalog.json\" XhsInclude=\"/api/xiaohongshu/*\" />"
# The catalog's client in a library of its own, referenced by the consumer.
consumer client "<AdditionalFiles Include=\"$work/catalog.json\" />"
consumer separate "<ProjectReference Include=\"$work/client/client.csproj\" />"
consumer assembly "<AdditionalFiles Include=\"$work/catalog.json\" XhsSeparateAssembly=\"true\" />"
consumer assembly1 "<AdditionalFiles Include=\"$work/catalog.json\" XhsSeparateAssembly=\"true\" XhsInclude=\"/api/xiaohongshu/*\" />"
consumer shared "<AdditionalFiles Include=\"$work/catalog.json\" XhsShareModels=\"true\" />"

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
declare -A seconds
for case in none document catalog filtered separate assembly assembly1 shared; do
  # The separate case builds as a user does, its client project included (and found up to date).
  dependencies=$([ "$case" = separate ] && echo "" || echo "--no-dependencies")
  for i in $(seq 1 "$rebuilds"); do
    echo "internal static class Use { public static int Value => $i; }" > "$work/$case/Use.cs"
    start=$(date +%s.%N)
    dotnet build "$work/$case/$case.csproj" -c Release --no-restore $dependencies -p:UseSharedCompilation=false > "$work/$case/build.log" 2>&1 \
      || { cat "$work/$case/build.log"; exit 1; }
    echo "$(date +%s.%N) - $start" | bc
  done | median > "$work/$case/median"
  seconds[$case]=$(cat "$work/$case/median")
done

printf '%-9s %10s %10s %12s %8s %12s\n' case rebuild "vs none" "generated" files "per op"
for case in none document catalog filtered separate assembly assembly1 shared; do
  generated="$work/$case/obj/Release/net10.0/generated"
  case "$case" in assembly*) generated="$work/$case/obj/Release/net10.0/xhs/generated" ;; esac
  bytes=$( [ -d "$generated" ] && find "$generated" -name '*.cs' -printf '%s\n' | awk '{s+=$1} END {print s+0}' || echo 0)
  files=$( [ -d "$generated" ] && find "$generated" -name '*.cs' | wc -l || echo 0)
  ops=$( [ -d "$generated" ] && cat $(find "$generated" -name '*.cs') /dev/null | grep -c 'public global::System.Threading.Tasks.Task<' || true)
  per=$( [ "${ops:-0}" -gt 0 ] && echo "$(( bytes / ops )) B" || echo "-")
  printf '%-9s %9.2fs %+9.2fs %10.0f KB %8s %12s\n' "$case" "${seconds[$case]}" "$(echo "${seconds[$case]} - ${seconds[none]}" | bc)" "$(echo "$bytes / 1024" | bc)" "$files" "$per ($ops ops)"
done
