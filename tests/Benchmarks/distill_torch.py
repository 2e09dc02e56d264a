#!/usr/bin/python3
"""PyTorch side of `dotnet run -c Release --project tests/Benchmarks -- distill` (Debian's torch 1.13, CPU, 2 threads).

Usage: distill_torch.py SAMPLES BATCH EPOCHS [THREADS, default 2]. Trains the student of Learning/Models/ChronosStudent.cs at the 1 s grid's
size (F 8, L 64, patch 8, d 64, 4 heads, 2 layers, ff 128, H 3, K 64, Q 9; the same modules as
tests/Quant.Orleans.Learning.Tests/Fixtures/make_chronos_fixtures.py) on random standardised data, batches gathered by
a shuffled index per epoch, with AdamW (lr 1e-3, weight decay 0.01), warm-up + cosine schedule and clipping at global
norm 1, as the C# side. Stand-in loss: MSE of the quantiles + cross-entropy of the bin logits + MSE of the position.
Prints `key value` lines: samples_per_s (best epoch after the first), median_samples_per_s, first_loss, last_loss.
"""
import math
import sys
import time

import torch
import torch.nn.functional as F


def t5_bucket(rel, num_buckets=32, max_distance=128):
    n = num_buckets // 2
    ret = (rel > 0).long() * n
    rel = rel.abs()
    max_exact = n // 2
    large = max_exact + (torch.log(rel.float() / max_exact) / math.log(max_distance / max_exact) * (n - max_exact)).to(torch.long)
    large = torch.min(large, torch.full_like(large, n - 1))
    return ret + torch.where(rel < max_exact, rel, large)


class Attention(torch.nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.q, self.k, self.v, self.o = (torch.nn.Linear(d, d) for _ in range(4))
        self.relative_attention_bias = torch.nn.Parameter(torch.randn(32, h) * 0.1)
        self.buckets = {}

    def forward(self, x):
        b, t, d = x.shape
        if t not in self.buckets:  # cached per length, as the C# layer does
            pos = torch.arange(t)
            self.buckets[t] = t5_bucket(pos[None, :] - pos[:, None])
        split = lambda y: y.view(b, t, self.h, d // self.h).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        bias = self.relative_attention_bias[self.buckets[t]].permute(2, 0, 1)
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // self.h) + bias, -1) @ v
        return self.o(a.transpose(1, 2).reshape(b, t, d))


class Layer(torch.nn.Module):
    def __init__(self, d, h, ff):
        super().__init__()
        self.norm1, self.attn, self.norm2 = torch.nn.LayerNorm(d), Attention(d, h), torch.nn.LayerNorm(d)
        self.ff1, self.ff2 = torch.nn.Linear(d, ff), torch.nn.Linear(ff, d)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.ff2(F.gelu(self.ff1(self.norm2(x))))


class ResidualBlock(torch.nn.Module):
    def __init__(self, in_dim, h_dim, out_dim):
        super().__init__()
        self.hidden_layer = torch.nn.Linear(in_dim, h_dim)
        self.output_layer = torch.nn.Linear(h_dim, out_dim)
        self.residual_layer = torch.nn.Linear(in_dim, out_dim)

    def forward(self, x):
        return self.output_layer(F.relu(self.hidden_layer(x))) + self.residual_layer(x)


class Student(torch.nn.Module):
    def __init__(self, f=8, patch=8, d=64, h=4, layers=2, ff=128, horizons=3, bins=64, quantiles=9):
        super().__init__()
        self.p, self.horizons, self.bins, self.quantiles = patch * f, horizons, bins, quantiles
        self.patch_embedding = ResidualBlock(2 * patch * f, ff, d)
        self.layers = torch.nn.ModuleList(Layer(d, h, ff) for _ in range(layers))
        self.norm = torch.nn.LayerNorm(d)
        self.quantile_head = torch.nn.Linear(d, horizons * quantiles)
        self.logit_head = torch.nn.Linear(d, horizons * bins)
        self.position_head = torch.nn.Linear(d, 1)
        self.barrier_head = torch.nn.Linear(d, 3)

    def forward(self, x):
        b = x.shape[0]
        patches = x.reshape(b, -1).unfold(1, self.p, self.p)
        h = self.patch_embedding(torch.cat([patches, torch.ones_like(patches)], -1))
        for layer in self.layers:
            h = layer(h)
        h = self.norm(h)[:, -1]
        return (self.quantile_head(h).view(b, self.horizons, self.quantiles), self.logit_head(h).view(b, self.horizons, self.bins),
                torch.tanh(self.position_head(h)).view(b), self.barrier_head(h))


def main():
    samples, batch, epochs = (int(a) for a in sys.argv[1:4])
    torch.manual_seed(0)
    torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 2)
    print("threads", torch.get_num_threads())
    model = Student()
    x = torch.randn(samples, 64, 8)
    qt = torch.randn(samples, 3, 1)
    bins = torch.randint(0, 64, (samples, 3))
    pos = torch.rand(samples) * 2 - 1
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    per_epoch = (samples + batch - 1) // batch
    total = per_epoch * epochs
    warmup = round(0.05 * total)
    lr_at = lambda s: 1e-3 * (s + 1) / warmup if s < warmup else 0.5 * 1e-3 * (1 + math.cos(math.pi * (s - warmup) / max(1, total - warmup)))
    step, rates, losses = 0, [], []
    for _ in range(epochs):
        order = torch.randperm(samples)
        t0, loss_sum = time.perf_counter(), 0.0
        for j in range(per_epoch):
            idx = order[j * batch:(j + 1) * batch]
            xb, qb, bb, pb = x[idx], qt[idx], bins[idx], pos[idx]
            for g in opt.param_groups:
                g["lr"] = lr_at(step)
            opt.zero_grad()
            q, logits, p, _ = model(xb)
            loss = ((q - qb) ** 2).mean() + F.cross_entropy(logits.reshape(-1, 64), bb.reshape(-1)) + F.mse_loss(p, pb)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            loss_sum += loss.item() * len(idx)
            step += 1
        rates.append(samples / (time.perf_counter() - t0))
        losses.append(loss_sum / samples)
    rest = sorted(rates[1:])
    print("samples_per_s", rest[-1])
    print("median_samples_per_s", rest[len(rest) // 2])
    print("first_loss", losses[0])
    print("last_loss", losses[-1])


if __name__ == "__main__":
    main()
