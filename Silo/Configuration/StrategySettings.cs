using Quant.Orleans.Grains;
using Quant.Orleans.Numerics.Forecasting;
using Quant.Orleans.Numerics.Signals;
using Quant.Orleans.Numerics.Wavelets;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Sizing;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>The baseline strategy's parameters as an operator sets them (units in the names).</summary>
public sealed class StrategySettings : Engine.Replay.IStrategyLineage
{
    private Grains.Symbols.StudentModel? _student;
    private Grains.Judge.JudgeServingModel? _judge;

    /// <summary>Minimum market time between two forecasts of one symbol, seconds.</summary>
    public double SignalIntervalSeconds { get; set; } = 10;

    /// <summary>Forecast horizon, seconds.</summary>
    public double HorizonSeconds { get; set; } = 60;

    /// <summary>Judge: minimum |forecast| / noise.</summary>
    public double JudgeMinimumRatio { get; set; } = 0.25;

    /// <summary>Regime: lower realised-volatility percentile of the previous day, percent.</summary>
    public double RegimeLowerPercentile { get; set; } = 10;

    /// <summary>Regime: upper percentile, percent.</summary>
    public double RegimeUpperPercentile { get; set; } = 95;

    /// <summary>Regime gate: "Hmm" (Gaussian HMM forward filter, default) or "VolatilityPercentile" (baseline).</summary>
    public string RegimeGate { get; set; } = nameof(RegimeGateKind.Hmm);

    /// <summary>HMM regime gate: number of states (2–6).</summary>
    public int RegimeHmmStates { get; set; } = 3;

    /// <summary>HMM regime gate: largest filtered probability of the most volatile state that passes, in (0, 1].</summary>
    public double RegimeHmmMaxHighVolatilityProbability { get; set; } = 0.5;

    /// <summary>Symbol filter: "SlidingWaveletUkf" (default) or "Ukf" (plain UKF on every tick).</summary>
    public string SymbolFilter { get; set; } = nameof(SymbolFilterKind.SlidingWaveletUkf);

    /// <summary>Sliding wavelet window, ticks (8–65 536).</summary>
    public int WaveletWindowTicks { get; set; } = 256;

    /// <summary>Wavelet of the sliding window: "Haar", "D4" or "La8".</summary>
    public string Wavelet { get; set; } = nameof(WaveletFamily.La8);

    /// <summary>MODWT levels of the sliding window (1–12).</summary>
    public int WaveletLevels { get; set; } = 4;

    /// <summary>Market time between two denoised UKF updates, seconds (0 = every tick).</summary>
    public double WaveletIntervalSeconds { get; set; } = 5;

    /// <summary>Starting cash, USD.</summary>
    public decimal InitialCash { get; set; } = 1_000_000m;

    /// <summary>Fraction of the full Kelly bet.</summary>
    public double KellyFraction { get; set; } = 0.25;

    /// <summary>Per-symbol cap as a fraction of equity.</summary>
    public double MaxFractionOfEquity { get; set; } = 0.10;

    /// <summary>Per-symbol cap, USD notional.</summary>
    public decimal MaxNotionalPerSymbol { get; set; } = 100_000m;

    /// <summary>Order latency to the simulated venue, milliseconds.</summary>
    public double LatencyMilliseconds { get; set; } = 1;

    /// <summary>The folder of a distilled student (written by <c>distill</c>, e.g. <c>runs/models/chronos-student-…</c>)
    /// the symbol grains forecast with; empty (the default): the ridge baseline. The folder is checked when the
    /// settings are loaded (manifest, schema, hashes; a mismatch is reported with its field).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? StudentModel { get; set; }

    /// <summary>Where the student's network runs: "engine" (default, this code's inference engine), "onnx-cpu" or
    /// "onnx-cuda" (the folder's ONNX export, <c>onnx.json</c>, in ONNX Runtime on the CPU or CUDA execution provider;
    /// docs/onnx.md). Checked with the folder when the settings load.</summary>
    public string StudentRuntime { get; set; } = "engine";

    /// <summary>Daytime SimTS adaptation of the student in the symbol grains (<c>Strategy:StudentAdaptation:Enabled</c>,
    /// <c>EveryTicks</c>, <c>Steps</c>, <c>LearningRate</c>, <c>BatchSize</c>, <c>SwapDelaySeconds</c>,
    /// <c>KeepAcrossDays</c>; docs/adaptation.md); absent or not enabled: none. Needs <see cref="StudentModel"/>;
    /// adapted weights serve on the engine whatever <see cref="StudentRuntime"/> serves the loaded ones.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Grains.Symbols.StudentGrainAdaptation? StudentAdaptation { get; set; }

    /// <summary>Sizing of signals: empty or <c>kelly</c> (the default: fractional Kelly) or <c>policy@&lt;model folder&gt;</c>
    /// (a policy head's serving position × the per-symbol risk budget; see docs/policy.md). The folder is read and
    /// checked when the settings are loaded (a mismatch is reported with its field).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Sizing { get; set; }

    /// <summary>The strategy profile (docs/judge.md): "Baseline" (default: the |forecast|/noise rule), "Sniper"
    /// (confidence ≥ 0.95, the HMM filter also blocks the calmest state, no judge), "Audited" (confidence ≥ 0.75 and the
    /// trained judge of <see cref="JudgeModel"/>) or "Reckless" (confidence ≥ 0.75, no judge).</summary>
    public string Profile { get; set; } = nameof(StrategyProfile.Baseline);

    /// <summary>The folder of a trained judge (ML.NET FastTree with its manifest, written by <c>compare</c> or
    /// <c>JudgeModelFolder.Write</c>); required by the Audited profile, ignored by the others. Checked when the settings
    /// load (schema, model hash; a mismatch is reported with its field).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? JudgeModel { get; set; }

    /// <summary>The staged rollout of registered students (<c>Strategy:Rollout:*</c>, docs/rollout.md); off by default.</summary>
    public StrategyRolloutSettings Rollout { get; set; } = new();

    /// <summary>Venue fee per share, USD.</summary>
    public decimal FeePerShare { get; set; } = 0.0035m;

    /// <summary>Minimum venue fee per order, USD.</summary>
    public decimal MinimumFeePerOrder { get; set; } = 0.35m;

    /// <inheritdoc />
    string Engine.Replay.IStrategyLineage.Lineage => string.IsNullOrWhiteSpace(StudentModel) ? Engine.Replay.ReplayOutputs.LineageName : Grains.Symbols.StudentModel.ModelType;

    internal IEnumerable<string> Validate()
    {
        if (!string.IsNullOrWhiteSpace(StudentModel))
        {
            string? problem = null;
            try
            {
                // Invalid adaptation settings are reported below, each with its key, not as the folder's problem.
                var adaptation = StudentAdaptation?.Problems().Any() == true ? null : StudentAdaptation;
                _student = Grains.Symbols.StudentModel.Load(StudentModel, TimeSpan.FromSeconds(HorizonSeconds), Learning.Models.StudentRuntimes.Parse(StudentRuntime), adaptation);
            }
            catch (Exception e) when (e is Quant.Orleans.Research.Models.ModelManifestMismatchException or InvalidDataException or IOException or ArgumentException)
            {
                problem = $"Strategy:StudentModel '{StudentModel}' cannot be served: {e.Message}";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }

        foreach (var adaptationProblem in StudentAdaptation?.Problems() ?? [])
        {
            yield return adaptationProblem;
        }

        if (StudentAdaptation is { Enabled: true } && string.IsNullOrWhiteSpace(StudentModel))
        {
            yield return "Strategy:StudentAdaptation:Enabled is true but no Strategy:StudentModel is set: only a served student is adapted.";
        }

        foreach (var rolloutProblem in Rollout?.Validate(this) ?? [])
        {
            yield return rolloutProblem;
        }

        if (Grains.Portfolio.SizingSetting.Problem(Sizing) is { } sizingProblem)
        {
            yield return sizingProblem;
        }

        if (!Learning.Models.StudentRuntimes.TryParse(StudentRuntime, out _))
        {
            yield return $"Strategy:StudentRuntime must be one of {string.Join(", ", Learning.Models.StudentRuntimes.Names)}, got '{StudentRuntime}'.";
        }

        if (!Enum.TryParse<StrategyProfile>(Profile, ignoreCase: true, out var profile) || !Enum.IsDefined(profile))
        {
            yield return $"Strategy:Profile must be one of {string.Join(", ", Enum.GetNames<StrategyProfile>())}, got '{Profile}'.";
        }
        else if (profile == StrategyProfile.Audited)
        {
            if (string.IsNullOrWhiteSpace(JudgeModel))
            {
                yield return "Strategy:Profile Audited needs Strategy:JudgeModel, the folder of a trained judge.";
            }
            else if (LoadJudgeProblem() is { } judgeProblem)
            {
                yield return judgeProblem;
            }
        }

        if (!Enum.TryParse<RegimeGateKind>(RegimeGate, ignoreCase: false, out _))
        {
            yield return $"Strategy:RegimeGate must be one of {string.Join(", ", Enum.GetNames<RegimeGateKind>())}, got '{RegimeGate}'.";
        }

        if (RegimeHmmStates is < 2 or > 6 || !(RegimeHmmMaxHighVolatilityProbability is > 0 and <= 1))
        {
            yield return $"Strategy: need 2 <= RegimeHmmStates <= 6 and 0 < RegimeHmmMaxHighVolatilityProbability <= 1, got {RegimeHmmStates}, {RegimeHmmMaxHighVolatilityProbability}.";
        }

        if (!Enum.TryParse<SymbolFilterKind>(SymbolFilter, ignoreCase: false, out _))
        {
            yield return $"Strategy:SymbolFilter must be one of {string.Join(", ", Enum.GetNames<SymbolFilterKind>())}, got '{SymbolFilter}'.";
        }

        if (!Enum.TryParse<WaveletFamily>(Wavelet, ignoreCase: false, out _))
        {
            yield return $"Strategy:Wavelet must be one of {string.Join(", ", Enum.GetNames<WaveletFamily>())}, got '{Wavelet}'.";
        }

        if (WaveletWindowTicks is < 8 or > 65_536 || WaveletLevels is < 1 or > 12 || !(WaveletIntervalSeconds >= 0) || !double.IsFinite(WaveletIntervalSeconds))
        {
            yield return $"Strategy: need 8 <= WaveletWindowTicks <= 65536, 1 <= WaveletLevels <= 12 and WaveletIntervalSeconds >= 0, got {WaveletWindowTicks}, {WaveletLevels}, {WaveletIntervalSeconds}.";
        }

        if (!(SignalIntervalSeconds > 0))
        {
            yield return $"Strategy:SignalIntervalSeconds must be > 0, got {SignalIntervalSeconds}.";
        }

        if (!(HorizonSeconds > 0))
        {
            yield return $"Strategy:HorizonSeconds must be > 0, got {HorizonSeconds}.";
        }

        if (!(KellyFraction is > 0 and <= 1))
        {
            yield return $"Strategy:KellyFraction must be in (0, 1], got {KellyFraction}.";
        }

        if (!(MaxFractionOfEquity is > 0 and <= 1))
        {
            yield return $"Strategy:MaxFractionOfEquity must be in (0, 1], got {MaxFractionOfEquity}.";
        }

        if (InitialCash <= 0 || MaxNotionalPerSymbol <= 0)
        {
            yield return "Strategy:InitialCash and Strategy:MaxNotionalPerSymbol must be positive.";
        }

        if (!(LatencyMilliseconds >= 0) || FeePerShare < 0 || MinimumFeePerOrder < 0)
        {
            yield return "Strategy:LatencyMilliseconds, FeePerShare and MinimumFeePerOrder must be >= 0.";
        }

        if (!(JudgeMinimumRatio >= 0) || !(RegimeLowerPercentile >= 0 && RegimeLowerPercentile < RegimeUpperPercentile && RegimeUpperPercentile <= 100))
        {
            yield return $"Strategy: need JudgeMinimumRatio >= 0 and 0 <= RegimeLowerPercentile < RegimeUpperPercentile <= 100, got {JudgeMinimumRatio}, [{RegimeLowerPercentile}, {RegimeUpperPercentile}].";
        }
    }

    private StrategyProfile ParsedProfile => Enum.Parse<StrategyProfile>(Profile, ignoreCase: true);

    /// <summary>A copy of these settings with another profile and judge folder (the <c>compare</c> command's variants).</summary>
    /// <param name="profile">The profile.</param>
    /// <param name="judgeModel">The judge folder (Audited) or null.</param>
    /// <returns>The copy; its judge is loaded on first use.</returns>
    internal StrategySettings WithProfile(StrategyProfile profile, string? judgeModel)
    {
        var copy = (StrategySettings)MemberwiseClone();
        copy.Profile = profile.ToString();
        copy.JudgeModel = judgeModel;
        copy._judge = null;
        return copy;
    }

    private string? LoadJudgeProblem()
    {
        try
        {
            _judge = Grains.Judge.JudgeServingModel.Load(JudgeModel!, new StrategyOptions { RegimeGate = Enum.TryParse<RegimeGateKind>(RegimeGate, out var gate) ? gate : RegimeGateKind.Hmm, RegimeHmmStates = RegimeHmmStates }.JudgeFeatures);
            return null;
        }
        catch (Exception e) when (e is Quant.Orleans.Research.Models.ModelManifestMismatchException or InvalidDataException or IOException or ArgumentException or FormatException)
        {
            return $"Strategy:JudgeModel '{JudgeModel}' cannot be served: {e.Message}";
        }
    }

    /// <summary>The grains' options from these settings and the risk limits (the defaults when null).</summary>
    public StrategyOptions ToOptions(RiskSettings? risk = null) => new()
    {
        Student = string.IsNullOrWhiteSpace(StudentModel) ? null : _student ??= Grains.Symbols.StudentModel.Load(StudentModel, TimeSpan.FromSeconds(HorizonSeconds), Learning.Models.StudentRuntimes.Parse(StudentRuntime), StudentAdaptation),
        Session = new SignalSessionOptions
        {
            SignalInterval = TimeSpan.FromSeconds(SignalIntervalSeconds),
            Features = new SymbolFeatureOptions
            {
                Filter = Enum.Parse<SymbolFilterKind>(SymbolFilter),
                WaveletWindowTicks = WaveletWindowTicks,
                Wavelet = Enum.Parse<WaveletFamily>(Wavelet),
                WaveletLevels = WaveletLevels,
                WaveletInterval = TimeSpan.FromSeconds(WaveletIntervalSeconds),
            },
            Training = new TrainingSetOptions { Horizon = TimeSpan.FromSeconds(HorizonSeconds) },
        },
        JudgeMinimumRatio = JudgeMinimumRatio,
        RegimeLowerPercentile = RegimeLowerPercentile,
        RegimeUpperPercentile = RegimeUpperPercentile,
        RegimeGate = Enum.Parse<RegimeGateKind>(RegimeGate),
        RegimeHmmStates = RegimeHmmStates,
        RegimeHmmMaxHighVolatilityProbability = RegimeHmmMaxHighVolatilityProbability,
        RegimeHmmMaxLowVolatilityProbability = ParsedProfile == StrategyProfile.Sniper ? 0.5 : 1.0,
        Profile = ParsedProfile,
        MinimumConfidence = ParsedProfile switch
        {
            StrategyProfile.Sniper => 0.95,
            StrategyProfile.Audited or StrategyProfile.Reckless => 0.75,
            _ => double.NaN,
        },
        Judge = ParsedProfile == StrategyProfile.Audited
            ? _judge ??= Grains.Judge.JudgeServingModel.Load(JudgeModel!, new StrategyOptions { RegimeGate = Enum.Parse<RegimeGateKind>(RegimeGate), RegimeHmmStates = RegimeHmmStates }.JudgeFeatures)
            : null,
        Portfolio = new PortfolioBookOptions
        {
            InitialCash = InitialCash,
            Sizing = new KellySizingOptions(KellyFraction, MaxFractionOfEquity, MaxNotionalPerSymbol, allowShort: true),
            Policy = Grains.Portfolio.SizingSetting.Load(Sizing),
            Risk = (risk ?? new RiskSettings()).ToLimits(),
        },
        Venue = new VenueOptions(StrategyOptions.DefaultVenueName, (long)(LatencyMilliseconds * 1_000_000), new FeeSchedule(FeePerShare, 0m, MinimumFeePerOrder)),
    };
}
