"""Writes modwt_fixture.json: PyWavelets 1.1.1 stationary wavelet transforms (pywt.swt, norm=True, trim_approx=True)
of fixed series, the reference for Numerics/Wavelets/Modwt.cs. Run with Debian's /usr/bin/python3 (python3-pywt).

Relation checked below against a direct implementation of Percival & Walden (2000) eq. 177a:
  W_j[t] = -cD_j[(t - s_j) mod M],  V_J[t] = cA_J[(t - s_J) mod M],  s_j = (L/2)(2^j - 1),
where pywt's filters are g = dec_lo. For D(4) the P&W filter is the time reverse of pywt's "db2" dec_lo, so a custom
pywt.Wavelet with dec_lo = P&W D(4) is used; "haar" and "sym4" (= P&W LA(8)) are pywt's own.
Reflection boundary: the periodic swt of [x, x reversed] (P&W section 5.11).
"""
import json
import numpy as np
import pywt

rng = np.random.default_rng(20240607)
N, J = 96, 4
x_periodic = np.cumsum(rng.standard_normal(N)) + 0.3 * rng.standard_normal(N)
x_reflect = np.cumsum(rng.standard_normal(N // 2)) + 5.0

d4 = list(pywt.Wavelet("db2").dec_lo)[::-1]
L4 = len(d4)
d4_dec_hi = [(-1) ** (l + 1) * d4[L4 - 1 - l] for l in range(L4)]
wavelets = {
    "Haar": pywt.Wavelet("haar"),
    "D4": pywt.Wavelet("pw_d4", filter_bank=[d4, d4_dec_hi, d4[::-1], d4_dec_hi[::-1]]),
    "La8": pywt.Wavelet("sym4"),
}


def modwt_direct(x, g, levels):
    m, length = len(x), len(g)
    g = np.asarray(g) / np.sqrt(2.0)
    h = np.array([(-1) ** l * g[length - 1 - l] for l in range(length)])
    v, ws = np.asarray(x, float), []
    for j in range(1, levels + 1):
        idx = (np.arange(m)[:, None] - (2 ** (j - 1)) * np.arange(length)[None, :]) % m
        ws.append((v[idx] * h).sum(1))
        v = (v[idx] * g).sum(1)
    return ws, v


cases = []
for name, w in wavelets.items():
    for boundary, x in (("Periodic", x_periodic), ("Reflection", x_reflect)):
        ext = x if boundary == "Periodic" else np.concatenate([x, x[::-1]])
        coeffs = pywt.swt(ext, w, level=J, norm=True, trim_approx=True)  # [cA_J, cD_J, ..., cD_1]
        length = len(w.dec_lo)
        ws, v = modwt_direct(ext, w.dec_lo, J)
        for j in range(1, J + 1):
            s = (length // 2) * (2 ** j - 1)
            assert np.allclose(-np.roll(coeffs[-j], s), ws[j - 1], atol=1e-12), (name, j)
        assert np.allclose(np.roll(coeffs[0], (length // 2) * (2 ** J - 1)), v, atol=1e-12)
        cases.append({
            "wavelet": name,
            "boundary": boundary,
            "levels": J,
            "x": [float(t) for t in x],
            "swtDetails": [[float(t) for t in coeffs[-j]] for j in range(1, J + 1)],
            "swtApproximation": [float(t) for t in coeffs[0]],
        })

with open("modwt_fixture.json", "w") as f:
    json.dump({"generator": "pywt " + pywt.__version__ + " swt(norm=True, trim_approx=True)", "cases": cases}, f)
