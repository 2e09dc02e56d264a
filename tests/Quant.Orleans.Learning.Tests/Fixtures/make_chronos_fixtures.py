#!/usr/bin/python3
"""Writes chronos.safetensors: PyTorch parity fixtures for Learning/Models/ChronosTeacher.cs and ChronosStudent.cs.

Run with Debian's interpreter from this directory: /usr/bin/python3 make_chronos_fixtures.py  (torch 1.13 CPU, numpy).
Seeded, torch.set_num_threads(1). The modules below mirror the C# ones parameter for parameter (same state-dict
paths): pre-norm encoder layers with a T5 relative position bias (Raffel et al. 2020; Hugging Face's
_relative_position_bucket, 32 buckets, max distance 128, bidirectional), the teacher's mean-pooled head, the student's
Chronos-Bolt residual patch embedding over time-major patches of all features and its four heads on the last patch.
For each model the file holds the input "<m>.x", the parameters "<m>.param.<name>", each output "<m>.out.<head>", a
random cotangent per output "<m>.r.<head>", and the gradients of sum_head sum(out * r) with respect to x and every
parameter ("<m>.x.grad", "<m>.grad.<name>").
"""
import math

import torch
import torch.nn.functional as F

from make_torch_fixtures import save

torch.set_num_threads(1)
torch.manual_seed(2024)


def t5_bucket(rel, bidirectional, num_buckets=32, max_distance=128):
    ret = torch.zeros_like(rel)
    n = num_buckets
    if bidirectional:
        n //= 2
        ret += (rel > 0).long() * n
        rel = rel.abs()
    else:
        rel = -torch.min(rel, torch.zeros_like(rel))
    max_exact = n // 2
    is_small = rel < max_exact
    large = max_exact + (torch.log(rel.float() / max_exact) / math.log(max_distance / max_exact) * (n - max_exact)).to(torch.long)
    large = torch.min(large, torch.full_like(large, n - 1))
    return ret + torch.where(is_small, rel, large)


class Attention(torch.nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.q, self.k, self.v, self.o = (torch.nn.Linear(d, d) for _ in range(4))
        self.relative_attention_bias = torch.nn.Parameter(torch.randn(32, h) * 0.1)

    def forward(self, x):
        b, t, d = x.shape
        split = lambda y: y.view(b, t, self.h, d // self.h).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        pos = torch.arange(t)
        buckets = t5_bucket(pos[None, :] - pos[:, None], bidirectional=True)  # [i, j]: memory j - query i
        bias = self.relative_attention_bias[buckets].permute(2, 0, 1)  # (h, t, t)
        s = q @ k.transpose(-1, -2) / math.sqrt(d // self.h) + bias
        a = torch.softmax(s, -1) @ v
        return self.o(a.transpose(1, 2).reshape(b, t, d))


class Layer(torch.nn.Module):
    def __init__(self, d, h, ff):
        super().__init__()
        self.norm1, self.attn, self.norm2 = torch.nn.LayerNorm(d), Attention(d, h), torch.nn.LayerNorm(d)
        self.ff1, self.ff2 = torch.nn.Linear(d, ff), torch.nn.Linear(ff, d)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.ff2(F.gelu(self.ff1(self.norm2(x))))


class Encoder(torch.nn.Module):
    def __init__(self, n, d, h, ff):
        super().__init__()
        self.layers = torch.nn.ModuleList(Layer(d, h, ff) for _ in range(n))
        self.norm = torch.nn.LayerNorm(d)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


class ResidualBlock(torch.nn.Module):
    def __init__(self, in_dim, h_dim, out_dim):
        super().__init__()
        self.hidden_layer = torch.nn.Linear(in_dim, h_dim)
        self.output_layer = torch.nn.Linear(h_dim, out_dim)
        self.residual_layer = torch.nn.Linear(in_dim, out_dim)

    def forward(self, x):
        return self.output_layer(F.relu(self.hidden_layer(x))) + self.residual_layer(x)


class Teacher(torch.nn.Module):
    def __init__(self, f, d, h, layers, ff, horizons, bins):
        super().__init__()
        self.horizons, self.bins = horizons, bins
        self.input_proj = torch.nn.Linear(f, d)
        self.encoder = Encoder(layers, d, h, ff)
        self.head = torch.nn.Linear(d, horizons * bins)

    def forward(self, x):
        pooled = self.encoder(self.input_proj(x)).mean(1)
        return {"logits": self.head(pooled).view(x.shape[0], self.horizons, self.bins)}


class Student(torch.nn.Module):
    def __init__(self, f, patch, d, h, layers, ff, horizons, bins, quantiles):
        super().__init__()
        self.p, self.horizons, self.bins, self.quantiles = patch * f, horizons, bins, quantiles
        self.patch_embedding = ResidualBlock(2 * patch * f, ff, d)
        self.encoder = Encoder(layers, d, h, ff)
        self.quantile_head = torch.nn.Linear(d, horizons * quantiles)
        self.logit_head = torch.nn.Linear(d, horizons * bins)
        self.position_head = torch.nn.Linear(d, 1)
        self.barrier_head = torch.nn.Linear(d, 3)

    def forward(self, x):
        b = x.shape[0]
        series = x.reshape(b, -1)  # time-major: step by step, all features of a step together
        patches = series.unfold(1, self.p, self.p)
        mask = torch.ones_like(patches)
        h = self.encoder(self.patch_embedding(torch.cat([patches, mask], -1)))[:, -1]
        return {
            "quantiles": self.quantile_head(h).view(b, self.horizons, self.quantiles),
            "logits": self.logit_head(h).view(b, self.horizons, self.bins),
            "position": torch.tanh(self.position_head(h)).view(b),
            "barrier": self.barrier_head(h),
        }


def case(out, prefix, model, x):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.add_(torch.randn_like(p) * 0.1)
    x.requires_grad_(True)
    ys = model(x)
    total = 0
    for head, y in ys.items():
        r = torch.rand(y.shape) * 2 - 1
        out[f"{prefix}.out.{head}"], out[f"{prefix}.r.{head}"] = y, r
        total = total + (y * r).sum()
    total.backward()
    out[f"{prefix}.x"], out[f"{prefix}.x.grad"] = x, x.grad
    for name, p in model.named_parameters():
        out[f"{prefix}.param.{name}"] = p
        out[f"{prefix}.grad.{name}"] = p.grad


if __name__ == "__main__":
    out = {}
    # Teacher: F 3, T 12 (relative distances up to 11 reach T5's log-spaced buckets), d 8, 2 heads, 2 layers, ff 16,
    # H 2, K 5; batch 2.
    case(out, "teacher", Teacher(3, 8, 2, 2, 16, 2, 5), torch.randn(2, 12, 3))
    # Student: F 3, L 12, patch 4 (3 patches of 12 values), d 8, 2 heads, 2 layers, ff 16, H 2, K 5, Q 3; batch 2.
    case(out, "student", Student(3, 4, 8, 2, 2, 16, 2, 5, 3), torch.randn(2, 12, 3))
    save("chronos.safetensors", out)
