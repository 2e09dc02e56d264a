namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// How a signal order was sized, kept with the order (its record, snapshot, journal entry and the replay's orders.csv):
/// the audit trail of the sizing decision.
/// </summary>
/// <param name="Method"><c>kelly</c> (<see cref="Kelly"/>) or <c>policy@&lt;version&gt;</c> (<see cref="PolicySizing.Method"/>).</param>
/// <param name="PolicyPosition">The policy's serving position p ∈ [−1, 1] that set the target; NaN for Kelly.</param>
/// <param name="SignalModelVersion">The forecasting model of the signal (<c>Signal.ModelVersion</c>, e.g.
/// <c>ridge-baseline@2013-10-07</c>); empty when the caller gave none.</param>
public sealed record SizingAudit(
    string Method,
    [property: System.Text.Json.Serialization.JsonNumberHandling(System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals)]
    double PolicyPosition,
    string SignalModelVersion)
{
    /// <summary>The method name of fractional-Kelly sizing.</summary>
    public const string Kelly = "kelly";

    /// <summary>The prefix of a policy's method name.</summary>
    public const string PolicyPrefix = "policy@";

    /// <summary>A Kelly-sized signal order with no model version: what every signal order journaled before the audit
    /// trail existed was. The journal omits exactly this audit (so a Kelly account without model versions writes the
    /// journal it wrote before) and recovery gives it back to a signal order journaled without one.</summary>
    public static SizingAudit UnversionedKelly { get; } = new(Kelly, double.NaN, string.Empty);
}
