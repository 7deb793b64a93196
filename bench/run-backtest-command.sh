#!/usr/bin/env bash
# Wall time of the whole `./spreadflow backtest` command (JVM start, local cluster, job, report folder),
# RUNS times after one untimed run (build and class data archive when needed). Cases:
#   lunc   the README's example: rdn on the real LUNC recording (20,000 ticks, 1 s bars)
#   heavy  132,176 synthetic ticks of two venues at 1 s bars (9,844 bars), golden rdn parameters, ~1,800 trades
# Prints every run, the median and the load average. Usage: run-backtest-command.sh CASE [RUNS (5)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CASE="${1:?case: lunc or heavy}"
RUNS="${2:-5}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
DATA="$ROOT/../shared/data/mexc-gateio"
case "$CASE" in
  lunc)
    ARGS=(--strategy rdn --input "$DATA/mexc_spot_LUNC_USDT_bookTicker_20251011.csv" "$DATA/gateio_futures_LUNC_USDT_bookTicker_20251011.csv"
          --spot mexc-spot --futures gateio-futures --bar-seconds 1
          --param entry_spread_threshold=-0.3 --param exit_spread_threshold=-0.12 --param stop_loss_threshold=-0.5) ;;
  heavy)
    python3 "$ROOT/bench/trade-heavy-ticks.py" "$OUT/ticks"
    ARGS=(--strategy rdn --input "$OUT/ticks/spot.csv" "$OUT/ticks/futures.csv" --spot mexc-spot --futures gateio-futures --bar-seconds 1
          --param entry_spread_threshold=-0.3 --param exit_spread_threshold=-0.12 --param stop_loss_threshold=-0.5
          --param max_holding_hours=0.005 --param total_fees=0.001 --param min_volatility=0.1 --param volatility_window=20) ;;
  *) echo "unknown case $CASE (lunc | heavy)" >&2; exit 2 ;;
esac
# not timed: builds the project when its sources changed, and writes the launcher's class data archive
# (job/target/cds/), which the first backtest after a build does once (see BENCHMARKS.md)
"$ROOT/spreadflow" backtest "${ARGS[@]}" --out "$OUT/warm-up" >/dev/null
echo "case $CASE, $RUNS runs, $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
times=()
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  line=$("$ROOT/spreadflow" backtest "${ARGS[@]}" --out "$OUT/report-$i" 2>&1 | tail -1)
  end=$(date +%s%N)
  ms=$(( (end - start) / 1000000 ))
  times+=("$ms")
  echo "run $i: ${ms} ms  ($line)"
done
sorted=($(printf '%s\n' "${times[@]}" | sort -n))
echo "median: ${sorted[$(( RUNS / 2 ))]} ms; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
