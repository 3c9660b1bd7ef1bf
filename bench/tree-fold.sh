#!/usr/bin/env bash
# The run's fold across MPI ranks (issue 9), through the drsim binary as a user runs it: a
# 100,000-resource Region loss in sketch mode (--memory 1M forces it at few trials) split over
# P ranks, whose samples fold as a tree in ceil(log2 P) steps, against the same P parts merged
# one after another by `drsim merge` (what rank 0 did before the tree), and a two-level merge
# of the parts (merge --part of halves, then the two halves).
#
#   bench/tree-fold.sh BUILD_DIR MPI_BUILD_DIR [--resources N] [--ranks P] [--trials-per-rank T]
# GNU time (/usr/bin/time -v) gives the peak resident memory.
set -euo pipefail
build=$(realpath "$1")
mpi_build=$(realpath "$2")
shift 2
resources=100000 ranks=8 per_rank=10
while [ $# -gt 0 ]; do
  case "$1" in
    --resources) resources=$2 ;;
    --ranks) ranks=$2 ;;
    --trials-per-rank) per_rank=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
trials=$((ranks * per_rank))
work=$(mktemp -d -t drsim-fold.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
measure() {  # measure LABEL command...: wall time and peak RSS
  local label=$1
  shift
  /usr/bin/time -f "%e %M %U %S" -o time.txt "$@" >out.txt 2>err.txt
  read -r wall rss_kb user sys <time.txt
  awk -v l="$label" -v w="$wall" -v m="$rss_kb" -v u="$user" -v s="$sys" \
    'BEGIN { printf "%-60s wall %7.1f s   CPU %7.1f s   peak memory %5.2f GiB\n", l, w, u + s, m / 1048576 }'
}
flags=(--oversubscribe)
[ "$(id -u)" -eq 0 ] && flags+=(--allow-run-as-root)
run=(run estate.json --trials "$trials" --failure region-loss --memory 1M --threads 1 --json out.json)

"$build/drsim" generate --resources "$resources" --regions 2 --seed 1 --out estate.json >/dev/null
measure "$resources resources x $trials trials, 1 process" "$build/drsim" "${run[@]}"
cp out.json one.json
cp out.txt one.txt
parts=()
for k in $(seq 1 "$ranks"); do
  measure "  shard $k/$ranks" "$build/drsim" "${run[@]}" --shard "$k/$ranks" --part "p$k.drsim"
  parts+=("p$k.drsim")
done
ls -l p1.drsim | awk '{ printf "  part size %.1f MB\n", $5 / 1e6 }'
measure "  merge of the $ranks parts, one after another" "$build/drsim" merge "${parts[@]}" -o merged --threads 1
cmp -s one.json merged/out.json && cmp -s one.txt out.txt && echo "  merged output identical to the single process"
half=$((ranks / 2))
measure "  merge --part of parts 1..$half" "$build/drsim" merge "${parts[@]:0:$half}" --part low.drsim
measure "  merge --part of parts $((half + 1))..$ranks" "$build/drsim" merge "${parts[@]:$half}" --part high.drsim
measure "  merge of the two merged parts" "$build/drsim" merge high.drsim low.drsim -o two --threads 1
cmp -s one.json two/out.json && echo "  two-level merge identical to the single process"
rm -f out.json
measure "$ranks MPI ranks, samples folded as a tree" mpirun "${flags[@]}" -np "$ranks" "$mpi_build/drsim" "${run[@]}" --mpi
grep "^MPI:" err.txt
cmp -s one.json out.json && cmp -s one.txt out.txt && echo "  MPI output identical to the single process"
