#!/usr/bin/python3
"""Reference check of the judge's FastTree against XGBoost 1.7 (hist), on the rows the C# side wrote.

Run (not in CI; Debian's interpreter has xgboost and scikit-learn):
    QO_JUDGE_BENCH=1 QO_JUDGE_BENCH_OUT=/tmp/qo-judge-bench dotnet test tests/Quant.Orleans.Research.Tests \
        --filter "FullyQualifiedName~JudgeReferenceMeasurement"
    /usr/bin/python3 tests/Quant.Orleans.Research.Tests/Judge/xgboost_reference.py /tmp/qo-judge-bench

For each configuration in fasttree.json (the judge's purged-CV choice and 300 trees / 31 leaves / 0.1) XGBoost is fitted
with the same trees, leaves grown leaf-wise (lossguide, no depth limit, as FastTree grows), learning rate, 256 bins and
the same uniqueness sample weights, with 1 thread and with every core; AUC on the held-out rows.
"""
import json
import os
import sys
import time

import numpy as np
import xgboost as xgb
from sklearn.metrics import roc_auc_score


def load(path):
    with open(path) as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1)
    d = len(header) - 3
    return data[:, :d].astype(np.float32), data[:, d], data[:, d + 1], header[:d]


def main(folder):
    x_train, y_train, w_train, names = load(os.path.join(folder, "train.csv"))
    x_test, y_test, _, _ = load(os.path.join(folder, "test.csv"))
    with open(os.path.join(folder, "fasttree.json")) as f:
        fasttree = json.load(f)
    cores = len(os.sched_getaffinity(0))
    rows = []
    for config in fasttree["fasttree"]:
        row = {"trees": config["trees"], "leaves": config["leaves"], "learning_rate": config["learning_rate"]}
        for threads in (1, cores):
            model = xgb.XGBClassifier(
                n_estimators=config["trees"], learning_rate=config["learning_rate"], tree_method="hist",
                grow_policy="lossguide", max_leaves=config["leaves"], max_depth=0, max_bin=256, min_child_weight=1.0,
                random_state=42, n_jobs=threads)
            model.fit(x_train[:500], y_train[:500])  # warm-up
            best = float("inf")
            for _ in range(3):  # best of 3, as the C# side
                start = time.perf_counter()
                model.fit(x_train, y_train, sample_weight=w_train)
                best = min(best, time.perf_counter() - start)
            row[f"xgboost_fit_seconds_{threads}_threads"] = best
            row["xgboost_test_auc"] = roc_auc_score(y_test, model.predict_proba(x_test)[:, 1])
        booster = model.get_booster()
        start = time.perf_counter()
        booster.inplace_predict(x_test)
        row["xgboost_batch_us_per_row"] = (time.perf_counter() - start) / len(x_test) * 1e6
        calls = 2000
        start = time.perf_counter()
        for i in range(calls):
            booster.inplace_predict(x_test[i % len(x_test):i % len(x_test) + 1])
        row["xgboost_single_row_us"] = (time.perf_counter() - start) / calls * 1e6
        xgb_best = min(row[f"xgboost_fit_seconds_{t}_threads"] for t in (1, cores))
        ft_best = min(config["fit_seconds_1_thread"], config["fit_seconds_all_threads"])
        row.update({
            "fasttree_fit_seconds_1_thread": config["fit_seconds_1_thread"],
            "fasttree_fit_seconds_all_threads": config["fit_seconds_all_threads"],
            "fasttree_test_auc": config["test_auc"],
            "auc_fasttree_minus_xgboost": config["test_auc"] - row["xgboost_test_auc"],
            "fit_time_ratio_fasttree_over_xgboost_best_of_threads": ft_best / xgb_best,
        })
        rows.append(row)
    result = {
        "xgboost_version": xgb.__version__,
        "cores": cores,
        "rows_train": len(y_train),
        "rows_test": len(y_test),
        "configs": rows,
        "judge_compiled_us_per_row": fasttree["compiled_us_per_row"],
        "judge_prediction_engine_us_per_row": fasttree["prediction_engine_us_per_row"],
        "judge_test_auc": fasttree["judge_test_auc"],
    }
    with open(os.path.join(folder, "comparison.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/qo-judge-bench")
