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
}
