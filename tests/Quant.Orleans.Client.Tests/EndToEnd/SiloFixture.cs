using Quant.Orleans.Client.Gateway;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Client.Tests.EndToEnd;

/// <summary>One real silo process for the end-to-end tests of a class: replaying IBM on 2013-10-07 at 200× real time
/// from its first event (04:00 New York; pre-market quotes come every few seconds of market time, a few hundredths of
/// a second here, so the venue acknowledges and fills orders at once; the regular session starts 99 s after the
/// start, the day ends after 288 s), with an IBM NBBO mid before the first test runs. The pre-market spread is wide,
/// so the price collar is set to 1,000 bps (the default 50 bps refuses a market order there); a buy limit 2% under the
/// mid stays resting. Each test trades its own account, so the tests do not see each other's orders
/// or halts. Null <see cref="Silo"/> (and a skip message) when the market data is absent.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    /// <summary>The price collar of the test silo, basis points.</summary>
    public const int CollarBps = 1000;

    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan QuotesLimit = TimeSpan.FromSeconds(60);

    internal SiloProcess? Silo { get; private set; }

    public string? MissingData { get; private set; }

    public string Gateway => Silo!.Gateway;

    public async ValueTask InitializeAsync()
    {
        var ibm = TestData.Root is null ? null : Path.Combine(TestData.Root, "lean", "equity", "usa", "tick", "ibm");
        if (ibm is null || !Directory.Exists(ibm))
        {
            MissingData = $"Real market data not found: expected '{ibm ?? "../shared/data"}' (or the QUANT_TEST_DATA variable).";
            return;
        }

        Silo = SiloProcess.Start(Path.Combine(TestData.Root!, "lean"), "IBM", "2013-10-07", speed: 200, new Dictionary<string, string> { ["Risk:PriceCollarBps"] = CollarBps.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await Silo.WaitHealthyAsync(StartLimit);
        await Silo.WaitForMidAsync("IBM", QuotesLimit);
    }

    /// <summary>The IBM mid now, USD.</summary>
    /// <summary>Skips the calling test when the market data is absent.</summary>
    public void RequireSilo()
    {
        if (Silo is null)
        {
            Assert.Skip(MissingData ?? "no silo");
        }
    }

    public async Task<decimal> MidAsync()
    {
        using var client = new GatewayClient(new Uri(Gateway));
        return (decimal)(await client.GetSymbolAsync("IBM")).LastMid;
    }

    public async ValueTask DisposeAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
        }
    }
}
