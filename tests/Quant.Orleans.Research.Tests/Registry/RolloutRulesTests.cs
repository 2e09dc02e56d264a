using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Research.Tests.Registry;

public sealed class RolloutRulesTests
{
    private const int N = 1000;

    /// <summary>n standard normal values from a seeded generator (Box–Muller), shifted by <paramref name="mean"/>.</summary>
    private static double[] Normal(int seed, int n, double mean = 0, double sd = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => mean + (sd * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))).ToArray();
    }

    private static FillSlippage[] Fills(int count, decimal slippageBp) =>
        Enumerable.Range(0, count).Select(i => new FillSlippage(i % 2 == 0 ? 1 : -1, 100m, 100m + ((i % 2 == 0 ? 1 : -1) * slippageBp / 100m), 10m)).ToArray();

    /// <summary>A healthy canary: the served features and predictions are new draws of the reference distribution.</summary>
    private static RolloutObservations Healthy() => new(
        "3fa94c0d1be27a55",
        RegistryStage.Canary,
        [true, false, true, true],
        [new DriftSample("spread", Normal(1, 5000), Normal(2, N)), new DriftSample("slope", Normal(3, 5000), Normal(4, N))],
        new DriftSample("prediction", Normal(5, 5000), Normal(6, N)),
        200,
        2,
        Fills(100, 1m));

    [Fact]
    public void AHealthyVersionIsKept()
    {
        var decision = RolloutRules.Evaluate(Healthy());
        Assert.Equal(RolloutAction.Keep, decision.Action);
        Assert.Empty(decision.Reasons);
        Assert.Equal(N, decision.Observations);
    }

    [Fact]
    public void TooFewObservationsGiveNoDecisionEvenWhenEverythingElseIsBad()
    {
        var few = Healthy() with
        {
            Predictions = new DriftSample("prediction", Normal(5, 5000), Normal(6, 499, mean: 3)),
            GatePasses = [false, false, false, false],
            OrdersRejected = 200,
        };
        var decision = RolloutRules.Evaluate(few);
        Assert.Equal(RolloutAction.NoDecision, decision.Action);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(("min_observations", 499.0, 500.0), (reason.Rule, reason.Value, reason.Threshold));
        Assert.Equal(RolloutAction.Rollback, RolloutRules.Evaluate(few, new RolloutSettings { MinObservations = 499 }).Action);
    }

    [Fact]
    public void ConsecutiveGateFailuresCountOnlyTheLatestRun()
    {
        var three = RolloutRules.Evaluate(Healthy() with { GatePasses = [false, false, true, false, false, false] });
        var reason = Assert.Single(three.Reasons);
        Assert.Equal(("consecutive_gate_failures", 3.0), (reason.Rule, reason.Value));
        Assert.Equal(RolloutAction.Keep, RolloutRules.Evaluate(Healthy() with { GatePasses = [false, false, false, true, false, false] }).Action);
    }

    [Fact]
    public void AShiftedFeatureFiresPsiAndKsNamingTheFeature()
    {
        var o = Healthy();
        o = o with { Features = [o.Features[0], new DriftSample("slope", Normal(3, 5000), Normal(4, N, mean: 1.0))] };
        var decision = RolloutRules.Evaluate(o);
        Assert.Equal(RolloutAction.Rollback, decision.Action);
        Assert.Equal([("feature_psi", "slope"), ("feature_ks", "slope")], decision.Reasons.Select(r => (r.Rule, r.Subject)));
        Assert.All(decision.Reasons, r => Assert.True(r.Value > r.Threshold));
    }

    [Fact]
    public void AWiderPredictionDistributionFiresThePredictionRules()
    {
        var decision = RolloutRules.Evaluate(Healthy() with { Predictions = new DriftSample("prediction", Normal(5, 5000), Normal(6, N, sd: 2.5)) });
        Assert.Equal(["prediction_psi", "prediction_ks"], decision.Reasons.Select(r => r.Rule));
    }

    [Fact]
    public void KsNeedsBothALargeStatisticAndASmallPValue()
    {
        // A 0.15 sd shift over 1,000 points: D near 0.06, p far below 0.01, PSI small. Significant but below the D threshold: no trigger.
        var shifted = Healthy() with { Predictions = new DriftSample("prediction", Normal(5, 5000), Normal(6, N, mean: 0.15)) };
        Assert.Equal(RolloutAction.Keep, RolloutRules.Evaluate(shifted).Action);
        var strict = RolloutRules.Evaluate(shifted, new RolloutSettings { PredictionKsMaxStatistic = 0.03 });
        Assert.Equal("prediction_ks", Assert.Single(strict.Reasons).Rule);
        Assert.Equal(RolloutAction.Keep, RolloutRules.Evaluate(shifted, new RolloutSettings { PredictionKsMaxStatistic = 0.03, KsSignificance = 1e-30 }).Action);
    }

    [Fact]
    public void RejectRateAndSlippageFireAboveTheirMaximaAndOnlyWithEnoughOrders()
    {
        var decision = RolloutRules.Evaluate(Healthy() with { OrdersSent = 100, OrdersRejected = 6, Fills = Fills(40, 12m) });
        Assert.Equal(RolloutAction.Rollback, decision.Action);
        Assert.Equal(["reject_rate", "slippage_bp"], decision.Reasons.Select(r => r.Rule));
        Assert.Equal(0.06, decision.Reasons[0].Value, 15);
        Assert.Equal(12.0, decision.Reasons[1].Value, 9);
        Assert.Contains("reject_rate orders: 6 of 100 orders rejected", decision.ToString(), StringComparison.Ordinal);

        // 29 orders and 29 fills: below MinOrders (30), neither rule is judged.
        Assert.Equal(RolloutAction.Keep, RolloutRules.Evaluate(Healthy() with { OrdersSent = 29, OrdersRejected = 29, Fills = Fills(29, 50m) }).Action);

        // Favourable slippage (negative) never fires.
        Assert.Equal(RolloutAction.Keep, RolloutRules.Evaluate(Healthy() with { Fills = Fills(40, -30m) }).Action);
    }

    [Fact]
    public void EveryReasonThatFiredIsReported()
    {
        var o = Healthy() with
        {
            GatePasses = [false, false, false],
            Predictions = new DriftSample("prediction", Normal(5, 5000), Normal(6, N, mean: 2)),
            OrdersSent = 50,
            OrdersRejected = 10,
            Fills = Fills(50, 20m),
        };
        var decision = RolloutRules.Evaluate(o);
        Assert.Equal(["consecutive_gate_failures", "prediction_psi", "prediction_ks", "reject_rate", "slippage_bp"], decision.Reasons.Select(r => r.Rule));
    }

    [Fact]
    public void BadObservationsAndSettingsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => RolloutRules.Evaluate(Healthy() with { Stage = RegistryStage.Shadow }));
        Assert.Throws<ArgumentException>(() => RolloutRules.Evaluate(Healthy() with { OrdersRejected = 300 }));
        Assert.Throws<ArgumentException>(() => RolloutRules.Evaluate(Healthy() with { Fills = [new FillSlippage(0, 100m, 100m, 1m)] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => RolloutRules.Evaluate(Healthy(), new RolloutSettings { MaxRejectRate = 1.5 }));
        var nan = Healthy() with { Predictions = new DriftSample("prediction", Normal(5, 5000), [.. Normal(6, N - 1), double.NaN]) };
        Assert.Contains("current[999]", Assert.Throws<ArgumentException>(() => RolloutRules.Evaluate(nan)).Message, StringComparison.Ordinal);
    }
}
