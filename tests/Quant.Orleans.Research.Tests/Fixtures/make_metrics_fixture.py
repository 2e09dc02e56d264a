#!/usr/bin/python3
"""Writes metrics_fixture.json: an equity curve marked at irregular times (pre-market, regular session and after
hours until 20:30 New York time, so that some marks fall after midnight UTC) over 30 US trading days that cross the
end of daylight saving time (2013-11-03), and the metrics of Research/Metrics/PerformanceReport computed
independently with numpy/pandas for both trading calendars:

- us_equity: session date = New York local date; daily returns compound per session date, annualised by sqrt(252);
  step_raw on the 1-minute grid of the regular session (09:31..16:00 New York, 390 points a session day, the last
  mark at or before each point carried forward, the initial equity before the first mark), annualised by
  sqrt(252 * 390).
- utc_24x7: session date = UTC date; daily returns per UTC date, sqrt(365); step_raw on the 1-minute grid of the UTC
  day (00:01..24:00, 1440 points), sqrt(365 * 1440).

Run with Debian's /usr/bin/python3 (python3-pandas, python3-numpy) from this folder."""
import json
import math
from statistics import NormalDist

import numpy as np
import pandas as pd

rng = np.random.default_rng(20131014)
initial = 100_000.0
traded = 2_500_000.0
NY = "America/New_York"

days = pd.bdate_range("2013-10-14", periods=30)
local_times = []
for d in days:
    base = pd.Timestamp(d.date(), tz=NY)
    # seconds after local midnight: 5 pre-market marks, ~150 in the regular session, 12 after hours (16:00-20:30)
    pre = rng.uniform(4 * 3600, 9.5 * 3600, 5)
    regular = rng.uniform(9.5 * 3600, 16 * 3600, 150)
    after = rng.uniform(16 * 3600, 20.5 * 3600, 12)
    seconds = np.sort(np.concatenate([pre, regular, after]))
    ms = np.unique(np.round(seconds * 1000).astype(np.int64))
    local_times.extend(base + pd.to_timedelta(ms, unit="ms"))

index = pd.DatetimeIndex(local_times).tz_convert("UTC")
step = rng.normal(0.00002, 0.0006, len(index))
equity = initial * np.cumprod(1 + step)
s = pd.Series(equity, index=index)


def sharpe(r, periods):
    return r.mean() / r.std(ddof=1) * math.sqrt(periods)


def metrics(tz, days_per_year, grid_start, grid_minutes):
    local = s.tz_convert(tz)
    session = pd.Index([t.date() for t in local.index])
    closes = pd.Series(local.to_numpy()).groupby(session).last()
    daily = (closes / closes.shift(1).fillna(initial) - 1).to_numpy()

    grid = []
    for d in closes.index:
        start = pd.Timestamp(d, tz=tz) + grid_start
        grid.extend(start + pd.Timedelta(minutes=k) for k in range(1, grid_minutes + 1))
    grid = pd.DatetimeIndex(grid).tz_convert("UTC")
    pos = np.searchsorted(s.index.asi8, grid.asi8, side="right") - 1
    grid_equity = np.where(pos >= 0, equity[np.maximum(pos, 0)], initial)
    curve = np.concatenate([[initial], grid_equity])
    steps = curve[1:] / curve[:-1] - 1

    a = days_per_year
    marked = np.concatenate([[initial], equity])
    peak = np.maximum.accumulate(marked)
    max_dd = float(np.max((peak - marked) / peak))
    cagr = np.prod(1 + daily) ** (a / len(daily)) - 1
    dev = daily - daily.mean()
    m2 = np.mean(dev ** 2)
    skew = np.mean(dev ** 3) / m2 ** 1.5
    kurt = np.mean(dev ** 4) / m2 ** 2
    sr = daily.mean() / daily.std(ddof=1)
    T = len(daily)
    psr = NormalDist().cdf(sr * math.sqrt(T - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr ** 2))
    return {
        "sharpe_step_raw": sharpe(steps, a * grid_minutes),
        "step_observations": len(steps),
        "sharpe_daily_agg": sharpe(daily, a),
        "sortino": daily.mean() / math.sqrt(np.mean(np.minimum(daily, 0) ** 2)) * math.sqrt(a),
        "profit_factor": daily[daily > 0].sum() / -daily[daily < 0].sum(),
        "max_drawdown": max_dd,
        "calmar": cagr / max_dd,
        "hit_rate": float(np.mean(daily[daily != 0] > 0)),
        "turnover": traded / equity.mean() / T,
        "observation_days": T,
        "first_day": str(closes.index[0]),
        "last_day": str(closes.index[-1]),
        "probabilistic_sharpe": psr,
        "daily_returns": [float(x) for x in daily],
    }


out = {
    "initial_equity": initial,
    "traded_notional": traded,
    "times_ns": [int(t) for t in s.index.asi8],
    "equity": [float(x) for x in equity],
    "us_equity": metrics(NY, 252, pd.Timedelta(hours=9, minutes=30), 390),
    "utc_24x7": metrics("UTC", 365, pd.Timedelta(0), 1440),
}
with open("metrics_fixture.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
for name in ("us_equity", "utc_24x7"):
    print(name, {k: (round(v, 6) if isinstance(v, float) else v) for k, v in out[name].items() if k != "daily_returns"})
