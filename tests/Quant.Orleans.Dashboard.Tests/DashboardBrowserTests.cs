using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's chromium driven by Microsoft.Playwright against a real silo process that
/// replays IBM (2013-10-07) at 1000× real time. The grain counters and the PnL curve must move while the replay
/// runs; the kill switch (with its confirmation) must bring the risk state to HALTED. A full-page screenshot is saved
/// as <c>dashboard.png</c> in <see cref="ArtifactFolder"/> and attached to the test result.
/// </summary>
public sealed class DashboardBrowserTests
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(30);
    private static readonly float WaitMillis = 30_000;

    /// <summary>Where the screenshot goes: <c>QUANT_TEST_ARTIFACTS</c> when set (<c>.ci/run</c> points it at its results
    /// folder), else <c>artifacts/</c> beside the test assembly.</summary>
    public static string ArtifactFolder =>
        Environment.GetEnvironmentVariable("QUANT_TEST_ARTIFACTS") is { Length: > 0 } folder ? folder : Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>The browser: <c>QUANT_TEST_CHROMIUM</c> when set, else Debian's <c>/usr/bin/chromium</c>.</summary>
    private static string ChromiumPath =>
        Environment.GetEnvironmentVariable("QUANT_TEST_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    [Fact]
    public async Task GrainCountsAndPnlCurveMoveDuringTheReplayAndTheKillSwitchHaltsTrading()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var data = TestData.Require("lean");
        if (!File.Exists(ChromiumPath))
        {
            Assert.Skip($"Chromium not found at '{ChromiumPath}': the dashboard's browser test needs a real browser (apt-get install -y chromium, or set QUANT_TEST_CHROMIUM).");
        }

        await using var silo = ServingSilo.Start(typeof(DashboardBrowserTests).Assembly, data, "IBM", "2013-10-07", "2013-10-07", speed: 1000);
        await silo.WaitHealthyAsync(StartLimit);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1200 } });
        var console = new List<string>();
        page.Console += (_, m) => console.Add($"{m.Type}: {m.Text}");
        page.PageError += (_, e) => console.Add($"page error: {e}");
        page.SetDefaultTimeout(WaitMillis);
        await page.GotoAsync(new Uri(silo.Url, "/dashboard").ToString());

        try
        {
            // The first snapshot arrives over the event stream: grains are active and calls are counted.
            await page.WaitForFunctionAsync("() => Number(document.getElementById('sequence').textContent) >= 1");
            await page.WaitForFunctionAsync("() => Number(document.getElementById('grain-total-activations').textContent.replace(/,/g, '')) > 0");
            await page.WaitForFunctionAsync("() => document.getElementById('pnl-last-time').textContent !== '–'");
            var calls = Count(await page.TextContentAsync("#grain-total-calls"));
            var curveEnd = await page.TextContentAsync("#pnl-last-time");
            var sequence = Count(await page.TextContentAsync("#sequence"));

            // While the replay runs, later snapshots show more grain calls and a PnL curve that reaches further.
            await page.WaitForFunctionAsync(
                "([calls, end, seq]) => Number(document.getElementById('grain-total-calls').textContent.replace(/,/g, '')) > calls"
                + " && document.getElementById('pnl-last-time').textContent !== end"
                + " && Number(document.getElementById('sequence').textContent) > seq",
                new object[] { calls, curveEnd!, sequence });
            Assert.True(Count(await page.TextContentAsync("#grain-total-calls")) > calls);
            Assert.True(string.CompareOrdinal(await page.TextContentAsync("#pnl-last-time"), curveEnd) > 0, "the PnL curve's last point must move forward in market time");
            Assert.True(await page.Locator("#symbols .symbol[data-symbol='IBM'] svg path").CountAsync() >= 1, "the IBM chart must draw the mid");

            // The training panel lists the student family's run (idle: nothing was asked to train).
            await page.WaitForFunctionAsync("() => document.getElementById('training-state-student') !== null");
            Assert.Equal("Idle", await page.TextContentAsync("#training-state-student"));

            // The kill switch asks for confirmation, then the risk engine reports HALTED.
            await page.ClickAsync("#kill-button");
            Assert.True(await page.IsVisibleAsync("#kill-dialog"));
            await page.ClickAsync("#kill-confirm");
            await page.WaitForFunctionAsync("() => document.getElementById('risk-state') && document.getElementById('risk-state').textContent === 'HALTED'");
            Assert.Equal("HALTED", await page.TextContentAsync("#risk-state"));

            using var http = new HttpClient { BaseAddress = silo.Url, Timeout = TimeSpan.FromSeconds(10) };
            var risk = await http.GetFromJsonAsync<JsonElement>("/api/risk");
            Assert.NotEqual(0, risk.GetArrayLength());
            Assert.All(risk.EnumerateArray(), r => Assert.Equal("Halted", r.GetProperty("state").GetString()));
        }
        catch (Exception e) when (e is TimeoutException or PlaywrightException)
        {
            Assert.Fail($"{e.Message}\nbrowser console:\n{string.Join('\n', console)}\nsilo output:\n{silo.Log}");
        }
        finally
        {
            Directory.CreateDirectory(ArtifactFolder);
            var shot = Path.Combine(ArtifactFolder, "dashboard.png");
            var png = await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            TestContext.Current.AddAttachment("dashboard.png", png, "image/png");
            TestContext.Current.SendDiagnosticMessage($"dashboard screenshot: {shot}");
        }
    }

    private static long Count(string? text) => long.Parse(text ?? "", NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
