#!/usr/bin/python3
"""Writes drift_fixture.json, the reference values of Research/Drift (DriftTests.cs reads it).

- "psi": population stability index computed here with numpy alone: interior bin edges are the reference sample's
  quantiles at k/B, k = 1..B-1 (np.quantile, method 'linear' = Hyndman & Fan type 7), duplicates removed (np.unique);
  bins are right-closed (np.searchsorted side='left': bin i holds e[i-1] < x <= e[i], the first bin is unbounded
  below, the last above); proportions are count/n, floored at eps; PSI = sum((a - e) * ln(a / e)) with e the
  reference and a the current proportions (Yurdakul 2018).
- "ks": scipy.stats.ks_2samp(reference, current, method='asymp') (statistic D and its p-value; scipy 1.10's 'asymp'
  two-sided p-value is kstwo.sf(D, round(n1*n2/(n1+n2)))).
- "kstwo_sf": scipy.stats.kstwo.sf(d, n) on a grid that reaches every branch of Simard & L'Ecuyer (2011) as scipy
  implements it (Ruben-Gambino ends, exact 2*smirnov, Durbin/MTW matrix, Pomeranz, Pelz-Good).
Run from this folder with Debian's interpreter: /usr/bin/python3 make_drift_fixture.py (scipy 1.10.1, numpy 1.24.2).
"""
import json

import numpy as np
import scipy
from scipy import stats

EPS = 1e-4


def psi(reference, current, bins):
    edges = np.unique(np.quantile(reference, np.arange(1, bins) / bins))
    e = np.bincount(np.searchsorted(edges, reference, side="left"), minlength=len(edges) + 1) / len(reference)
    a = np.bincount(np.searchsorted(edges, current, side="left"), minlength=len(edges) + 1) / len(current)
    e = np.maximum(e, EPS)
    a = np.maximum(a, EPS)
    return float(np.sum((a - e) * np.log(a / e))), [float(x) for x in edges]


rng = np.random.default_rng(20261206)
cases = []
specs = [
    # name, n_ref, n_cur, how the current sample differs
    ("same_normal_small", 40, 60, "same"),
    ("shifted_normal_small", 50, 50, "shift"),
    ("scaled_normal_mid", 120, 90, "scale"),
    ("same_normal_large", 2000, 1500, "same"),
    ("shifted_normal_large", 3000, 2500, "shift_small"),
    ("discrete_ties", 800, 700, "ties"),
    ("heavy_tail_vs_normal", 1000, 1200, "student"),
    ("far_apart", 300, 200, "far"),
]
for name, n1, n2, how in specs:
    ref = rng.normal(0.0, 1.0, n1)
    if how == "same":
        cur = rng.normal(0.0, 1.0, n2)
    elif how == "shift":
        cur = rng.normal(0.6, 1.0, n2)
    elif how == "shift_small":
        cur = rng.normal(0.05, 1.0, n2)
    elif how == "scale":
        cur = rng.normal(0.0, 1.8, n2)
    elif how == "ties":
        ref = np.round(rng.normal(0.0, 2.0, n1))
        cur = np.round(rng.normal(0.3, 2.0, n2))
    elif how == "student":
        cur = rng.standard_t(3, n2)
    else:
        cur = rng.normal(5.0, 1.0, n2)
    ks = stats.ks_2samp(ref, cur, method="asymp")
    entry = {"name": name, "reference": [float(x) for x in ref], "current": [float(x) for x in cur],
             "ks_statistic": float(ks.statistic), "ks_pvalue": float(ks.pvalue), "psi": {}}
    for bins in (10, 20):
        value, edges = psi(ref, cur, bins)
        entry["psi"][str(bins)] = {"value": value, "edges": edges}
    cases.append(entry)

grid = []
for n in (1, 2, 3, 5, 10, 25, 60, 140, 141, 500, 2000, 20000, 100000, 100001, 400000):
    for d in (0.0, 0.3 / n, 0.75 / n, 1.5 / n, 0.5 / np.sqrt(n), 0.8 / np.sqrt(n), 1.2 / np.sqrt(n), 1.6 / np.sqrt(n),
              2.5 / np.sqrt(n), 5.0 / np.sqrt(n), 0.2, 0.45, 0.6, 1.0 - 0.5 / n, 1.0):
        if 0.0 <= d <= 1.0:
            grid.append({"n": n, "d": float(d), "sf": float(stats.kstwo.sf(d, n))})

out = {"generator": "make_drift_fixture.py", "scipy": scipy.__version__, "numpy": np.__version__, "eps": EPS,
       "cases": cases, "kstwo_sf": grid}
with open("drift_fixture.json", "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
for c in cases:
    print(c["name"], c["ks_statistic"], c["ks_pvalue"], c["psi"]["10"]["value"])
print(len(grid), "kstwo.sf points")
