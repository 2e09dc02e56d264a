using System.Globalization;
using Quant.Orleans.Grains.Rollout;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>
/// <c>Strategy:Rollout:*</c> (docs/rollout.md): the staged rollout of the registered students of one family. Off by
/// default: the symbol grains then serve <c>Strategy:StudentModel</c> (or the ridge baseline), pinned by configuration.
/// </summary>
public sealed class StrategyRolloutSettings
{
    /// <summary>True: the symbol grains serve the family's live/canary version and its shadow version from the registry
    /// under <c>&lt;Storage:Path&gt;/registry</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>The registry family served (default <c>student</c>).</summary>
    public string Family { get; set; } = "student";

    /// <summary>Milliseconds between two reads of the assignment by a symbol grain (≥ 0; 0: every batch). Default 1000.</summary>
    public int PollIntervalMilliseconds { get; set; } = 1000;

    /// <summary>Fraction of symbols a canary trades, in [0, 1]. Default 0.5.</summary>
    public double CanaryShare { get; set; } = 0.5;

    /// <summary>Seconds between two automatic evaluations of the rules (≤ 0: only on request). Default 60.</summary>
    public int EvaluateIntervalSeconds { get; set; } = 60;

    /// <summary>The account whose orders and fills are monitored; empty: <c>Replay:Account</c>.</summary>
    public string? Account { get; set; }

    /// <summary>Fewest monitored predictions before any automatic decision (<see cref="RolloutSettings.MinObservations"/>). Default 500.</summary>
    public int MinObservations { get; set; } = 500;

    /// <summary>Largest PSI of an input feature against the training reference. Default 4: above the day-to-day drift
    /// of IBM's inputs measured between consecutive days (PSI 2.26, docs/rollout.md), below a change of symbol (7.4 and
    /// more); the textbook 0.25 (<see cref="RolloutSettings.FeaturePsiMax"/>) fires on every ordinary day.</summary>
    public double FeaturePsiMax { get; set; } = 4;

    /// <summary>Largest PSI of the predictions against the training reference. Default 4 (as the features').</summary>
    public double PredictionPsiMax { get; set; } = 4;

    /// <summary>Largest KS statistic D of an input feature. Default 0.5: above the day-to-day D of IBM's inputs
    /// (0.36), below a change of symbol (0.85 and more).</summary>
    public double FeatureKsMaxStatistic { get; set; } = 0.5;

    /// <summary>Largest KS statistic D of the predictions. Default 0.5 (as the features').</summary>
    public double PredictionKsMaxStatistic { get; set; } = 0.5;

    /// <summary>A KS rule fires only below this p-value. Default 0.01.</summary>
    public double KsSignificance { get; set; } = 0.01;

    /// <summary>Largest share of rejected orders. Default 0.05.</summary>
    public double MaxRejectRate { get; set; } = 0.05;

    /// <summary>Largest mean adverse slippage against the decision price, basis points. Default 10.</summary>
    public double MaxSlippageBp { get; set; } = 10;

    /// <summary>Fewest orders (fills) before the reject-rate (slippage) rule is judged. Default 30.</summary>
    public int MinOrders { get; set; } = 30;

    /// <summary>Failed monitored gate evaluations in a row that roll a version back. Default 3.</summary>
    public int ConsecutiveGateFailures { get; set; } = 3;

    /// <summary>The rules' thresholds.</summary>
    /// <returns>The <see cref="RolloutSettings"/>.</returns>
    public RolloutSettings Rules() => new()
    {
        MinObservations = MinObservations,
        FeaturePsiMax = FeaturePsiMax,
        PredictionPsiMax = PredictionPsiMax,
        FeatureKsMaxStatistic = FeatureKsMaxStatistic,
        PredictionKsMaxStatistic = PredictionKsMaxStatistic,
        KsSignificance = KsSignificance,
        MaxRejectRate = MaxRejectRate,
        MaxSlippageBp = MaxSlippageBp,
        MinOrders = MinOrders,
        ConsecutiveGateFailuresBeforeRollback = ConsecutiveGateFailures,
    };

    /// <summary>The grains' rollout options for a silo, or null when not enabled.</summary>
    /// <param name="settings">The silo's settings (storage path, ports, horizon, runtime, replay account).</param>
    /// <returns>The options, or null.</returns>
    public StudentRolloutOptions? ToOptions(SiloSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!Enabled)
        {
            return null;
        }

        var storage = Path.GetFullPath(settings.Storage.Path);
        var catalog = new ServedStudentCatalog(
            Hosting.GridSiloConfiguration.ModelRegistry(settings),
            Path.Combine(storage, "serving", settings.Grid.SiloPort.ToString(CultureInfo.InvariantCulture)),
            TimeSpan.FromSeconds(settings.Strategy.HorizonSeconds),
            Learning.Models.StudentRuntimes.Parse(settings.Strategy.StudentRuntime));
        return new StudentRolloutOptions
        {
            Family = Family,
            Catalog = catalog,
            PollInterval = TimeSpan.FromMilliseconds(PollIntervalMilliseconds),
            CanaryShare = CanaryShare,
            EvaluateInterval = TimeSpan.FromSeconds(EvaluateIntervalSeconds),
            Account = string.IsNullOrWhiteSpace(Account) ? settings.Replay.Account : Account,
            Rules = Rules(),
            ShadowLogFolder = Path.Combine(storage, "rollout"),
        };
    }

    internal IEnumerable<string> Validate(StrategySettings strategy)
    {
        if (!Enabled)
        {
            yield break;
        }

        string? family = null;
        try
        {
            FamilyRegistry.CheckFamily(Family);
        }
        catch (ArgumentException e)
        {
            family = $"Strategy:Rollout:Family: {e.Message}";
        }

        if (family is not null)
        {
            yield return family;
        }

        if (PollIntervalMilliseconds < 0)
        {
            yield return $"Strategy:Rollout:PollIntervalMilliseconds must be ≥ 0, got {PollIntervalMilliseconds}.";
        }

        if (!(CanaryShare >= 0 && CanaryShare <= 1))
        {
            yield return $"Strategy:Rollout:CanaryShare must lie in [0, 1], got {CanaryShare.ToString(CultureInfo.InvariantCulture)}.";
        }

        string? rules = null;
        try
        {
            Rules().Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            rules = $"Strategy:Rollout: {e.Message}";
        }

        if (rules is not null)
        {
            yield return rules;
        }

        if (!string.IsNullOrWhiteSpace(strategy.StudentModel))
        {
            yield return "Strategy:Rollout:Enabled is true and Strategy:StudentModel is set: with a rollout the registry decides which student serves; unset one of them.";
        }

        if (strategy.StudentAdaptation is { Enabled: true })
        {
            yield return "Strategy:Rollout:Enabled is true and Strategy:StudentAdaptation:Enabled is true: an adapted student is not a registered version, so the two do not combine; unset one of them.";
        }
    }
}
