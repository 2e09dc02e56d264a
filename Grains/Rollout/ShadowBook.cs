using System.Globalization;
using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Sizing;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Grains.Rollout;

/// <summary>One would-be order of a shadow version.</summary>
/// <param name="VersionId">The shadow version.</param>
/// <param name="Symbol">The symbol.</param>
/// <param name="Time">Decision time, UTC nanoseconds.</param>
/// <param name="Side"><c>buy</c> or <c>sell</c>.</param>
/// <param name="Quantity">Units.</param>
/// <param name="LimitPrice">The touch it would have crossed (ask for a buy, bid for a sell), price units.</param>
/// <param name="ExpectedLogReturn">The shadow's μ.</param>
/// <param name="NoiseStandardDeviation">The shadow's σ.</param>
public sealed record ShadowOrder(string VersionId, string Symbol, long Time, string Side, long Quantity, decimal LimitPrice, double ExpectedLogReturn, double NoiseStandardDeviation)
{
    /// <summary>The CSV header of <see cref="ToCsv"/>.</summary>
    public const string CsvHeader = "version,symbol,time_ns,side,quantity,limit_price,expected_log_return,noise_sd";

    /// <summary>One CSV line (invariant culture, round-trip doubles).</summary>
    /// <returns>The line, without a newline.</returns>
    public string ToCsv() => string.Create(CultureInfo.InvariantCulture, $"{VersionId},{Symbol},{Time},{Side},{Quantity},{LimitPrice},{ExpectedLogReturn:R},{NoiseStandardDeviation:R}");
}

/// <summary>
/// The book a shadow version would have traded: the account's sizing (fractional Kelly on the Gaussian forecast,
/// <see cref="KellySizer.SizeGaussian"/>, against its own equity and positions), the same minimum rebalance and the
/// same per-order clip as the account's signal orders (<see cref="PortfolioBook"/>), and each order assumed filled at
/// the touch it would have crossed, paying the venue's fee schedule (<see cref="FeeSchedule.Compute"/>, the fees the
/// account's fills pay). It sends nothing: it is the record of what the version would have done, marked to the mid of
/// its last signal per symbol.
/// </summary>
public sealed class ShadowBook
{
    private readonly PortfolioBookOptions _options;
    private readonly KellySizer _sizer;
    private readonly FeeSchedule _fees;
    private readonly Dictionary<string, (long Units, decimal Mid)> _positions = new(StringComparer.Ordinal);
    private decimal _cash;

    /// <summary>Creates an empty book with the account's starting cash.</summary>
    /// <param name="options">The account's sizing, limits and starting cash.</param>
    /// <param name="fees">The venue's fee schedule each would-be order pays; none when null.</param>
    public ShadowBook(PortfolioBookOptions options, FeeSchedule? fees = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _fees = fees ?? FeeSchedule.Free;
        _sizer = new KellySizer(options.Sizing);
        _cash = options.InitialCash;
    }

    /// <summary>Would-be orders so far.</summary>
    public int Orders { get; private set; }

    /// <summary>Fees the would-be orders paid so far, quote currency (included in <see cref="ProfitAndLoss"/>).</summary>
    public decimal Fees { get; private set; }

    /// <summary>Equity minus starting cash, quote currency (positions marked at their last mid, fees paid).</summary>
    public decimal ProfitAndLoss => Equity - _options.InitialCash;

    private decimal Equity => _cash + _positions.Values.Sum(p => p.Units * p.Mid);

    /// <summary>Sizes one shadow signal; returns the order it would have sent, or null (gated out, no change, or below
    /// the minimum rebalance).</summary>
    /// <param name="versionId">The shadow version.</param>
    /// <param name="signal">The signal.</param>
    /// <returns>The would-be order, or null.</returns>
    public ShadowOrder? OnSignal(string versionId, ShadowSignal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!(signal.Bid > 0 && signal.Ask >= signal.Bid) || !(signal.NoiseStandardDeviation > 0) || !double.IsFinite(signal.ExpectedLogReturn))
        {
            return null;
        }

        var mid = (signal.Bid + signal.Ask) / 2m;
        var held = _positions.TryGetValue(signal.Symbol, out var p) ? p.Units : 0;
        _positions[signal.Symbol] = (held, mid);
        if (!signal.RegimePassed || !signal.RulePassed)
        {
            return null;
        }

        var change = _sizer.SizeGaussian(signal.ExpectedLogReturn, signal.NoiseStandardDeviation * signal.NoiseStandardDeviation, Equity, mid, Quantity.FromUnits(held));
        var minimumUnits = _options.Sizing.MaxNotional * (decimal)_options.MinimumRebalanceFraction / mid;
        if (change.IsNoOp || change.OrderQuantity.ToDecimal() < Math.Max(1m, decimal.Floor(minimumUnits)))
        {
            return null;
        }

        var buy = change.OrderSide == Side.Buy;
        var price = buy ? signal.Ask : signal.Bid;
        var limits = _options.Risk.Order;
        var byNotional = Quantity.FromUnits((long)decimal.Floor(limits.MaxOrderNotional / price));
        var quantity = Quantity.Min(change.OrderQuantity, Quantity.Min(limits.MaxOrderQuantity, byNotional));
        var units = (long)quantity.ToDecimal();
        if (units <= 0)
        {
            return null;
        }

        var signed = buy ? units : -units;
        var fee = _fees.Compute(Quantity.FromUnits(units), Price.FromDecimal(price));
        _cash -= (signed * price) + fee;
        Fees += fee;
        _positions[signal.Symbol] = (held + signed, mid);
        Orders++;
        return new ShadowOrder(versionId, signal.Symbol, signal.Time, buy ? "buy" : "sell", units, price, signal.ExpectedLogReturn, signal.NoiseStandardDeviation);
    }
}
