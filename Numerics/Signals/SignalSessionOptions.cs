using Quant.Orleans.Numerics.Checkpoints;
using Quant.Orleans.Numerics.Forecasting;

namespace Quant.Orleans.Numerics.Signals;

/// <summary>Options of <see cref="SymbolForecastSession"/>.</summary>
public sealed record SignalSessionOptions
{
    /// <summary>Feature engine options (UKF noise, volatility half-life, warm-up).</summary>
    public SymbolFeatureOptions? Features { get; init; }

    /// <summary>Training options of the ridge baseline (horizon, sampling, penalty).</summary>
    public TrainingSetOptions Training { get; init; } = new();

    /// <summary>Minimum market time between two forecast candidates of one symbol. Default 10 s.</summary>
    public TimeSpan SignalInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Sampling interval of realised volatility for the regime gate's daily fit. Default 1 s.</summary>
    public TimeSpan VolatilitySampleInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The exchange's time zone, which defines the trading day. Default America/New_York.</summary>
    public TimeZoneInfo ExchangeTimeZone { get; init; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    /// <summary>Start of the regular session, exchange time. Default 09:30.</summary>
    public TimeOnly SessionOpen { get; init; } = new(9, 30);

    /// <summary>End of the regular session (exclusive), exchange time. Default 16:00.</summary>
    public TimeOnly SessionClose { get; init; } = new(16, 0);

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">An interval is not positive.</exception>
    public void Validate()
    {
        if (SignalInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"SignalInterval must be positive, got {SignalInterval}.", nameof(SignalInterval));
        }

        if (VolatilitySampleInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"VolatilitySampleInterval must be positive, got {VolatilitySampleInterval}.", nameof(VolatilitySampleInterval));
        }

        if (SessionClose <= SessionOpen)
        {
            throw new ArgumentException($"SessionClose {SessionClose} must be after SessionOpen {SessionOpen}.", nameof(SessionClose));
        }

        Training.Validate();
    }

    /// <summary>
    /// The canonical text of every option that shapes a <see cref="SymbolForecastSession"/>'s state and its outputs from
    /// here on, kept in <see cref="SymbolSessionState.OptionsFingerprint"/>: <c>Key=Value</c> pairs joined by <c>;</c>,
    /// keys being the option names (<c>Features.</c> and <c>Training.</c> for the nested options), doubles in round-trip
    /// form, durations and times of day in ticks of 100 ns, the time zone by its id. The wavelet options
    /// (<c>Features.WaveletWindowTicks</c>, <c>Features.Wavelet</c>, <c>Features.WaveletLevels</c>,
    /// <c>Features.WaveletInterval</c>) are listed only when the filter is <see cref="SymbolFilterKind.SlidingWaveletUkf"/>.
    /// </summary>
    /// <returns>The fingerprint; equal options give equal text.</returns>
    public string CheckpointFingerprint()
    {
        var f = Features ?? new SymbolFeatureOptions();
        var fingerprint = new OptionsFingerprint()
            .Add(nameof(SignalInterval), SignalInterval)
            .Add(nameof(VolatilitySampleInterval), VolatilitySampleInterval)
            .Add(nameof(ExchangeTimeZone), ExchangeTimeZone.Id)
            .Add(nameof(SessionOpen), SessionOpen.Ticks)
            .Add(nameof(SessionClose), SessionClose.Ticks)
            .Add("Training." + nameof(TrainingSetOptions.Horizon), Training.Horizon)
            .Add("Training." + nameof(TrainingSetOptions.SampleInterval), Training.SampleInterval)
            .Add("Training." + nameof(TrainingSetOptions.FeatureColumns), Training.FeatureColumns)
            .Add("Training." + nameof(TrainingSetOptions.RidgePenalty), Training.RidgePenalty)
            .Add("Features." + nameof(SymbolFeatureOptions.LevelNoiseDensity), f.LevelNoiseDensity)
            .Add("Features." + nameof(SymbolFeatureOptions.SlopeNoiseDensity), f.SlopeNoiseDensity)
            .Add("Features." + nameof(SymbolFeatureOptions.ObservationNoiseVariance), f.ObservationNoiseVariance)
            .Add("Features." + nameof(SymbolFeatureOptions.InitialSlopeVariance), f.InitialSlopeVariance)
            .Add("Features." + nameof(SymbolFeatureOptions.VolatilityHalfLife), f.VolatilityHalfLife)
            .Add("Features." + nameof(SymbolFeatureOptions.WarmUp), f.WarmUp)
            .Add("Features." + nameof(SymbolFeatureOptions.SigmaAlpha), f.SigmaAlpha)
            .Add("Features." + nameof(SymbolFeatureOptions.SigmaBeta), f.SigmaBeta)
            .Add("Features." + nameof(SymbolFeatureOptions.SigmaKappa), f.SigmaKappa)
            .Add("Features." + nameof(SymbolFeatureOptions.Filter), f.Filter.ToString());
        if (f.Filter == SymbolFilterKind.SlidingWaveletUkf)
        {
            fingerprint
                .Add("Features." + nameof(SymbolFeatureOptions.WaveletWindowTicks), f.WaveletWindowTicks)
                .Add("Features." + nameof(SymbolFeatureOptions.Wavelet), f.Wavelet.ToString())
                .Add("Features." + nameof(SymbolFeatureOptions.WaveletLevels), f.WaveletLevels)
                .Add("Features." + nameof(SymbolFeatureOptions.WaveletInterval), f.WaveletInterval);
        }

        return fingerprint.ToString();
    }
}
