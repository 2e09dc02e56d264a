using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Models;

/// <summary>
/// Evaluation-mode inference of a <see cref="ChronosStudent"/> for one window without the tape and without
/// allocating: the same function as <see cref="ChronosStudent.Forward"/> with every step observed (no mask), within
/// float32 rounding of it (products summed with fused multiply-adds in another order). The patch embedding's three
/// products and the four heads (one product) run on weights packed once (<see cref="PackedWeight"/>); the encoder
/// runs in a <see cref="TransformerEncoderInference"/> (both cores when the host lends them). Usage:
/// <c>var plan = new ChronosStudentInference(student); var position = plan.Run(window, quantiles, logits, barriers);</c>;
/// <see cref="Refresh"/> after the weights change. One instance per thread.
/// </summary>
public sealed unsafe class ChronosStudentInference
{
    private readonly ChronosStudent _model;
    private readonly ChronosStudentConfig _config;
    private readonly TransformerEncoderInference _encoder;
    private readonly int _rows;
    private readonly int _patchInput;
    private readonly int _ffp;
    private readonly int _dp;
    private readonly int _headsOut;
    private readonly float[] _patches;
    private readonly float[] _hidden;
    private readonly float[] _embedded;
    private readonly float[] _sequence;
    private readonly float[] _encoded;
    private readonly float[] _last;
    private readonly float[] _heads;
    private PackedWeight _hiddenWeight = null!;
    private PackedWeight _outputWeight = null!;
    private PackedWeight _residualWeight = null!;
    private PackedWeight _headWeight = null!;

    /// <summary>Prepares inference of <paramref name="model"/>, copying and packing its current weights.</summary>
    /// <exception cref="InvalidOperationException">A parameter is not finite.</exception>
    public ChronosStudentInference(ChronosStudent model)
    {
        ArgumentNullException.ThrowIfNull(model);
        (_model, _config) = (model, model.Config);
        var c = _config;
        _rows = RoundUp(c.Patches, 8);
        _patchInput = 2 * c.PatchLength * c.InputFeatures;
        (_ffp, _dp) = (RoundUp(c.FeedForward, 16), RoundUp(c.Model, 16));
        _headsOut = RoundUp((c.Horizons * (c.QuantileCount + c.Bins)) + 1 + ChronosStudent.BarrierClasses, 16);
        _patches = Pinned(_rows * _patchInput);
        _hidden = Pinned(_rows * _ffp);
        _embedded = Pinned(_rows * _dp);
        _sequence = Pinned(c.Patches * c.Model);
        _encoded = Pinned(c.Patches * c.Model);
        _last = Pinned(8 * c.Model);
        _heads = Pinned(8 * _headsOut);
        _encoder = new TransformerEncoderInference(model.Encoder, c.Patches);
        Refresh();
    }

    /// <summary>Whether the encoder may use a second core (see <see cref="TransformerEncoderInference.UseSecondCore"/>).</summary>
    public bool UseSecondCore
    {
        get => _encoder.UseSecondCore;
        set => _encoder.UseSecondCore = value;
    }

    /// <summary>Copies and packs the model's current weights (after training or a state-dict load).</summary>
    /// <exception cref="InvalidOperationException">A parameter holds NaN or ±∞ (named); the previous weights stay.</exception>
    public void Refresh()
    {
        foreach (var (name, p) in _model.NamedParameters())
        {
            var values = p.ToArray();
            var bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new InvalidOperationException($"Parameter {name} holds {values[bad]} at flat index {bad}; inference needs finite weights.");
            }
        }

        _encoder.Refresh();
        var e = _model.PatchEmbedding;
        _hiddenWeight = Pack(e.Hidden, _patchInput, _ffp);
        _outputWeight = Pack(e.Output, _config.FeedForward, _dp);
        _residualWeight = Pack(e.Residual, _patchInput, _dp);
        var c = _config;
        var heads = new[] { _model.QuantileHead, _model.LogitHead, _model.PositionHead, _model.BarrierHead };
        var (hw, hb) = (heads.Select(h => h.Weight.ToArray()).ToArray(), heads.Select(h => h.Bias!.ToArray()).ToArray());
        var starts = new[] { 0, c.Horizons * c.QuantileCount, c.Horizons * (c.QuantileCount + c.Bins), (c.Horizons * (c.QuantileCount + c.Bins)) + 1, (c.Horizons * (c.QuantileCount + c.Bins)) + 1 + ChronosStudent.BarrierClasses };
        int Head(int j) => j >= starts[^1] ? -1 : Array.FindLastIndex(starts, s => s <= j);
        _headWeight = new PackedWeight(
            c.Model,
            _headsOut,
            (p, j) => Head(j) is var h and >= 0 ? hw[h][((j - starts[h]) * c.Model) + p] : 0f,
            j => Head(j) is var h and >= 0 ? hb[h][j - starts[h]] : 0f);
    }

    /// <summary>
    /// The student's outputs for one window of L·F values (step by step, features of a step together, as a (L, F)
    /// row of <see cref="ChronosStudent.Forward"/>'s input): quantiles (H·Q, horizon-major), logits (H·K), barrier
    /// logits (3: down, time, up); returns the position in [-1, 1].
    /// </summary>
    /// <exception cref="ArgumentException">The window does not hold L·F values, a value is not finite (named by step
    /// and feature), or an output span is too short.</exception>
    public float Run(ReadOnlySpan<float> window, Span<float> quantiles, Span<float> logits, Span<float> barrierLogits)
    {
        var c = _config;
        var (f, d) = (c.InputFeatures, c.Model);
        if (window.Length != c.Window * f)
        {
            throw new ArgumentException($"The window has {window.Length} values; it needs L·F = {c.Window}·{f}.", nameof(window));
        }

        for (var i = 0; i < window.Length; i++)
        {
            if (!float.IsFinite(window[i]))
            {
                throw new ArgumentException($"Window value {i} (step {i / f}, feature {i % f}) is {window[i]}; every input must be finite.", nameof(window));
            }
        }

        var (hq, hk) = (c.Horizons * c.QuantileCount, c.Horizons * c.Bins);
        if (quantiles.Length < hq || logits.Length < hk || barrierLogits.Length < ChronosStudent.BarrierClasses)
        {
            throw new ArgumentException($"Outputs need room for {hq} quantiles, {hk} logits and {ChronosStudent.BarrierClasses} barrier logits.", nameof(quantiles));
        }

        // Patches: [values of P steps · F features, then P·F ones (the observed mask)], as the tape path's Unfold + Concat.
        var half = c.PatchLength * f;
        for (var n = 0; n < c.Patches; n++)
        {
            window.Slice(n * half, half).CopyTo(_patches.AsSpan(n * _patchInput, half));
            _patches.AsSpan((n * _patchInput) + half, half).Fill(1f);
        }

        fixed (float* patches = _patches, hidden = _hidden, embedded = _embedded, last = _last, heads = _heads)
        {
            _hiddenWeight.Apply(patches, _patchInput, _rows, hidden, _ffp, TileEpilogue.Store);
            var h = _hidden.AsSpan();
            System.Numerics.Tensors.TensorPrimitives.Max(h, 0f, h);
            _outputWeight.Apply(hidden, _ffp, _rows, embedded, _dp, TileEpilogue.Store);
            _residualWeight.Apply(patches, _patchInput, _rows, embedded, _dp, TileEpilogue.Accumulate);
            for (var n = 0; n < c.Patches; n++)
            {
                _embedded.AsSpan(n * _dp, d).CopyTo(_sequence.AsSpan(n * d, d));
            }

            _encoder.Run(_sequence, _encoded);
            _encoded.AsSpan((c.Patches - 1) * d, d).CopyTo(_last);
            _headWeight.Apply(last, d, 8, heads, _headsOut, TileEpilogue.Store);
        }

        _heads.AsSpan(0, hq).CopyTo(quantiles);
        _heads.AsSpan(hq, hk).CopyTo(logits);
        _heads.AsSpan(hq + hk + 1, ChronosStudent.BarrierClasses).CopyTo(barrierLogits);
        return MathF.Tanh(_heads[hq + hk]);
    }

    private static PackedWeight Pack(Linear layer, int k, int n)
    {
        var (w, b, outF, inF) = (layer.Weight.ToArray(), layer.Bias!.ToArray(), layer.Weight.Shape[0], layer.Weight.Shape[1]);
        return new PackedWeight(k, n, (p, j) => j < outF && p < inF ? w[(j * inF) + p] : 0f, j => j < outF ? b[j] : 0f);
    }

    private static float[] Pinned(int length) => GC.AllocateArray<float>(length, pinned: true);

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
