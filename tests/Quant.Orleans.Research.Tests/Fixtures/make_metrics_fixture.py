#!/usr/bin/python3
"""Writes metrics_fixture.json: an equity curve (60 marks a day over 30 UTC days, seeded) and the metrics of
Research/Metrics/PerformanceReport computed independently with numpy/pandas. Run with Debian's /usr/bin/python3."""
import json
import math
from statistics import NormalDist

import numpy as np
import pandas as pd

rng = np.random.default_rng(20131007)
initial = 100_000.0
days = pd.date_range("2013-10-07", periods=30, freq="D", tz="UTC")
times = []
for d in days:
    start = d + pd.Timedelta(hours=13, minutes=30)
    times.extend(start + pd.Timedelta(minutes=m) for m in range(60))
step = rng.normal(0.00004, 0.0009, len(times))
equity = initial * np.cumprod(1 + step)
s = pd.Series(equity, index=pd.DatetimeIndex(times))

step_ret = s.pct_change().dropna().to_numpy()
closes = s.groupby(s.index.date).last()
daily = (closes / closes.shift(1).fillna(initial) - 1).to_numpy()
A = 252
sharpe_step = step_ret.mean() / step_ret.std(ddof=1) * math.sqrt(252 * 390)
sharpe_daily = daily.mean() / daily.std(ddof=1) * math.sqrt(A)
sortino = daily.mean() / math.sqrt(np.mean(np.minimum(daily, 0) ** 2)) * math.sqrt(A)
profit_factor = daily[daily > 0].sum() / -daily[daily < 0].sum()
curve = np.concatenate([[initial], equity])
peak = np.maximum.accumulate(curve)
max_dd = float(np.max((peak - curve) / peak))
cagr = np.prod(1 + daily) ** (A / len(daily)) - 1
calmar = cagr / max_dd
hit = float(np.mean(daily[daily != 0] > 0))
dev = daily - daily.mean()
m2 = np.mean(dev ** 2)
skew = np.mean(dev ** 3) / m2 ** 1.5
kurt = np.mean(dev ** 4) / m2 ** 2
sr = daily.mean() / daily.std(ddof=1)
T = len(daily)
psr = NormalDist().cdf(sr * math.sqrt(T - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr ** 2))
traded = 2_500_000.0
turnover = traded / equity.mean() / T

out = {
    "initial_equity": initial,
    "traded_notional": traded,
    "times_ns": [int(t.value) for t in s.index],
    "equity": [float(x) for x in equity],
    "expected": {
        "sharpe_step_raw": sharpe_step, "sharpe_daily_agg": sharpe_daily, "sortino": sortino,
        "profit_factor": profit_factor, "max_drawdown": max_dd, "calmar": calmar, "hit_rate": hit,
        "turnover": turnover, "observation_days": T, "skewness": skew, "kurtosis": kurt,
        "probabilistic_sharpe": psr,
    },
}
with open("metrics_fixture.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print({k: round(v, 6) for k, v in out["expected"].items()})
