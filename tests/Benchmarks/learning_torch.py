#!/usr/bin/python3
"""PyTorch side of `dotnet run -c Release --project tests/Benchmarks -- learning` (Debian's torch 1.13, CPU).

Prints one `key value` line per figure: GEMM GFLOP/s (256², 1024²), one AdamW training step of a 2-layer pre-norm
transformer encoder (d_model 64, 4 heads, seq 64, batch 256, ff 256) in ms, single-sample inference in µs, and the
BLAS that numpy/torch use. The model mirrors Quant.Orleans.Learning.Nn.TransformerEncoder.
"""
import math
import time

import torch
import torch.nn.functional as F


class Attention(torch.nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.q, self.k, self.v, self.o = (torch.nn.Linear(d, d) for _ in range(4))

    def forward(self, x):
        b, t, d = x.shape
        split = lambda y: y.view(b, t, self.h, d // self.h).transpose(1, 2)
        q, k, v = split(self.q(x)), split(self.k(x)), split(self.v(x))
        a = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d // self.h), -1) @ v
        return self.o(a.transpose(1, 2).reshape(b, t, d))


class Layer(torch.nn.Module):
    def __init__(self, d, h, ff):
        super().__init__()
        self.norm1, self.attn, self.norm2 = torch.nn.LayerNorm(d), Attention(d, h), torch.nn.LayerNorm(d)
        self.ff1, self.ff2 = torch.nn.Linear(d, ff), torch.nn.Linear(ff, d)

    def forward(self, x):
        x = x + self.attn(self.norm1(x))
        return x + self.ff2(F.gelu(self.ff1(self.norm2(x))))


def best(fn, reps):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    print("threads", torch.get_num_threads())
    for n in (256, 1024):
        a, b = torch.randn(n, n), torch.randn(n, n)
        torch.mm(a, b)
        t = best(lambda: torch.mm(a, b), 20 if n == 256 else 5)
        print(f"gemm{n}_gflops", 2 * n ** 3 / t / 1e9)
    model = torch.nn.Sequential(Layer(64, 4, 256), Layer(64, 4, 256), torch.nn.LayerNorm(64))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3)
    x, y = torch.randn(256, 64, 64), torch.randn(256, 64, 64)

    def step():
        opt.zero_grad()
        F.mse_loss(model(x), y).backward()
        opt.step()

    step()
    print("train_step_ms", best(step, 5) * 1e3)
    one = torch.randn(1, 64, 64)
    with torch.no_grad():
        for _ in range(50):
            model(one)
        print("inference_us", best(lambda: model(one), 200) * 1e6)
    blas = [p.strip() for p in torch.__config__.show().replace("\n", ",").split(",") if "BLAS_INFO" in p]
    print("torch_blas_info", blas[0] if blas else "unknown")


if __name__ == "__main__":
    main()
