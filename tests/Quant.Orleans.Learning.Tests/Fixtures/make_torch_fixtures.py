#!/usr/bin/python3
"""Writes the PyTorch parity fixtures for Quant.Orleans.Learning.Tests (safetensors written by hand: numpy + json).

Run with Debian's interpreter: /usr/bin/python3 make_torch_fixtures.py  (torch 1.13 CPU, numpy).
Every input is seeded; torch.set_num_threads(1) for reproducibility. Each op fixture holds its inputs ("<op>.in<i>"),
a random cotangent "<op>.r", the output "<op>.out" and the gradients of sum(out * r) ("<op>.grad<i>").
"""
import json
import math
import struct

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(1234)


def save(path, tensors):
    header, blobs, offset = {}, [], 0
    for name in sorted(tensors):
        a = np.ascontiguousarray(tensors[name].detach().cpu().numpy().astype("<f4"))
        header[name] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        blobs.append(a.tobytes())
        offset += a.nbytes
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - (8 + len(h)) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


def rand(*shape, low=-2.0, high=2.0):
    return (torch.rand(*shape) * (high - low) + low).requires_grad_(True)


def op_case(out, name, fn, *inputs):
    y = fn(*inputs)
    r = torch.rand(y.shape) * 2 - 1
    grads = torch.autograd.grad((y * r).sum(), [x for x in inputs if x.requires_grad], allow_unused=True)
    out[f"{name}.out"] = y
    out[f"{name}.r"] = r
    gi = iter(grads)
    for i, x in enumerate(inputs):
        out[f"{name}.in{i}"] = x
        if x.requires_grad:
            g = next(gi)
            out[f"{name}.grad{i}"] = g if g is not None else torch.zeros_like(x)


def ops_fixture():
    out = {}
    op_case(out, "matmul", torch.matmul, rand(33, 47), rand(47, 29))
    op_case(out, "bmm", torch.matmul, rand(3, 5, 7), rand(3, 7, 4))
    op_case(out, "linear", F.linear, rand(2, 3, 8), rand(5, 8), rand(5))
    op_case(out, "add", torch.add, rand(2, 3, 4), rand(3, 1))
    op_case(out, "sub", torch.sub, rand(2, 3, 4), rand(4))
    op_case(out, "mul", torch.mul, rand(2, 3, 4), rand(2, 1, 4))
    op_case(out, "div", torch.div, rand(2, 3, 4), rand(3, 4, low=0.5, high=2.0))
    op_case(out, "sum1", lambda x: x.sum(1), rand(2, 3, 4))
    op_case(out, "mean2", lambda x: x.mean(-1, keepdim=True), rand(2, 3, 4))
    op_case(out, "max1", lambda x: x.max(1).values, rand(2, 5, 3))
    op_case(out, "exp", torch.exp, rand(3, 4))
    op_case(out, "log", torch.log, rand(3, 4, low=0.2, high=3.0))
    op_case(out, "sqrt", torch.sqrt, rand(3, 4, low=0.2, high=3.0))
    op_case(out, "pow", lambda x: x.pow(1.7), rand(3, 4, low=0.2, high=3.0))
    op_case(out, "abs", torch.abs, rand(3, 4))
    op_case(out, "clamp", lambda x: x.clamp(-0.5, 0.8), rand(3, 4))
    op_case(out, "relu", torch.relu, rand(3, 4))
    op_case(out, "gelu", F.gelu, rand(3, 4, low=-4, high=4))
    op_case(out, "silu", F.silu, rand(3, 4, low=-4, high=4))
    op_case(out, "tanh", torch.tanh, rand(3, 4))
    op_case(out, "sigmoid", torch.sigmoid, rand(3, 4))
    op_case(out, "softplus", F.softplus, rand(3, 4, low=-5, high=25))
    op_case(out, "softmax", lambda x: torch.softmax(x, -1), rand(4, 7))
    op_case(out, "logsoftmax", lambda x: torch.log_softmax(x, -1), rand(4, 7))
    op_case(out, "layernorm", lambda x, w, b: F.layer_norm(x, (6,), w, b, 1e-5), rand(2, 3, 6), rand(6), rand(6))
    op_case(out, "rmsnorm", lambda x, w: x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6) * w, rand(2, 3, 6), rand(6))
    op_case(out, "concat", lambda a, b: torch.cat([a, b], 1), rand(2, 3, 2), rand(2, 1, 2))
    op_case(out, "stack", lambda a, b: torch.stack([a, b], 1), rand(2, 3), rand(2, 3))
    op_case(out, "lgamma", torch.lgamma, rand(3, 4, low=0.3, high=5.0))
    op_case(out, "digamma", torch.digamma, rand(3, 4, low=0.3, high=5.0))

    def attention(q, k, v):
        s = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
        causal = torch.triu(torch.ones(5, 5, dtype=torch.bool), 1)
        s = s.masked_fill(causal, float("-inf"))
        pad = torch.tensor([[False, False, False, False, True], [False, False, False, False, False]])
        s = s.masked_fill(pad[:, None, None, :], float("-inf"))
        return torch.softmax(s, -1) @ v

    op_case(out, "attention", attention, rand(2, 3, 5, 4), rand(2, 3, 5, 4), rand(2, 3, 5, 4))
    emb_w = rand(6, 3)
    op_case(out, "embedding", lambda w: F.embedding(torch.tensor([[1, 5], [1, 0]]), w), emb_w)
    op_case(out, "gather", lambda x: torch.gather(x, -1, torch.tensor([[0, 3], [2, 2], [1, 0]])), rand(3, 4))
    save("ops.safetensors", out)


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


class Encoder(torch.nn.Module):
    def __init__(self, n, d, h, ff):
        super().__init__()
        self.layers = torch.nn.ModuleList(Layer(d, h, ff) for _ in range(n))
        self.norm = torch.nn.LayerNorm(d)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.norm(x)


def transformer_fixture():
    model = Encoder(2, 16, 4, 32)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" in name:
                p.add_(torch.randn_like(p) * 0.1)
    x = torch.randn(3, 6, 16, requires_grad=True)
    y = model(x)
    r = torch.rand(y.shape) * 2 - 1
    (y * r).sum().backward()
    out = {"x": x, "out": y, "r": r, "x.grad": x.grad}
    for name, p in model.named_parameters():
        out[f"param.{name}"] = p
        out[f"grad.{name}"] = p.grad
    save("transformer.safetensors", out)


def optim_fixture():
    out = {}
    target = torch.randn(5, 4)
    for name, make in [("adam", lambda p: torch.optim.Adam(p, lr=0.05, weight_decay=0.01)),
                       ("adamw", lambda p: torch.optim.AdamW(p, lr=0.05, weight_decay=0.1)),
                       ("sgd", lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, weight_decay=0.01))]:
        w = torch.randn(5, 4, requires_grad=True)
        out[f"{name}.initial"] = w.detach().clone()
        opt = make([w])
        for _ in range(10):
            opt.zero_grad()
            ((w - target) ** 3).abs().sum().backward()
            opt.step()
        out[f"{name}.final"] = w.detach().clone()
    out["target"] = target
    save("optim.safetensors", out)


def loss_fixture():
    out = {}
    logits = rand(6, 5)
    tgt = torch.tensor([0, 4, 2, 2, 1, 3])
    loss = F.cross_entropy(logits, tgt, label_smoothing=0.1)
    out["ce.logits"], out["ce.targets"], out["ce.loss"] = logits, tgt.float(), loss
    out["ce.grad"], = torch.autograd.grad(loss, logits)

    s, t = rand(6, 5), rand(6, 5)
    loss = F.kl_div(F.log_softmax(s / 2.0, -1), F.softmax(t / 2.0, -1), reduction="batchmean") * 4.0
    out["kl.student"], out["kl.teacher"], out["kl.loss"] = s, t, loss
    out["kl.grad"], = torch.autograd.grad(loss, s)

    x = rand(8, low=-3, high=3)
    y = (torch.rand(8) > 0.5).float()
    p = torch.sigmoid(x)
    ce = F.binary_cross_entropy_with_logits(x, y, reduction="none")
    p_t = p * y + (1 - p) * (1 - y)
    loss = (ce * (1 - p_t) ** 2.0 * (0.25 * y + 0.75 * (1 - y))).mean()
    out["focal.logits"], out["focal.targets"], out["focal.loss"] = x, y, loss
    out["focal.grad"], = torch.autograd.grad(loss, x)

    pred = rand(4, 3)
    target = torch.randn(4, 1)
    q = torch.tensor([0.1, 0.5, 0.9])
    diff = target - pred
    loss = torch.max(q * diff, (q - 1) * diff).mean()
    out["quantile.pred"], out["quantile.target"], out["quantile.q"], out["quantile.loss"] = pred, target, q, loss
    out["quantile.grad"], = torch.autograd.grad(loss, pred)

    a = rand(7, low=0.5, high=4.0)
    b = rand(7, low=0.5, high=4.0)
    yb = torch.rand(7) * 0.9 + 0.05
    loss = -torch.distributions.Beta(a, b).log_prob(yb).mean()
    out["beta.alpha"], out["beta.beta"], out["beta.y"], out["beta.loss"] = a, b, yb, loss
    out["beta.grad_alpha"], out["beta.grad_beta"] = torch.autograd.grad(loss, [a, b])

    pm, tm = rand(3, 4), rand(3, 4)
    loss = F.mse_loss(pm, tm)
    out["mse.pred"], out["mse.target"], out["mse.loss"] = pm, tm, loss
    out["mse.grad"], = torch.autograd.grad(loss, pm)
    save("losses.safetensors", out)


class ResidualBlock(torch.nn.Module):
    """Chronos-Bolt's ResidualBlock (Ansari et al. 2024): output_layer(ReLU(hidden_layer(x))) + residual_layer(x)."""

    def __init__(self, in_dim, h_dim, out_dim):
        super().__init__()
        self.hidden_layer = torch.nn.Linear(in_dim, h_dim)
        self.output_layer = torch.nn.Linear(h_dim, out_dim)
        self.residual_layer = torch.nn.Linear(in_dim, out_dim)

    def forward(self, x):
        return self.output_layer(F.relu(self.hidden_layer(x))) + self.residual_layer(x)


def patch_fixture():
    """Chronos-Bolt's input patching: series and observed mask unfolded into patches (patch 4, stride 3 over 14
    steps: 4 patches, the last step unused), concatenated (series first), embedded by the residual block."""
    out = {}
    block = ResidualBlock(8, 10, 6)
    series = rand(3, 14)
    mask = (torch.rand(3, 14) > 0.25).float()
    for case, m in (("masked", mask), ("observed", torch.ones(3, 14))):
        x = series.detach().clone().requires_grad_(True)
        y = block(torch.cat([x.unfold(1, 4, 3), m.unfold(1, 4, 3)], dim=-1))
        r = torch.rand(y.shape) * 2 - 1
        grads = torch.autograd.grad((y * r).sum(), [x] + list(block.parameters()))
        out[f"{case}.mask"], out[f"{case}.out"], out[f"{case}.r"], out[f"{case}.x.grad"] = m, y, r, grads[0]
        for (name, _), g in zip(block.named_parameters(), grads[1:]):
            out[f"{case}.grad.{name}"] = g
    out["series"] = series
    for name, p in block.named_parameters():
        out[f"param.{name}"] = p
    save("patch.safetensors", out)


if __name__ == "__main__":
    ops_fixture()
    transformer_fixture()
    optim_fixture()
    loss_fixture()
    patch_fixture()
