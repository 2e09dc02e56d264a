#!/usr/bin/python3
"""Writes grpo.safetensors, the PyTorch reference for Learning/Losses/BetaDistribution.cs, Learning/Losses/GrpoLoss.cs
and Learning/Models/PolicyHead.cs.

Run from any directory with Debian's interpreter: /usr/bin/python3 make_grpo_fixture.py  (torch 1.13 CPU).
Seeded, one thread; safetensors written by make_torch_fixtures.save (numpy + json).

"beta.*": Beta(alpha, beta).log_prob(x.clamp(EPS, 1 - EPS)) for 64 points (x includes 0, 1, 1e-9, 1 - 1e-9), a random
cotangent r and the gradients of sum(log_prob * r) with respect to alpha and beta.

"head.*", "old.*", "ref.*": three policy heads (features 5, hidden [8, 8], tanh; old and ref are the policy with
N(0, 0.3^2) added to every parameter so that the ratios leave the clip band). S = 6 states, G = 4 actions per state
sampled from the old head's Beta, two of them moved to 1e-9 and 1 - 1e-9 (the clamp). Rewards: position * R - COST *
|position| - RISK * position^2 * VAR per state. "grpo.*": alpha, beta, log-probabilities, advantages, the loss and its
parts, and the gradients of the loss with respect to alpha, beta ("grpo.grad.alpha", "grpo.grad.beta") and every
parameter of the policy ("grad.<name>").
"""
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from make_torch_fixtures import save  # noqa: E402  (sets one thread; seeds are set below)

torch.set_num_threads(1)
torch.manual_seed(20240205)

EPS = 1e-6          # clamp of the Beta log-density
CLIP, KL_BETA, ADV_EPS = 0.2, 0.1, 1e-4
COST, RISK = 5e-4, 2.0
FEATURES, HIDDEN, S, G = 5, [8, 8], 6, 4


class Mlp(nn.Module):
    def __init__(self, sizes):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:])])

    def forward(self, x):
        for i, layer in enumerate(self.layers):
            x = layer(x)
            if i < len(self.layers) - 1:
                x = torch.tanh(x)
        return x


class PolicyHead(nn.Module):
    """alpha = softplus(z0) + 1, beta = softplus(z1) + 1 (see PolicyHead.cs)."""

    def __init__(self):
        super().__init__()
        self.mlp = Mlp([FEATURES] + HIDDEN + [2])

    def forward(self, states):
        z = self.mlp(states)
        return F.softplus(z[:, 0]) + 1, F.softplus(z[:, 1]) + 1


def log_prob(a, b, x):
    return torch.distributions.Beta(a, b).log_prob(x.clamp(EPS, 1 - EPS))


def grpo(logp, old_logp, ref_logp, rewards):
    adv = (rewards - rewards.mean(1, keepdim=True)) / (rewards.std(1, keepdim=True) + ADV_EPS)
    ratio = torch.exp(logp - old_logp)
    clipped = torch.clamp(ratio, 1 - CLIP, 1 + CLIP)
    surrogate = torch.min(ratio * adv, clipped * adv)
    d = ref_logp - logp
    k3 = torch.exp(d) - d - 1
    loss = (-surrogate + KL_BETA * k3).mean()
    clip_frac = (((ratio > 1 + CLIP) & (adv > 0)) | ((ratio < 1 - CLIP) & (adv < 0))).float().mean()
    return loss, surrogate.mean(), k3.mean(), clip_frac, adv


def beta_case(out):
    n = 64
    a = (torch.rand(n) * 6 + 1).requires_grad_(True)
    b = (torch.rand(n) * 6 + 1).requires_grad_(True)
    x = torch.rand(n)
    x[:6] = torch.tensor([0.0, 1.0, 1e-9, 1 - 1e-9, 1e-3, 0.999])
    lp = log_prob(a, b, x)
    r = torch.rand(n) * 2 - 1
    ga, gb = torch.autograd.grad((lp * r).sum(), [a, b])
    out.update({"beta.alpha": a, "beta.beta": b, "beta.x": x, "beta.logp": lp, "beta.r": r,
                "beta.grad.alpha": ga, "beta.grad.beta": gb})


def perturbed(head):
    other = PolicyHead()
    other.load_state_dict(head.state_dict())
    with torch.no_grad():
        for p in other.parameters():
            p.add_(torch.randn_like(p) * 0.3)
    return other


def grpo_case(out):
    head = PolicyHead()
    old, ref = perturbed(head), perturbed(head)
    states = torch.randn(S, FEATURES)
    with torch.no_grad():
        oa, ob = old(states)
        u = torch.distributions.Beta(oa.unsqueeze(1).expand(S, G), ob.unsqueeze(1).expand(S, G)).sample()
        u[0, 1], u[2, 3] = 1e-9, 1 - 1e-9
        old_logp = log_prob(oa.unsqueeze(1), ob.unsqueeze(1), u)
        ra, rb = ref(states)
        ref_logp = log_prob(ra.unsqueeze(1), rb.unsqueeze(1), u)
    ret = torch.randn(S, 1) * 0.02
    var = torch.rand(S, 1) * 4e-4
    pos = 2 * u - 1
    rewards = pos * ret - COST * pos.abs() - RISK * pos * pos * var

    alpha, beta = head(states)
    alpha.retain_grad()
    beta.retain_grad()
    logp = log_prob(alpha.unsqueeze(1), beta.unsqueeze(1), u)
    loss, surrogate, kl, clip_frac, adv = grpo(logp, old_logp, ref_logp, rewards)
    assert 0 < float(clip_frac) < 1, float(clip_frac)
    loss.backward()

    out.update({f"head.{n}": p for n, p in head.state_dict().items()})
    out.update({f"old.{n}": p for n, p in old.state_dict().items()})
    out.update({f"ref.{n}": p for n, p in ref.state_dict().items()})
    out.update({f"grad.{n}": p.grad for n, p in head.named_parameters()})
    out.update({
        "grpo.states": states, "grpo.u": u, "grpo.forward_return": ret, "grpo.variance": var, "grpo.rewards": rewards,
        "grpo.alpha": alpha, "grpo.beta": beta, "grpo.logp": logp, "grpo.old_logp": old_logp,
        "grpo.ref_logp": ref_logp, "grpo.advantages": adv, "grpo.loss": loss, "grpo.surrogate": surrogate,
        "grpo.kl": kl, "grpo.clip_fraction": clip_frac, "grpo.mean_reward": rewards.mean(),
        "grpo.grad.alpha": alpha.grad, "grpo.grad.beta": beta.grad,
        "opt.clip": torch.tensor([CLIP]), "opt.kl_beta": torch.tensor([KL_BETA]), "opt.adv_eps": torch.tensor([ADV_EPS]),
        "opt.log_prob_eps": torch.tensor([EPS]), "opt.cost": torch.tensor([COST]), "opt.risk": torch.tensor([RISK]),
    })
    return {n: float(out[n]) for n in ["grpo.loss", "grpo.surrogate", "grpo.kl", "grpo.clip_fraction", "grpo.mean_reward"]}


def main():
    out = {}
    beta_case(out)
    summary = grpo_case(out)
    save(os.path.join(HERE, "grpo.safetensors"), out)
    print(summary)


if __name__ == "__main__":
    main()
