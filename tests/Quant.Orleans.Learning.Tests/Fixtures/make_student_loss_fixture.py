#!/usr/bin/python3
"""Writes student_loss.safetensors, the PyTorch reference for Learning/Losses/StudentTradingLoss.cs.

Run from any directory with Debian's interpreter: /usr/bin/python3 make_student_loss_fixture.py  (torch 1.13 CPU).
Seeded, one thread; safetensors written by make_torch_fixtures.save (numpy + json). B = 24 consecutive samples,
H = 3 horizons, K = 32 bins, Q = 9 quantile levels, log variances (0.3, -0.2, 0.1, 0.5). The file holds the inputs,
the options ("opt.*"), the total ("loss"), each term, and the gradients of the total ("grad.*").
"""
import os
import sys

import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_torch_fixtures import save  # noqa: E402  (sets one thread; seeds are set below)

torch.set_num_threads(1)
torch.manual_seed(20240611)

TAU, GAMMA, FEE, EPS = 2.0, 2.0, 1e-4, 1e-6
LEVELS = torch.tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9])


def student_loss(s, t, qp, y, pos, ret, hs, lab, bl, log_vars):
    """Total = sum_i exp(-s_i) L_i + s_i over [KL, pinball, softplus(-Sortino), focal]; see StudentTradingLoss.cs."""
    b, h, k = s.shape
    t = t.detach()
    kl = F.kl_div(F.log_softmax(s.reshape(b * h, k) / TAU, -1), F.softmax(t.reshape(b * h, k) / TAU, -1),
                  reduction="batchmean") * TAU * TAU
    diff = y.unsqueeze(-1) - qp
    pinball = torch.max(LEVELS * diff, (LEVELS - 1) * diff).mean()
    prev = torch.cat([torch.zeros(1), pos[:-1]])
    r = pos * ret - (FEE + hs) * (pos - prev).abs()
    sortino = r.mean() / torch.sqrt((torch.clamp(r, max=0.0) ** 2).mean() + EPS)
    sortino_loss = F.softplus(-sortino)
    logp = F.log_softmax(bl, -1).gather(-1, lab.long().unsqueeze(-1)).squeeze(-1)
    focal = (-((1 - logp.exp()) ** GAMMA) * logp).mean()
    terms = torch.stack([kl, pinball, sortino_loss, focal])
    total = (torch.exp(-log_vars) * terms + log_vars).sum()
    return total, kl, pinball, sortino_loss, sortino, focal


def main():
    b, h, k, q = 24, 3, 32, len(LEVELS)
    inputs = {
        "student": (torch.randn(b, h, k) * 2).requires_grad_(True),
        "teacher": (torch.randn(b, h, k) * 2).requires_grad_(True),
        "quantiles": torch.randn(b, h, q).requires_grad_(True),
        "targets": torch.randn(b, h),
        "position": torch.tanh(torch.randn(b)).requires_grad_(True),
        "realised_return": torch.randn(b) * 0.01,
        "half_spread": torch.rand(b) * 5e-4,
        "barrier_label": torch.randint(0, 3, (b,)).float(),
        "barrier_logits": torch.randn(b, 3).requires_grad_(True),
        "log_vars": torch.tensor([0.3, -0.2, 0.1, 0.5], requires_grad=True),
    }
    total, kl, pinball, sortino_loss, sortino, focal = student_loss(*inputs.values())
    wrt = ["student", "quantiles", "position", "barrier_logits", "log_vars"]
    grads = torch.autograd.grad(total, [inputs[n] for n in wrt])

    # Sanity: focal with gamma = 0 is cross-entropy; the teacher gets no gradient.
    bl, lab = inputs["barrier_logits"], inputs["barrier_label"].long()
    logp = F.log_softmax(bl, -1).gather(-1, lab.unsqueeze(-1)).squeeze(-1)
    assert torch.allclose(-logp.mean(), F.cross_entropy(bl, lab))
    assert torch.autograd.grad(total, inputs["teacher"], retain_graph=False, allow_unused=True)[0] is None

    out = {f"in.{n}": v for n, v in inputs.items()}
    out.update({"loss": total, "kl": kl, "pinball": pinball, "sortino_loss": sortino_loss, "sortino": sortino,
                "focal": focal})
    out.update({f"grad.{n}": g for n, g in zip(wrt, grads)})
    out.update({"opt.temperature": torch.tensor([TAU]), "opt.focal_gamma": torch.tensor([GAMMA]),
                "opt.fee_rate": torch.tensor([FEE]), "opt.sortino_epsilon": torch.tensor([EPS]),
                "opt.quantiles": LEVELS})
    save(os.path.join(HERE, "student_loss.safetensors"), out)
    print({n: float(v) for n, v in out.items() if v.numel() == 1 and not n.startswith("opt.")})


if __name__ == "__main__":
    main()
