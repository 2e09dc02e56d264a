namespace Quant.Orleans.Research.Registry;

/// <summary>A monitored quantity: its reference sample (training rows, or the validation predictions) and what the
/// version saw while serving.</summary>
/// <param name="Name">Feature name, or <c>prediction</c>.</param>
/// <param name="Reference">Reference sample, finite values.</param>
/// <param name="Current">Monitored sample, finite values.</param>
public sealed record DriftSample(string Name, double[] Reference, double[] Current);

/// <summary>One fill with the price the decision was made at.</summary>
/// <param name="Side">+1 for a buy, −1 for a sell.</param>
/// <param name="DecisionPrice">The price when the signal was decided (e.g. the mid), price units, &gt; 0.</param>
/// <param name="FillPrice">The executed price, price units, &gt; 0.</param>
/// <param name="Quantity">Filled quantity, &gt; 0.</param>
public sealed record FillSlippage(int Side, decimal DecisionPrice, decimal FillPrice, decimal Quantity)
{
    /// <summary>Adverse slippage in basis points: <c>Side · (FillPrice − DecisionPrice) / DecisionPrice · 10⁴</c>
    /// (positive = paid more on a buy, received less on a sell).</summary>
    public double Bp => (double)(Side * (FillPrice - DecisionPrice) / DecisionPrice * 10_000m);
}

/// <summary>What was monitored of a canary or live version since it entered its stage.</summary>
/// <param name="VersionId">The version.</param>
/// <param name="Stage">Its stage: canary or live.</param>
/// <param name="GatePasses">Outcome of each monitored gate evaluation (<see cref="Gates.GateReport.Promote"/>), oldest first.</param>
/// <param name="Features">Input features: training sample against served sample.</param>
/// <param name="Predictions">Predictions: validation sample against served sample; its current length is the number of
/// monitored observations.</param>
/// <param name="OrdersSent">Orders sent on the version's signals.</param>
/// <param name="OrdersRejected">Of those, orders the venue or the risk checks rejected.</param>
/// <param name="Fills">Fills on the version's signals.</param>
public sealed record RolloutObservations(
    string VersionId,
    RegistryStage Stage,
    bool[] GatePasses,
    DriftSample[] Features,
    DriftSample Predictions,
    int OrdersSent,
    int OrdersRejected,
    FillSlippage[] Fills);
