using System.Runtime.Intrinsics;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Quant.Orleans.Learning.Nn;

// Attention of one head for a block of query rows: scores, mask and row maximum, exp and 1/Σe, P·v.
public sealed unsafe partial class TransformerEncoderInference
{
    /// <summary>Head h over query rows [r0, r1): scores = q·kᵀ (q carries the 1/√dh), biased and masked; e = exp(score -
    /// row max); then (e·v) / Σe into the merged buffer. Each pass runs over all rows before the next, so the rows'
    /// reductions overlap in the pipeline instead of waiting on one another.</summary>
    private void Attend(int layer, int h, int r0, int r1, int worker)
    {
        var w = _layers[layer];
        var rows = r1 - r0;
        var ld = 3 * _aw;
        fixed (float* qkv = _qkv[layer % 2], kt = _kt[layer % 2], scoresBase = _scores, merged = _merged, stats = _rowStats)
        fixed (float* relBias = w.RelativeBiasTable)
        {
            var s = scoresBase + (worker * RowsPerPart * _ldS);
            var rowMax = stats + (worker * 2 * _ldS);
            var rowScale = rowMax + _ldS;
            SmallGemm.Multiply(qkv + (r0 * ld) + (h * _dhp), ld, rows, kt + (h * _dhp * _ldS), _ldS, _dhp, _tp, s, _ldS);
            MaskAndMax(s, r0, r1, relBias is null ? null : relBias + (h * _t * _t), (bool*)_keyPadding, rowMax);
            ExpAndSum(s, r0, r1, rowMax, rowScale);
            var o = merged + (r0 * _aw) + (h * _dhp);
            SmallGemm.Multiply(s, _ldS, rows, qkv + (2 * _aw) + (h * _dhp), ld, _tp, _dhp, o, _aw, rowScale);
        }
    }

    /// <summary>Rows i &lt; t: + bias, -∞ at masked keys (later steps when causal, padding, and columns past t),
    /// and the row maximum. Rows past t are cleared.</summary>
    private void MaskAndMax(float* s, int r0, int r1, float* bias, bool* padding, float* rowMax)
    {
        var (t, tp) = (_t, _tp);
        for (var i = r0; i < r1; i++)
        {
            var row = s + ((i - r0) * _ldS);
            if (i >= t)
            {
                new Span<float>(row, tp).Clear();
                rowMax[i - r0] = 0f;
                continue;
            }

            if (bias is not null || padding is not null)
            {
                for (var j = 0; j < t; j++)
                {
                    row[j] = padding is not null && padding[j] ? float.NegativeInfinity : row[j] + (bias is null ? 0f : bias[(i * t) + j]);
                }
            }

            var limit = _causal ? i : t - 1;
            if (SmallGemm.Wide)
            {
                var iota = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
                var lim = Vector512.Create(limit);
                var ninf = Vector512.Create(float.NegativeInfinity);
                var vmax = ninf;
                if (limit == tp - 1)
                {
                    // Nothing to mask in this row: only the maximum.
                    for (var j = 0; j < tp; j += 16)
                    {
                        vmax = Vector512.Max(vmax, Vector512.Load(row + j));
                    }
                }
                else
                {
                    for (var j = 0; j < tp; j += 16)
                    {
                        var v = Vector512.ConditionalSelect(Vector512.GreaterThan(iota + Vector512.Create(j), lim).AsSingle(), ninf, Vector512.Load(row + j));
                        v.Store(row + j);
                        vmax = Vector512.Max(vmax, v);
                    }
                }

                rowMax[i - r0] = Lanes.Max(vmax);
                continue;
            }

            var max = float.NegativeInfinity;
            for (var j = 0; j < tp; j++)
            {
                var v = j > limit ? float.NegativeInfinity : row[j];
                row[j] = v;
                max = MathF.Max(max, v);
            }

            rowMax[i - r0] = max;
        }
    }

    /// <summary>e = exp(score - row max) in place for rows i &lt; t, and 1/Σe per row (0 for rows past t), which the
    /// P·v product applies to its output rows. A row whose keys are all masked gets NaN, as in the tape path.</summary>
    private void ExpAndSum(float* s, int r0, int r1, float* rowMax, float* rowScale)
    {
        for (var i = r0; i < r1; i++)
        {
            var k = i - r0;
            if (i >= _t)
            {
                rowScale[k] = 0f;
                continue;
            }

            var row = s + (k * _ldS);
            if (float.IsNegativeInfinity(rowMax[k]))
            {
                // Every key masked: NaN, as in the tape path. Otherwise the unchecked exp is enough: inputs and
                // weights are checked finite, and a masked key's e^-87.3 ≈ 1e-38 cannot register in a float32 sum
                // that holds the row maximum's 1.
                new Span<float>(row, _tp).Clear();
                rowScale[k] = float.NaN;
                continue;
            }

            if (SmallGemm.Wide)
            {
                var m = Vector512.Create(rowMax[k]);
                var vsum = Vector512<float>.Zero;
                for (var j = 0; j < _tp; j += 16)
                {
                    var e = Ops.ExpNonPositiveUnchecked(Vector512.Load(row + j) - m);
                    vsum += e;
                    e.Store(row + j);
                }

                rowScale[k] = 1f / Lanes.Sum(vsum);
                continue;
            }

            var span = new Span<float>(row, _tp);
            TensorPrimitives.Subtract(span, rowMax[k], span);
            TensorPrimitives.Exp(span, span);
            rowScale[k] = 1f / TensorPrimitives.Sum(span);
        }
    }
}
