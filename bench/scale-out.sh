#!/usr/bin/env bash
# Scale-out benchmarks (issue 9), through the drsim binary as a user runs it:
#   1. one machine, bounded memory: 100,000 resources x 10,000 trials of a Region loss under
#      the default --memory 4G (sketch mode), with its wall time and peak memory;
#   2. MPI: a 2,000-variant sweep of the 1,000-resource fleet over 8 ranks (oversubscribed on a
#      small machine), with its wall time and rank 0's per-rank balance line; the same sweep in
#      one process for the check that both write the same bytes;
#   3. shards: the same 100,000-resource study as 4 shards and a merge, each timed.
#
#   bench/scale-out.sh BUILD_DIR MPI_BUILD_DIR [--resources N] [--trials T] [--variants V] [--sweep-trials T]
#                      [--only study|sweep]
# (bench/tree-fold.sh measures the fold of a run's samples across MPI ranks.)
# GNU time (/usr/bin/time -v) gives the peak resident memory.
set -euo pipefail
build=$(realpath "$1")
mpi_build=$(realpath "$2")
shift 2
resources=100000 trials=10000 variants=2000 sweep_trials=1000 only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --resources) resources=$2 ;;
    --trials) trials=$2 ;;
    --variants) variants=$2 ;;
    --sweep-trials) sweep_trials=$2 ;;
    --only) only=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
work=$(mktemp -d -t drsim-scale.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
measure() {  # measure LABEL command...: wall time and peak RSS
  local label=$1
  shift
  /usr/bin/time -f "%e %M %U %S" -o time.txt "$@" >out.txt 2>err.txt
  read -r wall rss_kb user sys <time.txt
  awk -v l="$label" -v w="$wall" -v m="$rss_kb" -v u="$user" -v s="$sys" \
    'BEGIN { printf "%-56s wall %8.1f s   CPU %8.1f s   peak memory %6.2f GiB\n", l, w, u + s, m / 1048576 }'
}

if [ "$only" != sweep ]; then
"$build/drsim" generate --resources "$resources" --regions 2 --seed 1 --out estate.json
measure "$resources resources x $trials trials, 1 process" \
  "$build/drsim" run estate.json --trials "$trials" --failure region-loss --json one.json
grep -m1 "Per-resource and fleet percentiles" out.txt || echo "(exact mode)"
cp out.txt one.txt

for k in 1 2 3 4; do
  measure "  shard $k/4" "$build/drsim" run estate.json --trials "$trials" --failure region-loss --json one.json \
    --shard "$k/4" --part "p$k.drsim"
done
measure "  merge of the 4 parts" "$build/drsim" merge p1.drsim p2.drsim p3.drsim p4.drsim -o merged
cmp -s one.json merged/one.json && cmp -s one.txt out.txt && echo "  merged output identical to the single process"
fi
[ "$only" = study ] && exit 0

"$build/drsim" generate --resources 1000 --regions 2 --seed 1 --out fleet.json
cat >sweep.json <<JSON
{"drsim_sweep": 1, "base": "fleet.json", "failures": ["region-loss"],
 "parameters": [
   {"name": "restore slots", "pointer": "/recovery/pools/0/capacity", "range": {"from": 5, "to": 40, "integer": true}},
   {"name": "db restore slots", "pointer": "/recovery/pools/1/capacity", "range": {"from": 2, "to": 20, "integer": true}},
   {"name": "detection", "pointer": "/recovery/detection", "range": {"from": 1, "to": 30, "unit": "m"}}],
 "design": {"kind": "latin_hypercube", "samples": $((variants - 1)), "seed": 1}}
JSON
flags=(--oversubscribe)
[ "$(id -u)" -eq 0 ] && flags+=(--allow-run-as-root)
measure "sweep: $variants variants x $sweep_trials trials, 8 MPI ranks" \
  mpirun "${flags[@]}" -np 8 "$mpi_build/drsim" sweep sweep.json --trials "$sweep_trials" --threads 1 --mpi --json mpi.json
grep "^MPI:" err.txt
measure "sweep: the same, 1 process on 2 threads" \
  "$mpi_build/drsim" sweep sweep.json --trials "$sweep_trials" --threads 2 --json single.json
cmp -s mpi.json single.json && echo "  MPI output identical to the single process"
