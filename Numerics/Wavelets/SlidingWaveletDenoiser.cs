using System.Numerics.Tensors;
using Quant.Orleans.Numerics.Checkpoints;

namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>
/// Causal wavelet denoising over a sliding window (the student's filter front end, DESIGN §3): it keeps the last W
/// observations and <see cref="DenoiseNewest"/> returns the newest value of <see cref="WaveletDenoiser.Denoise"/>
/// applied to that window alone — so an output at time t reads only observations up to t (strictly causal). Instead of
/// the full inverse, the newest value is rebuilt from the MRA at one point, x̂ = Σⱼ Σₗ h̃ᵉⱼ,ₗ η(W̃ⱼ,(W−1+l) mod M) +
/// Σₗ g̃ᵉ_J,ₗ Ṽ_J,(W−1+l) mod M, with the level-j equivalent filters h̃ᵉⱼ, g̃ᵉ_J of widths Lⱼ (P&amp;W §5.4, eq. 172);
/// the forward pyramid runs with SIMD (<see cref="TensorPrimitives"/>). Allocation-free after construction; cost
/// O(J·M·L) per call (M = 2W with reflection). Not thread-safe.
/// </summary>
public sealed class SlidingWaveletDenoiser
{
    private readonly WaveletFilter _filter;
    private readonly WaveletDenoiseOptions _options;
    private readonly double[] _ring;
    private readonly double[] _ext;
    private readonly double[] _next;
    private readonly double[][] _details;
    private readonly double[][] _equivalentWavelet;
    private readonly double[] _equivalentScaling;
    private readonly double[] _scratch;
    private readonly double _sqrt2LnN;
    private readonly int[]? _coneStart;
    private readonly int _coneEnd;
    private int _head;

    /// <summary>Creates a denoiser.</summary>
    /// <param name="window">W, the number of past observations used, in [8, 65 536].</param>
    /// <param name="options">Wavelet, levels, boundary, rule; null for the defaults (LA8, J = 4, reflection, soft).</param>
    /// <exception cref="ArgumentOutOfRangeException">The window or an option is out of range.</exception>
    public SlidingWaveletDenoiser(int window, WaveletDenoiseOptions? options = null)
    {
        if (window is < 8 or > 65_536)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must lie in [8, 65536] observations.");
        }

        _options = options ?? new WaveletDenoiseOptions();
        _options.Validate();
        _filter = WaveletFilter.Of(_options.Wavelet);
        Window = window;
        var m = _options.Boundary == ModwtBoundary.Reflection ? 2 * window : window;
        _ring = new double[window];
        _ext = new double[m];
        _next = new double[m];
        _scratch = new double[window];
        _details = new double[_options.Levels][];
        _equivalentWavelet = new double[_options.Levels][];
        var g = new double[] { 1.0 };
        for (var j = 1; j <= _options.Levels; j++)
        {
            _details[j - 1] = new double[m];
            _equivalentWavelet[j - 1] = Convolve(g, _filter.Wavelet, 1 << (j - 1));
            g = Convolve(g, _filter.Scaling, 1 << (j - 1));
        }

        _equivalentScaling = g;
        _sqrt2LnN = Math.Sqrt(2.0 * Math.Log(window));

        // The newest value reads level j at t0 + l, l < Lⱼ (and the smooth at t0 + l, l < L_J), t0 = W − 1; level j at t
        // reads level j − 1 on [t − 2ʲ⁻¹(L − 1), t]. When that cone neither wraps past M nor below 0 (and the MAD reads
        // level 1 only), only the cone is computed.
        var widest = _equivalentScaling.Length;
        foreach (var he in _equivalentWavelet)
        {
            widest = Math.Max(widest, he.Length);
        }

        var coneStart = new int[_options.Levels];
        var lo = window - 1;
        for (var j = _options.Levels; j >= 1; j--)
        {
            coneStart[j - 1] = lo;
            lo -= (1 << (j - 1)) * (_filter.Length - 1);
        }

        _coneEnd = window - 1 + widest;
        if (!_options.LevelDependent && _coneEnd <= m && coneStart[0] >= 0)
        {
            _coneStart = coneStart;
        }
    }

    /// <summary>W, the window length in observations.</summary>
    public int Window { get; }

    /// <summary>The options in use.</summary>
    public WaveletDenoiseOptions Options => _options;

    /// <summary>Observations pushed since construction or <see cref="Reset"/>.</summary>
    public long Count { get; private set; }

    /// <summary>True once W observations have been pushed.</summary>
    public bool IsFull => Count >= Window;

    /// <summary>σ̂₁ of the last <see cref="DenoiseNewest"/> (std of the finest MODWT details; observation unit).</summary>
    public double LastNoiseScale { get; private set; }

    /// <summary>Appends an observation (O(1)); the oldest leaves the window once it is full.</summary>
    /// <param name="value">A finite observation.</param>
    /// <exception cref="ArgumentException">The value is not finite.</exception>
    public void Push(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"The observation {value} is not finite.", nameof(value));
        }

        _ring[_head] = value;
        _head = _head + 1 == Window ? 0 : _head + 1;
        Count++;
    }

    /// <summary>The denoised value of the newest observation, computed from the last W observations only.</summary>
    /// <returns>x̂ at the newest time (observation unit).</returns>
    /// <exception cref="InvalidOperationException">Fewer than W observations were pushed.</exception>
    public double DenoiseNewest()
    {
        if (!IsFull)
        {
            throw new InvalidOperationException($"The window holds {Count} of {Window} observations.");
        }

        var w = Window;
        var m = _ext.Length;
        var older = w - _head;
        _ring.AsSpan(_head, older).CopyTo(_ext);
        _ring.AsSpan(0, _head).CopyTo(_ext.AsSpan(older));
        if (m > w)
        {
            for (var i = 0; i < w; i++)
            {
                _ext[w + i] = _ext[w - 1 - i];
            }
        }

        var v = _ext;
        var next = _next;
        var t0 = w - 1;
        var levels = _details.Length;
        if (_coneStart is not null)
        {
            // Only the cone the newest value reads: level j on [coneStartⱼ, t0 + widest filter), level 1 from 0 (the MAD
            // reads its first W details); every coefficient computed is the one the full pyramid computes.
            for (var j = 1; j <= levels; j++)
            {
                ForwardLevelSimd(v, j, _details[j - 1], next, j == 1 ? 0 : _coneStart[j - 1], _coneEnd);
                (v, next) = (next, v);
            }
        }
        else
        {
            for (var j = 1; j <= levels; j++)
            {
                ForwardLevelSimd(v, j, _details[j - 1], next, 0, m);
                (v, next) = (next, v);
            }
        }

        var sigma = WaveletDenoiser.MadSigma(_details[0], w, _scratch);
        LastNoiseScale = sigma;
        var result = 0.0;
        for (var j = 0; j < _details.Length; j++)
        {
            if (j > 0)
            {
                sigma = _options.LevelDependent ? WaveletDenoiser.MadSigma(_details[j], w, _scratch) : sigma / Math.Sqrt(2.0);
            }

            var threshold = sigma * _sqrt2LnN;
            var d = _details[j];
            var he = _equivalentWavelet[j];
            for (var l = 0; l < he.Length; l++)
            {
                result += he[l] * WaveletDenoiser.Shrink(d[(t0 + l) % m], threshold, _options.Rule);
            }
        }

        var ge = _equivalentScaling;
        for (var l = 0; l < ge.Length; l++)
        {
            result += ge[l] * v[(t0 + l) % m];
        }

        // Invariant: v is the smooth Ṽ_J; after an odd number of swaps it is _next, else _ext — both are work buffers.
        return result;
    }

    /// <summary>Forgets every observation.</summary>
    public void Reset()
    {
        Count = 0;
        _head = 0;
        Array.Clear(_ring);
        LastNoiseScale = 0.0;
    }

    /// <summary>Copies the denoiser's state into a checkpoint (allocates; the denoiser is unchanged).</summary>
    /// <returns>A deep copy: later pushes do not change it.</returns>
    public SlidingWaveletDenoiserState Capture() => new((double[])_ring.Clone(), _head, Count, LastNoiseScale);

    /// <summary>Replaces the denoiser's state with a checkpoint of a denoiser of the same window and options; later
    /// outputs are then bit for bit those of the captured one. The ring is copied. Nothing changes when it is refused.</summary>
    /// <param name="state">The checkpoint.</param>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    /// <exception cref="ArgumentException">The ring's length is not W, a value is not finite, the head does not equal
    /// Count mod W, or the count or noise scale is negative; the message names the field.</exception>
    public void Restore(SlidingWaveletDenoiserState state)
    {
        CheckState(state);
        ApplyState(state);
    }

    /// <summary>The checks of <see cref="Restore"/>, changing nothing.</summary>
    internal void CheckState(SlidingWaveletDenoiserState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        CheckpointGuard.FiniteLength(state.Ring, Window, "SlidingWaveletDenoiserState.Ring");
        CheckpointGuard.NonNegative(state.Count, "SlidingWaveletDenoiserState.Count");
        CheckpointGuard.Rule(state.Head == (int)(state.Count % Window), "SlidingWaveletDenoiserState.Head", $"{state.Head} must equal Count mod W = {state.Count % Window}.");
        CheckpointGuard.Finite(state.LastNoiseScale, "SlidingWaveletDenoiserState.LastNoiseScale");
        CheckpointGuard.Rule(state.LastNoiseScale >= 0.0, "SlidingWaveletDenoiserState.LastNoiseScale", "must not be negative.");
    }

    /// <summary>Copies a checked checkpoint into the denoiser.</summary>
    internal void ApplyState(SlidingWaveletDenoiserState state)
    {
        state.Ring.CopyTo(_ring, 0);
        _head = state.Head;
        Count = state.Count;
        LastNoiseScale = state.LastNoiseScale;
    }

    /// <summary>Level <paramref name="level"/> of the pyramid on t ∈ [from, to) (periodic on M).</summary>
    private void ForwardLevelSimd(double[] previous, int level, double[] wavelet, double[] scaling, int from, int to)
    {
        var m = previous.Length;
        var step = 1 << (level - 1);
        var h = _filter.Wavelet;
        var g = _filter.Scaling;
        var span = step * (h.Length - 1);
        if (span >= m)
        {
            Modwt.ForwardLevel(previous, _filter, level, wavelet, scaling);
            return;
        }

        var start = Math.Max(span, from);
        var count = to - start;
        if (count > 0)
        {
            var wOut = wavelet.AsSpan(start, count);
            var sOut = scaling.AsSpan(start, count);
            var x0 = previous.AsSpan(start, count);
            TensorPrimitives.Multiply(x0, h[0], wOut);
            TensorPrimitives.Multiply(x0, g[0], sOut);
            for (var l = 1; l < h.Length; l++)
            {
                var x = previous.AsSpan(start - (step * l), count);
                TensorPrimitives.MultiplyAdd(x, h[l], wOut, wOut);
                TensorPrimitives.MultiplyAdd(x, g[l], sOut, sOut);
            }
        }

        for (var t = from; t < Math.Min(span, to); t++)
        {
            double wa = 0.0, sa = 0.0;
            for (var l = 0; l < h.Length; l++)
            {
                var k = t - (step * l);
                k = ((k % m) + m) % m;
                wa += h[l] * previous[k];
                sa += g[l] * previous[k];
            }

            wavelet[t] = wa;
            scaling[t] = sa;
        }
    }

    private static double[] Convolve(double[] a, ReadOnlySpan<double> filter, int upsample)
    {
        var result = new double[a.Length + (upsample * (filter.Length - 1))];
        for (var i = 0; i < a.Length; i++)
        {
            for (var l = 0; l < filter.Length; l++)
            {
                result[i + (upsample * l)] += a[i] * filter[l];
            }
        }

        return result;
    }
}
