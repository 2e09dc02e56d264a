#!/usr/bin/python3
"""Writes dsr_fixture.json: five trials of one family (seeded daily returns over the same 60 session days) and the
deflated Sharpe ratio of the best one (Bailey & Lopez de Prado 2014, eq. 2) computed independently with
numpy/scipy: SR_n = mean / std(ddof=1) per day; N = 5; V = var(SR_n, ddof=1);
SR0 = sqrt(V) * ((1 - g) * Phi^-1(1 - 1/N) + g * Phi^-1(1 - 1/(N e))), g the Euler-Mascheroni constant;
DSR = Phi((SR - SR0) sqrt(T - 1) / sqrt(1 - skew SR + (kurt - 1)/4 SR^2)), skewness and (non-excess) kurtosis
from population moments (scipy.stats.skew/kurtosis with bias=True, fisher=False).
Run with Debian's /usr/bin/python3 (python3-numpy, python3-scipy) from this folder."""
import json
import math

import numpy as np
from scipy import stats

rng = np.random.default_rng(2014)
T, N = 60, 5
drifts = [0.0002, 0.0008, -0.0003, 0.0015, 0.0005]
trials = [rng.standard_t(5, T) * 0.004 + d for d in drifts]
sharpes = np.array([r.mean() / r.std(ddof=1) for r in trials])
best = int(np.argmax(sharpes))
r = trials[best]
V = sharpes.var(ddof=1)
g = np.euler_gamma
sr0 = math.sqrt(V) * ((1 - g) * stats.norm.ppf(1 - 1 / N) + g * stats.norm.ppf(1 - 1 / (N * math.e)))
sr = sharpes[best]
skew = stats.skew(r, bias=True)
kurt = stats.kurtosis(r, fisher=False, bias=True)
dsr = stats.norm.cdf((sr - sr0) * math.sqrt(T - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr ** 2))
psr = stats.norm.cdf(sr * math.sqrt(T - 1) / math.sqrt(1 - skew * sr + (kurt - 1) / 4 * sr ** 2))
out = {
    "trials": [[float(x) for x in t] for t in trials],
    "best": best,
    "expected": {"trials": N, "sharpe_variance": float(V), "sr0": float(sr0), "sharpe": float(sr),
                 "deflated_sharpe": float(dsr), "probabilistic_sharpe": float(psr)},
}
with open("dsr_fixture.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(out["expected"], "best", best)
