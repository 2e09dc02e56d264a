using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Research.Datasets;

/// <summary>The prevailing values a student row is sampled with (besides the row itself).</summary>
/// <param name="LogMid">ln mid of the prevailing two-sided NBBO; NaN before the first.</param>
/// <param name="HalfSpread">(ask − bid)/2/mid of it; NaN before the first.</param>
/// <param name="Warm">The engine is warm and a two-sided NBBO has been seen.</param>
public readonly record struct StudentRowContext(double LogMid, float HalfSpread, bool Warm);

/// <summary>
/// The student's causal feature state of one symbol and session, updated event by event and sampled into
/// <see cref="DistillationSchemas.Student"/> rows: the live wavelet-UKF engine (<see cref="SymbolFeatureEngine"/>, fed
/// the mids of two-sided NBBOs inside the regular session, as the symbol grain feeds it) and the microstructure state
/// (<see cref="MicrostructureFeatures"/>, fed every delivered NBBO and trade). The data set builder
/// (<see cref="DistillationDatasetBuilder"/>) and the live window (<see cref="StudentWindow"/>) both sample through
/// this class, so the rows a model is trained on and the rows it is served are made by the same code.
/// Not thread-safe.
/// </summary>
public sealed class StudentFeatureState
{
    private readonly DistillationDatasetOptions _options;
    private SymbolFeatureEngine _engine;
    private MicrostructureFeatures _micro;
    private long _openNanos;
    private long _closeNanos;
    private double _logMid = double.NaN;
    private double _halfSpread = double.NaN;
    private double _previousLogMid = double.NaN;

    /// <summary>Creates the state of one session [<paramref name="openNanos"/>, <paramref name="closeNanos"/>).</summary>
    /// <param name="options">Engine options and the trade-flow half-life.</param>
    /// <param name="openNanos">The session open, UTC Unix ns.</param>
    /// <param name="closeNanos">The session close, UTC Unix ns.</param>
    public StudentFeatureState(DistillationDatasetOptions options, long openNanos, long closeNanos)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _engine = new SymbolFeatureEngine(options.Features);
        _micro = new MicrostructureFeatures(options.TradeFlowHalfLife);
        (_openNanos, _closeNanos) = (openNanos, closeNanos);
    }

    /// <summary>Starts a new session: a fresh engine and microstructure state, no prevailing mid.</summary>
    /// <param name="openNanos">The session open, UTC Unix ns.</param>
    /// <param name="closeNanos">The session close, UTC Unix ns.</param>
    public void Reset(long openNanos, long closeNanos)
    {
        _engine = new SymbolFeatureEngine(_options.Features);
        _micro = new MicrostructureFeatures(_options.TradeFlowHalfLife);
        (_openNanos, _closeNanos) = (openNanos, closeNanos);
        (_logMid, _halfSpread, _previousLogMid) = (double.NaN, double.NaN, double.NaN);
    }

    /// <summary>Applies a delivered NBBO (one the quality filter accepted; one-sided ones included).</summary>
    /// <param name="nbbo">The NBBO.</param>
    public void OnNbbo(in Quote nbbo)
    {
        _micro.OnQuote(nbbo.Time, nbbo.BidPrice.ToDouble(), nbbo.AskPrice.ToDouble());
        if (!nbbo.IsTwoSided)
        {
            return;
        }

        var mid = nbbo.MidDouble;
        _logMid = Math.Log(mid);
        _halfSpread = (nbbo.AskPrice.ToDouble() - nbbo.BidPrice.ToDouble()) / 2.0 / mid;
        var time = nbbo.Time.Value;
        if (time >= _openNanos && time < _closeNanos)
        {
            _engine.TryUpdate(nbbo.Time, mid);
        }
    }

    /// <summary>Applies a delivered trade.</summary>
    /// <param name="time">Trade time.</param>
    /// <param name="price">Price, USD.</param>
    /// <param name="size">Size, shares.</param>
    public void OnTrade(UnixNanos time, double price, double size) => _micro.OnTrade(time, price, size);

    /// <summary>Marks the session open: the prevailing log mid becomes the reference of the first step's return.</summary>
    public void MarkOpen() => _previousLogMid = _logMid;

    /// <summary>Samples one grid step into <paramref name="row"/> (<see cref="DistillationSchemas.Student"/> order; 0
    /// where not yet defined) and returns the prevailing mid, half spread and warmth.</summary>
    /// <param name="row">The row, width <see cref="DistillationSchemas.Student"/>.Width.</param>
    /// <returns>The context of the row.</returns>
    public StudentRowContext Sample(Span<float> row)
    {
        var hasMid = double.IsFinite(_logMid);
        var features = _engine.Features;
        row[DistillationSchemas.StudentSlope] = (float)features[FeatureIndex.Slope];
        row[DistillationSchemas.StudentStandardisedInnovation] = (float)features[FeatureIndex.StandardisedInnovation];
        row[DistillationSchemas.StudentRealisedVolatility] = (float)features[FeatureIndex.RealisedVolatility];
        row[DistillationSchemas.StudentLevelGap] = (float)features[FeatureIndex.LevelGap];
        row[DistillationSchemas.StudentRelativeSpread] = (float)_micro.RelativeSpread;
        row[DistillationSchemas.StudentTradeFlowImbalance] = (float)_micro.TradeFlowImbalance;
        row[DistillationSchemas.StudentLogMidReturn] = hasMid && double.IsFinite(_previousLogMid) ? (float)(_logMid - _previousLogMid) : 0f;
        _previousLogMid = _logMid;
        return new StudentRowContext(_logMid, (float)_halfSpread, _engine.IsWarm && hasMid);
    }
}
