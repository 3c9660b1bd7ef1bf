#!/usr/bin/env bash
# The MPI promise, checked: `mpirun -np P drsim run|sweep ... --mpi` writes what one process
# writes — summary, results JSON and CSV — byte for byte, for P = 1, 2 and 4 (oversubscribed
# on a small machine; as root, as CI runs, with Open MPI's --allow-run-as-root).
#
#   scripts/check-mpi.sh DRSIM_BINARY   (built with -DDRSIM_MPI=ON)
set -euo pipefail
cd "$(dirname "$0")/.."
drsim=$(realpath "$1")
work=$(mktemp -d -t drsim-mpi.XXXXXX)
trap 'rm -rf "$work"' EXIT
flags=(--oversubscribe)
[ "$(id -u)" -eq 0 ] && flags+=(--allow-run-as-root)

"$drsim" generate --resources 300 --regions 2 --seed 5 --out "$work/fleet.json"

failures=0
ranks="1 2 3 4"  # 3: a rank without a partner at the fold's first step
check() {  # check NAME drsim-arguments...   (over the rank counts in $ranks)
  local name=$1
  shift
  "$drsim" "$@" --threads 1 --json "$work/one.json" --csv "$work/one.csv" --html "$work/one.html" >"$work/one.txt" 2>"$work/one.err"
  for p in $ranks; do
    rm -f "$work/mpi.json" "$work/mpi.csv" "$work/mpi.html"
    mpirun "${flags[@]}" -np "$p" "$drsim" "$@" --mpi --threads 1 --json "$work/mpi.json" --csv "$work/mpi.csv" --html "$work/mpi.html" \
      >"$work/mpi.txt" 2>"$work/mpi.err" || { echo "FAIL $name, P=$p: exit $?"; cat "$work/mpi.err"; failures=$((failures+1)); continue; }
    if cmp -s "$work/one.txt" "$work/mpi.txt" && cmp -s "$work/one.json" "$work/mpi.json" && cmp -s "$work/one.csv" "$work/mpi.csv" &&
       cmp -s "$work/one.html" "$work/mpi.html"; then
      echo "ok   $name, P=$p: summary, JSON, CSV and HTML identical to one process ($(wc -c <"$work/mpi.json") bytes of JSON)"
    else
      echo "FAIL $name, P=$p: output differs from one process"
      diff "$work/one.txt" "$work/mpi.txt" | head -20 || true
      failures=$((failures+1))
    fi
  done
}

check "run seed" run scenarios/seed/classic-backup-restore.json --trials 301
check "run fleet" run "$work/fleet.json" --trials 97
check "sweep" sweep scenarios/sweeps/classic-schedules.json --trials 60 --bootstrap 200

# Sketch mode (--memory below the exact samples): the ranks' sketches fold by integer counts.
check "run fleet, sketch mode" run "$work/fleet.json" --trials 97 --memory 20K

# Seven ranks fold their samples in three steps (0<-1, 2<-3, 4<-5; 0<-2, 4<-6; 0<-4).
ranks=7 check "run fleet, a three-step fold" run "$work/fleet.json" --trials 97

# A rank count above the work: 4 ranks for 3 trials leaves one rank without a trial.
check "run, more ranks than trials" run scenarios/seed/classic-backup-restore.json --trials 3

# Bad input under mpirun: exit 2 on every rank, the message said once (by rank 0).
echo '{"name": 1}' >"$work/bad.json"
status=0
mpirun "${flags[@]}" -np 2 "$drsim" run "$work/bad.json" --mpi >"$work/bad.out" 2>"$work/bad.err" || status=$?
if [ "$status" -eq 2 ] && [ "$(grep -c 'invalid scenario' "$work/bad.err")" -eq 1 ]; then
  echo "ok   bad input under mpirun: exit 2, one message"
else
  echo "FAIL bad input under mpirun: exit $status, $(grep -c 'invalid scenario' "$work/bad.err") messages"
  cat "$work/bad.err"
  failures=$((failures+1))
fi

# A sweep whose last variant is invalid: only rank 1 builds it (each rank builds the base and
# its own variants), yet every rank stops with exit 2 and rank 0 says what one process says.
cat >"$work/bad-sweep.json" <<JSON
{"drsim_sweep": 1, "base": "$PWD/scenarios/seed/classic-backup-restore.json",
 "parameters": [{"name": "dlm every", "pointer": "/protections/0/every", "values": ["12h", "4h", "bogus"]}],
 "design": {"kind": "grid"}}
JSON
status=0
timeout 120 mpirun "${flags[@]}" -np 2 "$drsim" sweep "$work/bad-sweep.json" --trials 10 --mpi --threads 1 \
  >"$work/badsweep.out" 2>"$work/badsweep.err" || status=$?
if [ "$status" -eq 2 ] && [ "$(grep -c 'a variant is invalid; nothing was run' "$work/badsweep.err")" -eq 1 ] &&
   grep -q bogus "$work/badsweep.err"; then
  echo "ok   an invalid variant in rank 1's share: exit 2, said once by rank 0, no rank left waiting"
else
  echo "FAIL an invalid variant in rank 1's share: exit $status"
  cat "$work/badsweep.err"
  failures=$((failures+1))
fi

# A rank that reads another scenario under the same name (a node with a stale copy): rank 0
# names that rank and exits 2, and the ranks whose parts it had not yet taken are not left
# waiting (the check would hang without them drained; `timeout` turns a hang into a failure).
for r in 0 1 2 3; do mkdir -p "$work/node$r"; cp "$work/fleet.json" "$work/node$r/fleet.json"; done
"$drsim" generate --resources 300 --regions 2 --seed 6 --out "$work/node1/fleet.json" >/dev/null
status=0
timeout 120 mpirun "${flags[@]}" -np 4 sh -c "cd '$work'/node\$OMPI_COMM_WORLD_RANK && exec '$drsim' run fleet.json --trials 40 --mpi --threads 1" \
  >"$work/stale.out" 2>"$work/stale.err" || status=$?
if [ "$status" -eq 2 ] && grep -q '^rank 1 (shard 2/4): its scenario fleet.json (sha256 [0-9a-f]*) differs from rank 0' "$work/stale.err"; then
  echo "ok   a rank with another scenario: exit 2, the rank named, no rank left waiting"
else
  echo "FAIL a rank with another scenario: exit $status"
  grep -v '^fleet.json' "$work/stale.err" | head -5
  failures=$((failures+1))
fi

[ "$failures" -eq 0 ] || { echo "check-mpi: $failures failed"; exit 1; }
echo "check-mpi: every MPI run matched the single process"
