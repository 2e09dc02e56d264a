#!/usr/bin/python3
"""Writes ridge_fixture.json: a reference ridge fit by scikit-learn for RidgeRegressionTests.

Run with Debian's interpreter (python3-numpy, python3-sklearn): /usr/bin/python3 make_ridge_fixture.py

Exact by construction: RidgeRegression standardises X with the population standard deviation (ddof=0) and penalises
the coefficients of the standardised features, with an unpenalised intercept. scikit-learn's Ridge penalises the raw
coefficients, so we standardise X here with numpy exactly as the C# code does (StandardScaler convention) and fit
Ridge(alpha, fit_intercept=True, solver="cholesky") on Z. Its coef_ and intercept_ are then the C# Coefficients and
Intercept, and the raw-space weights are coef_/scale.
"""
import json

import numpy as np
import sklearn
from sklearn.linear_model import Ridge

rng = np.random.default_rng(20131007)
n, p = 200, 4
X = rng.normal(size=(n, p)) * np.array([1.0, 10.0, 0.01, 3.0]) + np.array([0.0, 5.0, -1.0, 100.0])
X[:, 3] += 0.5 * X[:, 0]  # some correlation
beta = np.array([0.5, -0.02, 30.0, 0.1])
y = 1.5 + X @ beta + rng.normal(scale=0.3, size=n)

mean = X.mean(axis=0)
scale = X.std(axis=0, ddof=0)
Z = (X - mean) / scale
cases = []
for alpha in [0.0, 1.0, 25.0]:
    model = Ridge(alpha=alpha, fit_intercept=True, solver="cholesky").fit(Z, y)
    resid = y - model.predict(Z)
    cases.append({
        "alpha": alpha,
        "coefficients": model.coef_.tolist(),
        "intercept": float(model.intercept_),
        "residual_std": float(np.sqrt(resid @ resid / (n - p - 1))),
        "prediction_first_row": float(model.predict(Z[:1])[0]),
    })

with open("ridge_fixture.json", "w") as f:
    json.dump({
        "generator": f"make_ridge_fixture.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}",
        "X": X.tolist(),
        "y": y.tolist(),
        "means": mean.tolist(),
        "scales": scale.tolist(),
        "cases": cases,
    }, f, indent=1)
