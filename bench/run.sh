#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md; `--quick` for the short version (under a minute
# once the benchmarks are built). Figures go to stdout as Markdown tables.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-}
cargo bench -p auth-bench --no-run
for bench in attach overhead herd memory paging transfer fleet fleet_faults; do
  cargo bench -q -p auth-bench --bench "$bench" -- $mode
done
if [ "$mode" = "--quick" ]; then
  echo "(compile time: python3 bench/compile_time.py --quick, about 2 minutes)"
else
  python3 bench/compile_time.py
fi
