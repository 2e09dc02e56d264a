using Quant.Orleans.Core;
using Quant.Orleans.Testing;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;
using Quant.Orleans.Trading.Sizing;
using Quant.Orleans.Trading.Tests.Accounts;

namespace Quant.Orleans.Trading.Tests.Sizing;

/// <summary>
/// Policy sizing in <see cref="PortfolioBook"/> and <see cref="AccountEngine"/>: a linear Beta head with fixed weights
/// (<see cref="LinearBetaHead"/>, written out here independently of Learning's head) gives the hand-computed quantity
/// (<c>policy_hand_values.py</c>), the risk engine still checks the order, and every signal order carries its audit
/// trail (method, p, model version) through the record, the journal and the snapshot.
/// </summary>
public sealed class PolicySizingBookTests
{
    /// <summary>p is computed in double from a float32 state: one float32 rounding per column.</summary>
    private const double PositionTolerance = 1e-6;

    private static readonly Symbol Ibm = new("IBM");
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    private static Quote Nbbo(long millis, decimal bid, decimal ask) =>
        new(Ibm, AccountRig.At(millis), Price.FromDecimal(bid), Quantity.FromUnits(5_000), Price.FromDecimal(ask), Quantity.FromUnits(5_000));

    private static PortfolioBookOptions Options(PolicySizing? policy) => new()
    {
        InitialCash = 1_000_000m,
        Sizing = new KellySizingOptions(0.25, 0.10, 100_000m, allowShort: true),
        Policy = policy,
    };

    private static PolicySizing Policy() => new("beta-test", () => new LinearBetaHead());

    [Fact]
    public void APolicyBuysPTimesTheBudgetThenSellsToItsNextTarget()
    {
        var book = new PortfolioBook("ACC", Options(Policy()));
        Assert.Equal("policy@beta-test", book.SizingMethod);

        // state [2, 0.2554, 0.3, 1.5492]; alpha 3.35021, beta 1.51935, p = 0.375981; 0.375981 x 100,000 / 100 = 375.98
        var up = book.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, 5e-6, "student@s1"));
        Assert.NotNull(up);
        Assert.True(up.Value.Check.IsAccepted, up.Value.Check.Text);
        Assert.Equal((Side.Buy, Quantity.FromUnits(375), Price.FromDecimal(100.01m)), (up.Value.Order.Side, up.Value.Order.Quantity, up.Value.Order.LimitPrice!.Value));
        var audit = book.Oms.Find(up.Value.Order.ClOrdId)!.ToRecord().Sizing;
        Assert.NotNull(audit);
        Assert.Equal(("policy@beta-test", "student@s1"), (audit.Method, audit.SignalModelVersion));
        Tolerance.AssertClose(0.3759811135821624, audit.PolicyPosition, PositionTolerance, "p");

        // state [-3, 0.2554, -0.3, 1.5492]: p = -0.184390, target trunc(-184.39) = -184; working +375: sell 559
        var down = book.OnForecast(Nbbo(1_000, 99.99m, 100.01m), new SizingForecast(-0.003, 0.001, Minute, 2e-4, -5e-6, "student@s1"));
        Assert.NotNull(down);
        Assert.Equal((Side.Sell, Quantity.FromUnits(559), Price.FromDecimal(99.99m)), (down.Value.Order.Side, down.Value.Order.Quantity, down.Value.Order.LimitPrice!.Value));
        Tolerance.AssertClose(-0.18439020392357347, book.Oms.Find(down.Value.Order.ClOrdId)!.ToRecord().Sizing!.PolicyPosition, PositionTolerance, "p");
        Assert.Equal(0, book.PolicyRefusals);
    }

    [Fact]
    public void TheStateTheHeadSeesIsThePolicyStateOfTheForecast()
    {
        var head = new LinearBetaHead();
        var book = new PortfolioBook("ACC", Options(new PolicySizing("beta-test", () => head)));
        book.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, 5e-6, "m"));
        var expected = new float[PolicyState.Width];
        PolicyState.Write(0.002, 0.001, Minute, 2e-4, 5e-6, expected);
        Assert.Equal(expected, head.LastState);
    }

    [Fact]
    public void AForecastThePolicyCannotReadIsNotSizedAndIsCounted()
    {
        var book = new PortfolioBook("ACC", Options(Policy()));
        Assert.Null(book.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, double.NaN, "m"))); // no trend
        Assert.Null(book.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, TimeSpan.Zero, 2e-4, 5e-6, "m"))); // no horizon
        Assert.Null(book.OnForecast(Nbbo(0, 99.99m, 100.01m), 0.002, 0.001)); // the Kelly-only overload carries neither
        Assert.Equal(3, book.PolicyRefusals);
        Assert.Empty(book.Orders);

        var broken = new PortfolioBook("ACC", Options(new PolicySizing("nan", () => new ConstantPolicy(double.NaN))));
        Assert.Null(broken.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, 5e-6, "m")));
        Assert.Equal(1, broken.PolicyRefusals);
    }

    [Fact]
    public void AChangeBelowTheRebalanceThresholdGivesNoOrder()
    {
        // the threshold is 0.25 x 100,000 / 100 = 250 units: p = 0.2 targets 200
        var book = new PortfolioBook("ACC", Options(new PolicySizing("c", () => new ConstantPolicy(0.2))));
        Assert.Null(book.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, 5e-6, "m")));
        var bigger = new PortfolioBook("ACC", Options(new PolicySizing("c", () => new ConstantPolicy(0.3))));
        Assert.Equal(Quantity.FromUnits(300), bigger.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, 5e-6, "m"))!.Value.Order.Quantity);
    }

    [Fact]
    public void TheRiskEngineHasTheLastWord()
    {
        // a full-budget policy order of 1,000 units against a per-order limit of 2,000 notional: clipped to 19 units
        // (floor(2,000 / 100.01)), and with a restricted symbol rejected
        var clipped = new PortfolioBook("ACC", Options(new PolicySizing("c", () => new ConstantPolicy(1.0))) with
        {
            Limits = new PreTradeLimits(Quantity.FromUnits(5_000), 2_000m, 50m),
            MinimumRebalanceFraction = 0,
        });
        Assert.Equal(Quantity.FromUnits(19), clipped.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, 5e-6, "m"))!.Value.Order.Quantity);

        var restricted = new PortfolioBook("ACC", Options(new PolicySizing("c", () => new ConstantPolicy(1.0))) with
        {
            Risk = new RiskLimits { RestrictedSymbols = [Ibm] },
        });
        var rejected = restricted.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.001, Minute, 2e-4, 5e-6, "m"))!.Value;
        Assert.False(rejected.Check.IsAccepted);
        var record = restricted.Oms.Find(rejected.Order.ClOrdId)!.ToRecord();
        Assert.Equal(OrdStatus.Rejected, record.Status);
        Assert.Equal(("policy@c", 1.0), (record.Sizing!.Method, record.Sizing.PolicyPosition)); // audited even when rejected
    }

    [Fact]
    public void KellyOrdersAreUnchangedAndAuditedAsKellyWithNaN()
    {
        var plain = new PortfolioBook("ACC", Options(null));
        var forecast = new PortfolioBook("ACC", Options(null));
        var a = plain.OnForecast(Nbbo(0, 99.99m, 100.01m), 0.002, 0.01);
        var b = forecast.OnForecast(Nbbo(0, 99.99m, 100.01m), new SizingForecast(0.002, 0.01, Minute, 2e-4, double.NaN, "ridge-baseline@2013-10-07"));
        Assert.Equal(a!.Value.Order, b!.Value.Order);

        // quarter Kelly: 0.25 x 0.002 / 0.0001 = 5, capped at 0.10 of 1,000,000 = 100,000, / 100 = 1,000 units
        Assert.Equal(Quantity.FromUnits(1_000), a.Value.Order.Quantity);
        var audit = forecast.Oms.Find(b.Value.Order.ClOrdId)!.ToRecord().Sizing!;
        Assert.Equal(SizingAudit.Kelly, audit.Method);
        Assert.True(double.IsNaN(audit.PolicyPosition));
        Assert.Equal("ridge-baseline@2013-10-07", audit.SignalModelVersion);
        Assert.Equal(string.Empty, plain.Oms.Find(a.Value.Order.ClOrdId)!.ToRecord().Sizing!.SignalModelVersion);
        Assert.Equal(0, forecast.PolicyRefusals);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheAuditTrailSurvivesTheJournalAndTheSnapshot(bool policy)
    {
        using var rig = new AccountRig(journal: true);
        var options = AccountRig.Options with { Policy = policy ? Policy() : null, Sizing = new KellySizingOptions(0.25, 0.10, 100_000m, allowShort: true) };
        AccountEngine NewEngine() => new(AccountRig.Account, options, AccountRig.VenueName, rig.Host.Session(AccountRig.Account), rig.Events, rig.Clock, rig.JournalStore);
        rig.Engine.Dispose();
        rig.Engine = NewEngine();
        await rig.Engine.RecoverAsync();
        var nbbo = AccountRig.Nbbo(0, 99.99m, 100.01m);
        await rig.Quote(nbbo);
        await rig.Engine.OnForecastsAsync([new AccountForecast(Ibm, nbbo.Time, nbbo, 0.002, 0.001, Minute, 2e-4, 5e-6, "student@s1")]);
        await rig.Engine.NewOrderAsync(AccountRig.Limit("manual-1", Side.Buy, 10, 95m));
        var orders = rig.Engine.GetOrders(workingOnly: false);
        Assert.Equal(2, orders.Length);
        var signal = orders.Single(o => o.Origin == "signal");
        if (policy)
        {
            Assert.Equal(Quantity.FromUnits(375), signal.Order.Quantity);
            Assert.Equal(("policy@beta-test", "student@s1"), (signal.Sizing!.Method, signal.Sizing.SignalModelVersion));
            Tolerance.AssertClose(0.3759811135821624, signal.Sizing.PolicyPosition, PositionTolerance, "p");
        }
        else
        {
            // quarter Kelly 0.25 x 0.002 / 0.001^2 = 500, capped at 0.10 x 1,000,000 = 100,000: 1,000 units at 100
            Assert.Equal(Quantity.FromUnits(1_000), signal.Order.Quantity);
            Assert.Equal((SizingAudit.Kelly, "student@s1"), (signal.Sizing!.Method, signal.Sizing.SignalModelVersion));
            Assert.True(double.IsNaN(signal.Sizing.PolicyPosition)); // journaled as "NaN"
        }

        Assert.Null(orders.Single(o => o.Origin == "manual").Sizing);

        rig.Engine.Dispose();
        rig.Engine = NewEngine();
        await rig.Engine.RecoverAsync(); // the journal alone
        Assert.Equal(orders, rig.Engine.GetOrders(workingOnly: false));

        var snapshot = AccountSnapshotJson.Deserialize(AccountSnapshotJson.Serialize(await rig.Engine.CaptureAsync()));
        rig.Engine.Dispose();
        rig.Engine = NewEngine();
        await rig.Engine.RecoverAsync(snapshot); // the snapshot, through its JSON
        Assert.Equal(orders, rig.Engine.GetOrders(workingOnly: false));
    }

    /// <summary>A linear Beta head written out by hand: z = W s + b, α = softplus(z₀) + 1, β = softplus(z₁) + 1,
    /// p = (α − β)/(α + β) (the same weights as <c>policy_hand_values.py</c>).</summary>
    private sealed class LinearBetaHead : IPolicyServer
    {
        private static readonly double[,] W = { { 1.0, 0.0, 0.5, 0.0 }, { 0.0, 0.1, 0.0, -0.2 } };
        private static readonly double[] B = [0.1, -0.1];

        public float[] LastState { get; } = new float[PolicyState.Width];

        public double Position(ReadOnlySpan<float> state)
        {
            state.CopyTo(LastState);
            var z = new double[2];
            for (var o = 0; o < 2; o++)
            {
                z[o] = B[o];
                for (var i = 0; i < state.Length; i++)
                {
                    z[o] += W[o, i] * state[i];
                }
            }

            var alpha = Math.Log(1 + Math.Exp(z[0])) + 1;
            var beta = Math.Log(1 + Math.Exp(z[1])) + 1;
            return (alpha - beta) / (alpha + beta);
        }
    }

    private sealed class ConstantPolicy(double p) : IPolicyServer
    {
        public double Position(ReadOnlySpan<float> state) => p;
    }
}
