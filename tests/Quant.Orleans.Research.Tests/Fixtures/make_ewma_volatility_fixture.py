#!/usr/bin/python3
"""Writes ewma_volatility_fixture.json: prices of a seeded log-normal random walk and the causal EWMA volatility of
Research/Labels/EwmaVolatility computed independently with pandas: r = diff(log p) (NaN at index 0),
sigma = sqrt(r**2 .ewm(span, adjust=False).mean()) -- the zero-mean EWMA of squared log returns (RiskMetrics 1996,
AFML snippet 3.1's scale); pandas skips the leading NaN, so sigma[0] is NaN and sigma[1] = |r[1]|.
Run with Debian's /usr/bin/python3 (python3-pandas) from this folder."""
import json

import numpy as np
import pandas as pd

rng = np.random.default_rng(31)
n, span = 400, 20
prices = 100.0 * np.exp(np.cumsum(np.concatenate([[0.0], rng.normal(0.0, 0.01, n - 1)])))
r = np.log(pd.Series(prices)).diff()
sigma = np.sqrt((r ** 2).ewm(span=span, adjust=False).mean())
out = {
    "span": span,
    "prices": [float(p) for p in prices],
    # NaN is written as null
    "volatility": [None if np.isnan(v) else float(v) for v in sigma],
}
with open("ewma_volatility_fixture.json", "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
    f.write("\n")
print(out["volatility"][:4])
