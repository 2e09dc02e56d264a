#!/usr/bin/python3
"""Writes adf_fixture.json: statsmodels' augmented Dickey-Fuller results on seeded series.

Run with Debian's interpreter (statsmodels 0.13.5, numpy 1.24):
    /usr/bin/python3 make_adf_fixture.py
Series (numpy default_rng(20261122), length 500): a Gaussian random walk, an AR(1) with phi = 0.5, a
trend-stationary series (0.02 t + AR(1) phi = 0.3 noise) and the random walk fractionally differenced with
d = 0.4 (fixed-width window, weights truncated at |w_k| < 1e-3; Lopez de Prado, AFML, snippet 5.3/5.4).
For each series and regression 'c' and 'ct': fixed lags 0 and 3 (autolag=None, maxlag=p), and autolag 'AIC' and 'BIC'
with the default maxlag 12 (nobs/100)^(1/4).
"""
import json
import os

import numpy as np
import statsmodels
from statsmodels.tsa.stattools import adfuller


def ffd_weights(d, threshold):
    w = [1.0]
    k = 1
    while True:
        wk = -w[-1] * (d - k + 1) / k
        if abs(wk) < threshold:
            break
        w.append(wk)
        k += 1
    return np.array(w)


def ffd(x, d, threshold):
    w = ffd_weights(d, threshold)
    width = len(w)
    out = np.array([np.dot(w, x[t - np.arange(width)]) for t in range(width - 1, len(x))])
    return w, out


def main():
    rng = np.random.default_rng(20261122)
    n = 500
    eps = rng.standard_normal(n)
    walk = 100.0 + np.cumsum(eps)
    e2 = rng.standard_normal(n)
    ar = np.zeros(n)
    for t in range(1, n):
        ar[t] = 0.5 * ar[t - 1] + e2[t]
    e3 = rng.standard_normal(n)
    u = np.zeros(n)
    for t in range(1, n):
        u[t] = 0.3 * u[t - 1] + e3[t]
    trend = 5.0 + 0.02 * np.arange(n) + u
    weights, ffd_walk = ffd(walk, 0.4, 1e-3)
    series = {"random_walk": walk, "ar1": ar, "trend_stationary": trend, "ffd_random_walk": ffd_walk}
    cases = []
    for name, x in series.items():
        for regression in ("c", "ct"):
            configs = [("fixed", 0), ("fixed", 3), ("AIC", None), ("BIC", None)]
            for mode, lag in configs:
                if mode == "fixed":
                    r = adfuller(x, maxlag=lag, regression=regression, autolag=None)
                    icbest = None
                else:
                    r = adfuller(x, regression=regression, autolag=mode)
                    icbest = float(r[5])
                cases.append({
                    "series": name,
                    "regression": regression,
                    "autolag": mode,
                    "max_lag": lag,
                    "statistic": float(r[0]),
                    "p_value": float(r[1]),
                    "used_lag": int(r[2]),
                    "nobs": int(r[3]),
                    "critical_1": float(r[4]["1%"]),
                    "critical_5": float(r[4]["5%"]),
                    "critical_10": float(r[4]["10%"]),
                    "icbest": icbest,
                })
    doc = {
        "generator": "make_adf_fixture.py, statsmodels %s, numpy %s" % (statsmodels.__version__, np.__version__),
        "series": {k: [float(v) for v in x] for k, x in series.items()},
        "ffd": {"d": 0.4, "threshold": 1e-3, "weights": [float(v) for v in weights]},
        "cases": cases,
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adf_fixture.json")
    with open(path, "w") as f:
        json.dump(doc, f, indent=1)


if __name__ == "__main__":
    main()
