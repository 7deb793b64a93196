#!/usr/bin/env python3
"""Writes a trade-heavy two-venue LUNC-like case for bench/run-backtest-command.sh: 132,176 ticks
(66,088 per venue) over 9,844 seconds, with a basis that crosses the golden rdn thresholds
(entry -0.3 %, exit -0.12 %) every few dozen seconds. Deterministic (fixed seed).
Usage: trade-heavy-ticks.py OUT_DIR"""
import math
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
random.seed(7)
t0 = 1760157946000000
n = 66088
header = "timestamp_us,venue,symbol,bid_price,bid_qty,ask_price,ask_qty\n"
with open(os.path.join(out, "spot.csv"), "w") as s, open(os.path.join(out, "futures.csv"), "w") as f:
    s.write(header)
    f.write(header)
    for i in range(n):
        ts = t0 + int(i * 9844e6 / n)
        p = 0.0000370 * (1 + 0.01 * math.sin(i / 500))
        basis = -0.002 + 0.004 * math.sin(i / 23.0) + random.gauss(0, 0.0005)
        s.write(f"{ts},mexc-spot,LUNC_USDT,{p:.10f},5000000,{p * 1.0002:.10f},5000000\n")
        fb = p * (1 + basis)
        f.write(f"{ts + 137},gateio-futures,LUNC_USDT,{fb:.10f},5000,{fb * 1.0002:.10f},5000\n")
