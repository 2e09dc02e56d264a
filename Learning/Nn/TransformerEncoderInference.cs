using System.Runtime.Intrinsics;
using Quant.Orleans.Learning.Tensors;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Quant.Orleans.Learning.Nn;

/// <summary>
/// Single-sample inference of a <see cref="TransformerEncoder"/> for the live path (one student forecast per tick):
/// the same function as <see cref="TransformerEncoder.Forward"/> in evaluation mode (no dropout) for one sequence of
/// shape (t, d), t ≤ <see cref="MaxSequence"/>, with the same causal mask, key padding and T5 relative position bias,
/// equal to it within float32 rounding (the products sum in a different order; the tests hold it to 1e-5).
/// <para>
/// What makes it fast: the weights are packed once (<see cref="Refresh"/>) into the panels the micro-kernel streams
/// (with 1/√d_head folded into the query columns), q, k and v come from one fused product, bias, residual additions
/// and GELU happen in the products' epilogues, the softmax normalisation is applied to P·v rather than to P, every
/// buffer is allocated once, and the work is split over two cores with <see cref="TwoCoreTeam"/>: each core takes half
/// of the rows (query rows in attention, against all keys), so the cores meet at a spin barrier once per layer, when
/// the keys and values of all rows are ready. Dimensions that are not multiples of 16 are padded with zeros in the
/// packed weights. With <see cref="UseSecondCore"/> off, everything runs on the calling thread.
/// </para>
/// <para>
/// The weights are copied at construction: call <see cref="Refresh"/> after they change (an optimiser step or
/// <see cref="Module.LoadStateDict"/>). An instance holds its buffers for one call at a time; it is not thread-safe.
/// </para>
/// </summary>
public sealed unsafe partial class TransformerEncoderInference : IPhasedJob
{
    // Rows per part: divides every padded length (a multiple of 16); 16 keeps each weight panel in L1 for two row
    // tiles while leaving 4 parts per phase to share between the cores.
    private const int RowsPerPart = 16;
    private readonly TransformerEncoder _model;
    private readonly int _d;
    private readonly int _heads;
    private readonly int _dh;
    private readonly int _ff;
    private readonly int _dp;
    private readonly int _dhp;
    private readonly int _aw;
    private readonly int _fp;
    private readonly int _tMax;
    private readonly int _ldS;
    private readonly LayerWeights[] _layers;
    private readonly float[] _x;
    private readonly float[] _xn;
    private readonly float[][] _qkv;
    private readonly float[][] _kt;
    private readonly float[] _scores;
    private readonly float[] _merged;
    private readonly float[] _hidden;
    private readonly float[] _scratch;
    private readonly float[] _rowStats;
    private float[] _finalWeight = [];
    private float[] _finalBias = [];
    private float _finalEps;
    private int _running;

    // Per call: the sequence length, its padding to 16, the caller's pinned buffers and the mask.
    private int _t;
    private int _tp;
    private nint _input;
    private nint _output;
    private nint _keyPadding;
    private bool _causal;
    private int _biasT = -1;
    private bool _hasRelativeBias;
    private bool _biasCausal;

    /// <summary>Prepares inference of <paramref name="model"/> for sequences of up to <paramref name="maxSequence"/>
    /// steps, copying and packing its current weights.</summary>
    /// <exception cref="ArgumentOutOfRangeException">maxSequence is not positive.</exception>
    public TransformerEncoderInference(TransformerEncoder model, int maxSequence)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSequence);
        _model = model;
        var first = model.Layers[0];
        (_d, _heads, _ff) = (first.Norm1.Weight.Length, first.Attention.Heads, first.FeedForward1.Weight.Shape[0]);
        _dh = _d / _heads;
        (_dp, _dhp, _fp) = (RoundUp(_d, 16), RoundUp(_dh, 16), RoundUp(_ff, 16));
        _aw = _heads * _dhp;
        _tMax = maxSequence;
        var tp = RoundUp(maxSequence, 16);
        _ldS = tp;
        _x = Pinned(tp * _dp);
        _xn = Pinned(tp * _dp);
        // Two of each, by layer parity: one half of the rows writes layer l + 1's q/k/v while the other half may
        // still read layer l's keys and values.
        _qkv = [Pinned(tp * 3 * _aw), Pinned(tp * 3 * _aw)];
        _kt = [Pinned(_aw * tp), Pinned(_aw * tp)];
        _scores = Pinned(2 * RowsPerPart * _ldS);
        _merged = Pinned(tp * _aw);
        _hidden = Pinned(tp * _fp);
        _scratch = Pinned(2 * _dp);
        _rowStats = Pinned(4 * _ldS);
        _layers = new LayerWeights[model.Layers.Count];
        Refresh();
    }

    /// <summary>Whether a call may use a second core (default true). Off, every call runs on the calling thread
    /// only: for a silo whose cores are all busy, or to measure one core.</summary>
    public bool UseSecondCore { get; set; } = true;

    /// <summary>Model width d (features per step).</summary>
    public int Model => _d;

    /// <summary>The longest sequence a call accepts.</summary>
    public int MaxSequence => _tMax;

    /// <inheritdoc/>
    int IPhasedJob.Phases => 1 + _layers.Length;

    /// <inheritdoc/>
    int IPhasedJob.Parts => _tp / RowsPerPart;

    /// <summary>Copies and packs the model's current weights (after training steps or a state-dict load).</summary>
    /// <exception cref="InvalidOperationException">A parameter holds NaN or ±∞ (named with its index); the
    /// previously packed weights stay in use.</exception>
    public void Refresh()
    {
        foreach (var (name, p) in _model.NamedParameters())
        {
            if (FirstNonFinite(p.ToArray()) is var bad and >= 0)
            {
                throw new InvalidOperationException($"Parameter {name} holds {p.ToArray()[bad]} at flat index {bad}; inference needs finite weights.");
            }
        }

        for (var l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new LayerWeights(_model.Layers[l], _d, _dh, _dhp, _aw, _dp, _ff, _fp);
        }

        (_finalWeight, _finalBias, _finalEps) = (Padded(_model.FinalNorm.Weight, _dp), Padded(_model.FinalNorm.Bias, _dp), _model.FinalNorm.Epsilon);
        _hasRelativeBias = _layers.Any(l => l.RelativeBias is not null);
        _biasT = -1;
    }

    /// <summary>
    /// Runs the encoder on one sequence: <paramref name="x"/> of shape (t, d) row-major into <paramref name="y"/> of
    /// the same shape. <paramref name="causal"/> masks later steps; <paramref name="keyPadding"/> (empty, or t flags,
    /// true at padding) masks those keys. A step whose keys are all masked gets NaN, as in the tape path.
    /// </summary>
    /// <exception cref="ArgumentException">x is not a whole number of d-wide steps, t exceeds
    /// <see cref="MaxSequence"/>, y is shorter than x, or keyPadding has other than t flags.</exception>
    /// <exception cref="InvalidOperationException">The instance is already running on another thread.</exception>
    public void Run(ReadOnlySpan<float> x, Span<float> y, bool causal = false, ReadOnlySpan<bool> keyPadding = default)
    {
        if (x.Length == 0 || x.Length % _d != 0 || x.Length / _d > _tMax)
        {
            throw new ArgumentException($"Inference input has {x.Length} values; it needs t·{_d} with 1 ≤ t ≤ {_tMax}.", nameof(x));
        }

        var t = x.Length / _d;
        if (y.Length < x.Length)
        {
            throw new ArgumentException($"Inference output has room for {y.Length} values; {x.Length} are needed.", nameof(y));
        }

        if (!keyPadding.IsEmpty && keyPadding.Length != t)
        {
            throw new ArgumentException($"Key padding has {keyPadding.Length} flags for a sequence of {t} steps.", nameof(keyPadding));
        }

        if (FirstNonFinite(x) is var bad and >= 0)
        {
            throw new ArgumentException($"Inference input value {bad} (step {bad / _d}, feature {bad % _d}) is {x[bad]}; every input must be finite.", nameof(x));
        }

        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("This TransformerEncoderInference is already running a call; use one instance per thread.");
        }

        try
        {
            if (_hasRelativeBias && (_biasT != t || _biasCausal != causal))
            {
                foreach (var layer in _layers)
                {
                    layer.PrepareRelativeBias(t, causal);
                }

                (_biasT, _biasCausal) = (t, causal);
            }

            fixed (float* px = x, py = y)
            fixed (bool* pk = keyPadding)
            {
                (_t, _tp, _causal) = (t, RoundUp(t, 16), causal);
                (_input, _output, _keyPadding) = ((nint)px, (nint)py, keyPadding.IsEmpty ? 0 : (nint)pk);
                if (UseSecondCore)
                {
                    TwoCoreTeam.Run(this);
                }
                else
                {
                    TwoCoreTeam.RunSerially(this);
                }
            }
        }
        finally
        {
            (_input, _output, _keyPadding) = (0, 0, 0);
            Volatile.Write(ref _running, 0);
        }
    }

    /// <inheritdoc/>
    void IPhasedJob.RunPart(int phase, int part, int worker)
    {
        // Every part is a block of 16 rows. Phase 0: input, LN₁ and q/k/v of layer 0. Phase l + 1: layer l's
        // attention for these query rows over all keys (hence the barrier before it), its feed-forward block, then
        // layer l + 1's LN₁ and q/k/v, or the final norm and the output.
        var (r0, r1) = (part * RowsPerPart, (part + 1) * RowsPerPart);
        if (phase == 0)
        {
            LoadInput(r0, r1);
            ProjectQkv(0, r0, r1, worker);
            return;
        }

        var layer = phase - 1;
        for (var h = 0; h < _heads; h++)
        {
            Attend(layer, h, r0, r1, worker);
        }

        FeedForward(_layers[layer], r0, r1, worker);
        if (layer + 1 < _layers.Length)
        {
            ProjectQkv(layer + 1, r0, r1, worker);
        }
        else
        {
            WriteOutput(r0, r1, worker);
        }
    }

    private void LoadInput(int r0, int r1)
    {
        var input = (float*)_input;
        fixed (float* x = _x)
        {
            for (var r = r0; r < r1; r++)
            {
                var row = new Span<float>(x + (r * _dp), _dp);
                if (r < _t)
                {
                    new ReadOnlySpan<float>(input + (r * _d), _d).CopyTo(row);
                }
                else
                {
                    row.Clear();
                }
            }
        }
    }

    /// <summary>xn = LN₁(x) on rows [r0, r1), then [q | k | v] = xn·W_qkv + b, then kᵀ per head into the key buffer.</summary>
    private void ProjectQkv(int layer, int r0, int r1, int worker)
    {
        var w = _layers[layer];
        fixed (float* x = _x, xn = _xn, qkv = _qkv[layer % 2], kt = _kt[layer % 2])
        {
            Normalize(x, xn, r0, r1, w.Norm1Weight, w.Norm1Bias, w.Norm1Eps, worker);
            var ld = 3 * _aw;
            w.Qkv.Apply(xn + (r0 * _dp), _dp, r1 - r0, qkv + (r0 * ld), ld, TileEpilogue.Store);
            SmallGemm.Transpose(qkv + (r0 * ld) + _aw, ld, r1 - r0, _aw, kt + r0, _ldS);
        }
    }

    /// <summary>Rows [r0, r1): x += merged·W_o + b_o; xn = LN₂(x); hidden = GELU(xn·W₁ + b₁) (GELU in the product's
    /// epilogue); x += hidden·W₂ + b₂.</summary>
    private void FeedForward(LayerWeights w, int r0, int r1, int worker)
    {
        var rows = r1 - r0;
        fixed (float* x = _x, xn = _xn, merged = _merged, hidden = _hidden)
        {
            w.Output.Apply(merged + (r0 * _aw), _aw, rows, x + (r0 * _dp), _dp, TileEpilogue.Accumulate);
            Normalize(x, xn, r0, r1, w.Norm2Weight, w.Norm2Bias, w.Norm2Eps, worker);
            w.Ff1.Apply(xn + (r0 * _dp), _dp, rows, hidden + (r0 * _fp), _fp, TileEpilogue.Gelu);
            w.Ff2.Apply(hidden + (r0 * _fp), _fp, rows, x + (r0 * _dp), _dp, TileEpilogue.Accumulate);
        }
    }

    private void WriteOutput(int r0, int r1, int worker)
    {
        var output = (float*)_output;
        fixed (float* x = _x, xn = _xn)
        {
            Normalize(x, xn, r0, Math.Min(r1, _t), _finalWeight, _finalBias, _finalEps, worker);
            for (var r = r0; r < Math.Min(r1, _t); r++)
            {
                new ReadOnlySpan<float>(xn + (r * _dp), _d).CopyTo(new Span<float>(output + (r * _d), _d));
            }
        }
    }

    /// <summary>Layer norm of rows [r0, r1) of <paramref name="x"/> over the first d columns into <paramref name="y"/>
    /// (its padding columns stay zero): mean, then the biased variance of x - mean, as PyTorch.</summary>
    private void Normalize(float* x, float* y, int r0, int r1, float[] weight, float[] bias, float eps, int worker)
    {
        var d = _d;
        fixed (float* w = weight, b = bias, scratch = _scratch)
        {
            if (SmallGemm.Wide && d % 16 == 0)
            {
                var inv = 1f / d;
                for (var r = r0; r < r1; r++)
                {
                    var row = x + (r * _dp);
                    var dst = y + (r * _dp);
                    var acc = Vector512<float>.Zero;
                    for (var j = 0; j < d; j += 16)
                    {
                        acc += Vector512.Load(row + j);
                    }

                    var mean = Vector512.Create(Lanes.Sum(acc) * inv);
                    var sq = Vector512<float>.Zero;
                    for (var j = 0; j < d; j += 16)
                    {
                        var c = Vector512.Load(row + j) - mean;
                        sq = Vector512.FusedMultiplyAdd(c, c, sq);
                    }

                    var rstd = Vector512.Create(1f / MathF.Sqrt((Lanes.Sum(sq) * inv) + eps));
                    for (var j = 0; j < d; j += 16)
                    {
                        var h = (Vector512.Load(row + j) - mean) * rstd;
                        Vector512.FusedMultiplyAdd(h, Vector512.Load(w + j), Vector512.Load(b + j)).Store(dst + j);
                    }
                }

                return;
            }

            var tmp = new Span<float>(scratch + (worker * _dp), d);
            for (var r = r0; r < r1; r++)
            {
                var row = new ReadOnlySpan<float>(x + (r * _dp), d);
                var mean = TensorPrimitives.Sum(row) / d;
                TensorPrimitives.Subtract(row, mean, tmp);
                var s = 1f / MathF.Sqrt((TensorPrimitives.SumOfSquares(tmp) / d) + eps);
                TensorPrimitives.Multiply(tmp, s, tmp);
                TensorPrimitives.FusedMultiplyAdd(tmp, new ReadOnlySpan<float>(w, d), new ReadOnlySpan<float>(b, d), new Span<float>(y + (r * _dp), d));
            }
        }
    }

    /// <summary>Index of the first NaN or ±∞ in <paramref name="values"/>, or -1.</summary>
    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            // v - v is 0 for every finite v and NaN for NaN and ±∞.
            for (; i <= values.Length - 16; i += 16)
            {
                var v = Vector512.Create(values.Slice(i, 16));
                if (!Vector512.EqualsAll(v - v, Vector512<float>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static int RoundUp(int n, int m) => (n + m - 1) / m * m;

    private static float[] Pinned(int n) => GC.AllocateArray<float>(n, pinned: true);
}
