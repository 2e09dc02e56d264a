#!/usr/bin/python3
"""Writes simts_reference.json: the PyTorch reference for Learning/Adaptation/SimTsObjective.cs.

Run with Debian's interpreter from any directory: /usr/bin/python3 simts_reference.py  (torch 1.13 CPU, numpy).
Seeded, torch.set_num_threads(1). The student is the Student module of ../Fixtures/make_chronos_fixtures.py (imported,
so the encoder, T5 relative bias and Chronos-Bolt patch embedding are the definitions the Chronos parity tests already
check parameter for parameter); the predictor is Linear(d, hidden) -> ReLU -> Linear(hidden, d) with the C# Mlp's
parameter paths (layers.0.*, layers.1.*).

SimTS (Zheng et al. 2023): for each window start s, the history rows s .. s+Lh-1 and the future rows s+Lh .. s+Lh+Lf-1
are tokenised as Learning/Models/StudentTokens.cs documents it (re-implemented here in numpy, independently):
standardised columns (x - mean) / scale computed in double then float32, and the log-mid path since the segment's last
step divided by the segment's mean scale max(floor, mean |one-step log return|) (returns rounded to float32, summed in
double). Latent = encoder output at the last patch. loss = -mean_b cos(predictor(z_h), stopgrad(z_f)), with
cos(a, c) = a/max(|a|, 1e-8) . c/max(|c|, 1e-8).

The JSON holds the config, the scaler, the rows (T, F), the T+1 log mids, the starts, Lh, Lf, every student and
predictor parameter, the loss, and the gradient of the loss with respect to every patch-embedding, encoder and
predictor parameter (the heads get none). Floats are float32 values written as shortest float64 reprs (exact).
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "Fixtures"))
from make_chronos_fixtures import Student  # noqa: E402  (same module definitions as chronos.safetensors)

torch.set_num_threads(1)
torch.manual_seed(2027)
rng = np.random.default_rng(2027)

# Tiny student: F = 2 raw columns + the log-mid path (3 inputs), L 8, patch 4, d 8, 2 heads, 2 layers, ff 16,
# H 2, K 5, Q 3. History 8 steps (2 patches, the served window), future 12 (3 patches: a longer segment exercises
# relative positions the history does not reach). Predictor hidden width 6. Rows T = 40, 5 windows.
CONFIG = dict(input_features=3, window=8, patch_length=4, model=8, heads=2, layers=2, feed_forward=16,
              horizons=2, bins=5, quantile_count=3)
HISTORY, FUTURE, HIDDEN, T = 8, 12, 6, 40
STARTS = [0, 3, 11, 20, 7]
EPS = 1e-8


class Predictor(torch.nn.Module):
    def __init__(self, d, hidden):
        super().__init__()
        self.layers = torch.nn.ModuleList([torch.nn.Linear(d, hidden), torch.nn.Linear(hidden, d)])

    def forward(self, x):
        return self.layers[1](F.relu(self.layers[0](x)))


def tokens(rows, mids, mean, scale, floor):
    """StudentTokens.Fill: rows (n, F) float32, mids (n + 1) float64 -> (n, F + 1) float32."""
    r = (mids[1:] - mids[:-1]).astype(np.float32)
    s = max(np.float32(floor), np.float32(np.sum(np.abs(r.astype(np.float64))) / len(r)))
    z = ((rows.astype(np.float64) - mean) / scale).astype(np.float32)
    path = ((mids[1:] - mids[-1]) / np.float64(s)).astype(np.float32)
    return np.concatenate([z, path[:, None]], axis=1)


def latent(model, tok):
    b = tok.shape[0]
    patches = tok.reshape(b, -1).unfold(1, model.p, model.p)
    h = model.encoder(model.patch_embedding(torch.cat([patches, torch.ones_like(patches)], -1)))
    return h[:, -1]


def unit(x):
    return x / x.norm(dim=1, keepdim=True).clamp_min(EPS)


def flat(t):
    return [float(v) for v in t.detach().numpy().astype(np.float32).reshape(-1)]


def main():
    c = CONFIG
    student = Student(c["input_features"], c["patch_length"], c["model"], c["heads"], c["layers"], c["feed_forward"],
                      c["horizons"], c["bins"], c["quantile_count"])
    with torch.no_grad():
        for name, p in student.named_parameters():
            if "norm" in name:
                p.add_(torch.randn_like(p) * 0.1)
    predictor = Predictor(c["model"], HIDDEN)

    f = c["input_features"] - 1
    mean = rng.normal(0.0, 1.0, f)
    scale = rng.uniform(0.5, 2.0, f)
    floor = 1e-5
    rows = (mean + scale * rng.normal(0.0, 1.0, (T, f))).astype(np.float32)
    mids = np.log(100.0) + np.concatenate([[0.0], np.cumsum(rng.normal(0.0, 2e-4, T))])

    hist = np.stack([tokens(rows[s:s + HISTORY], mids[s:s + HISTORY + 1], mean, scale, floor) for s in STARTS])
    fut = np.stack([tokens(rows[s + HISTORY:s + HISTORY + FUTURE], mids[s + HISTORY:s + HISTORY + FUTURE + 1],
                           mean, scale, floor) for s in STARTS])
    hist, fut = torch.from_numpy(hist), torch.from_numpy(fut)

    pred = predictor(latent(student, hist))
    with torch.no_grad():
        target = latent(student, fut)
    loss = -(unit(pred) * unit(target)).sum(1).mean()
    loss.backward()

    def params(module):
        return {n: {"shape": list(p.shape), "values": flat(p)} for n, p in module.named_parameters()}

    def grads(module):
        return {n: {"shape": list(p.shape), "values": flat(p.grad)} for n, p in module.named_parameters()
                if p.grad is not None}

    student_grads = grads(student)
    assert all(n.startswith(("patch_embedding.", "encoder.")) for n in student_grads), "a head got a gradient"
    out = {
        "config": c,
        "history_steps": HISTORY,
        "future_steps": FUTURE,
        "predictor_hidden": HIDDEN,
        "mean": [float(v) for v in mean],
        "scale": [float(v) for v in scale],
        "scale_floor": floor,
        "rows": [float(v) for v in rows.reshape(-1)],
        "log_mids": [float(v) for v in mids],
        "starts": STARTS,
        "student": params(student),
        "predictor": params(predictor),
        "loss": float(loss.detach()),
        "student_grads": student_grads,
        "predictor_grads": grads(predictor),
    }
    with open(os.path.join(HERE, "simts_reference.json"), "w") as fh:
        json.dump(out, fh, separators=(",", ":"))
    print(f"loss {out['loss']:.8f}; {len(student_grads)} student and {len(out['predictor_grads'])} predictor gradients")


if __name__ == "__main__":
    main()
