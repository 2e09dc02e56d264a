using System.Globalization;

namespace Quant.Orleans.Research.Trials;

/// <summary>
/// What the deflated Sharpe ratio of a candidate needs to know about the search that produced it (Bailey &amp; López
/// de Prado 2014, eq. 2): <see cref="Trials"/> N, the number of distinct configurations tried in the candidate's
/// <see cref="Family"/> (the candidate included), and <see cref="SharpeVariance"/> V[SR_n], the sample variance
/// (N−1 normalizer) of their per-period (daily, not annualised) Sharpe ratios.
/// </summary>
/// <param name="Family">The family the trials were counted in, e.g. <c>ridge-baseline/AIG,BAC,IBM/us_equity</c>.</param>
/// <param name="Trials">N ≥ 1: distinct configuration hashes recorded in the family.</param>
/// <param name="Estimated">How many of them have a per-period Sharpe estimate (at least two daily returns with a
/// non-zero standard deviation); V is computed from these.</param>
/// <param name="SharpeVariance">V[SR_n], (per-day Sharpe)², ≥ 0; null when fewer than two trials have an estimate
/// (then the deflated Sharpe of N ≥ 2 trials is undefined); 0 for N = 1.</param>
public sealed record TrialStatistics(string Family, int Trials, int Estimated, double? SharpeVariance)
{
    /// <summary>No registry: one trial, no deflation (the deflated Sharpe equals the probabilistic Sharpe, and says so).</summary>
    public static TrialStatistics Untracked { get; } = new("untracked", 1, 1, 0);

    /// <summary>Effectively computes <c>N = |distinct configurations|</c> and <c>V = Σ(SR_n − mean)² / (k − 1)</c> over
    /// the k configurations with an estimate.</summary>
    /// <param name="family">The family.</param>
    /// <param name="sharpeByConfiguration">One entry per distinct configuration: its per-period Sharpe ratio, or null
    /// when it has none.</param>
    /// <returns>The statistics.</returns>
    /// <exception cref="ArgumentException">No configuration, or a Sharpe ratio is not finite.</exception>
    public static TrialStatistics Of(string family, IReadOnlyCollection<double?> sharpeByConfiguration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(family);
        ArgumentNullException.ThrowIfNull(sharpeByConfiguration);
        if (sharpeByConfiguration.Count == 0)
        {
            throw new ArgumentException($"Family '{family}' has no trial; record the candidate before asking for its statistics.", nameof(sharpeByConfiguration));
        }

        var estimates = sharpeByConfiguration.Where(s => s is not null).Select(s => s!.Value).ToArray();
        if (estimates.Any(s => !double.IsFinite(s)))
        {
            throw new ArgumentException($"Family '{family}' has a trial Sharpe ratio that is not finite.", nameof(sharpeByConfiguration));
        }

        double? variance = null;
        if (sharpeByConfiguration.Count == 1)
        {
            variance = 0;
        }
        else if (estimates.Length >= 2)
        {
            var mean = estimates.Average();
            variance = estimates.Sum(s => (s - mean) * (s - mean)) / (estimates.Length - 1);
        }

        return new TrialStatistics(family, sharpeByConfiguration.Count, estimates.Length, variance);
    }

    /// <summary>e.g. <c>N=3 trials in family ridge-baseline/IBM/us_equity, V[SR]=0.0123 per day² (3 estimates)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => SharpeVariance switch
    {
        _ when Family == Untracked.Family && Trials == 1 => "N=1 trial (no trial registry: no deflation)",
        null => string.Create(CultureInfo.InvariantCulture, $"N={Trials} trials in family {Family}, V[SR] unknown ({Estimated} of {Trials} trials have a Sharpe estimate, need 2)"),
        { } v => string.Create(CultureInfo.InvariantCulture, $"N={Trials} trial{(Trials == 1 ? string.Empty : "s")} in family {Family}, V[SR]={v:G4} per day² ({Estimated} estimate{(Estimated == 1 ? string.Empty : "s")})"),
    };
}
