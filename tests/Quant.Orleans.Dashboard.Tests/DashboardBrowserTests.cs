using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Gates;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Dashboard.Tests;

/// <summary>
/// The dashboard in a real browser: Debian's chromium driven by Microsoft.Playwright against a real silo process that
/// replays IBM (2013-10-07) at 1000× real time. The grain counters and the PnL curve must move while the replay
/// runs; the kill switch (with its confirmation) must bring the risk state to HALTED; the rollout panel shows the
/// rollout off, or, on a silo with <c>Strategy:Rollout:Enabled</c>, its assignment, journal and decisions. Full-page
/// screenshots are saved as <c>dashboard.png</c> and <c>dashboard-rollout.png</c> in <see cref="ArtifactFolder"/> and
/// attached to the test results.
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

        await using var silo = ServingSilo.Start(typeof(DashboardBrowserTests).Assembly, data, "IBM", "2013-10-07", "2013-10-07", speed: 1000, new Dictionary<string, string> { ["Training:Model"] = "tiny" });
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

            // "Train now" starts the family's run (POST /api/training/student/run), as `quant train now` does; the panel
            // then shows the run (one replayed day: the tiny pipeline runs or stops at the step that needs two days).
            await page.ClickAsync("#train-now-student");
            await page.WaitForFunctionAsync("() => document.getElementById('training-result') && document.getElementById('training-result').textContent.startsWith('Started student')");
            await page.WaitForFunctionAsync("() => document.getElementById('training-state-student') && document.getElementById('training-state-student').textContent !== 'Idle'");
            using var trainingHttp = new HttpClient { BaseAddress = silo.Url, Timeout = TimeSpan.FromSeconds(10) };
            var training = await trainingHttp.GetFromJsonAsync<JsonElement>("/api/training");
            var student = training.GetProperty("families").EnumerateArray().Single(f => f.GetProperty("family").GetString() == "student");
            Assert.Equal("on-demand", student.GetProperty("trigger").GetString());

            // The rollout panel says the rollout is off (Strategy:Rollout:Enabled is not set on this silo).
            await page.WaitForFunctionAsync("() => document.getElementById('rollout-state') !== null");
            Assert.Equal("off", await page.TextContentAsync("#rollout-state"));
            Assert.Contains("Strategy:Rollout:Enabled", await page.TextContentAsync("#rollout-body"), StringComparison.Ordinal);

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
            await Screenshot(page, "dashboard.png");
        }
    }

    [Fact]
    public async Task TheRolloutPanelShowsTheAssignmentTheJournalAndTheRulesDecisions()
    {
        TestData.Require("lean/equity/usa/tick/ibm");
        var data = TestData.Require("lean");
        if (!File.Exists(ChromiumPath))
        {
            Assert.Skip($"Chromium not found at '{ChromiumPath}': the dashboard's browser test needs a real browser (apt-get install -y chromium, or set QUANT_TEST_CHROMIUM).");
        }

        // A student version registered and manually promoted to live before the silo starts (as 'quant models promote
        // --manual' would); the silo serves the family with Strategy:Rollout:Enabled.
        var storage = Directory.CreateTempSubdirectory("qo-rollout-dashboard-").FullName;
        try
        {
            var registry = new FileModelRegistry(Path.Combine(storage, "registry"));
            var version = (await registry.RegisterAsync(Manifest(), new Dictionary<string, byte[]> { ["model.safetensors"] = [1, 2, 3, 4] }, "training")).VersionId;
            await registry.PromoteAsync("student", version, RegistryStage.Live, "reviewed the scores", "ops", PromotionMode.Manual);
            await using var silo = ServingSilo.Start(typeof(DashboardBrowserTests).Assembly, data, "IBM", "2013-10-07", "2013-10-07", speed: 1000, new Dictionary<string, string>
            {
                ["Storage:Path"] = storage,
                ["Strategy:Rollout:Enabled"] = "true",
                ["Strategy:Rollout:EvaluateIntervalSeconds"] = "0",
            });
            await silo.WaitHealthyAsync(StartLimit);
            await using var browser = await Browser.OpenAsync(new Uri(silo.Url, "/dashboard"));
            var page = browser.Page;
            try
            {
                await page.WaitForFunctionAsync("() => document.getElementById('rollout-state') && document.getElementById('rollout-state').textContent === 'on'");
                Assert.Equal(version, await page.TextContentAsync("#rollout-live"));
                Assert.Equal("none", await page.TextContentAsync("#rollout-shadow"));
                Assert.Equal("live", await page.TextContentAsync($"#rollout-versions tr[data-version='{version}'] td.stage"));
                Assert.Equal("no decision yet", await page.TextContentAsync("#rollout-decisions"));
                Assert.Equal(2, await page.Locator("#rollout-journal tr").CountAsync());
                var promotion = await page.TextContentAsync("#rollout-journal tr[data-sequence='2']");
                Assert.Contains("candidate → live", promotion, StringComparison.Ordinal);
                Assert.Contains("reviewed the scores", promotion, StringComparison.Ordinal);

                // The rules run on request: the live version has no drift reference, so they decide nothing, and the
                // panel shows that decision at its next refresh.
                using var http = new HttpClient { BaseAddress = silo.Url, Timeout = TimeSpan.FromSeconds(10) };
                Assert.True((await http.PostAsync(new Uri("/api/rollout/student/evaluate", UriKind.Relative), null)).IsSuccessStatusCode);
                await page.WaitForFunctionAsync("() => document.querySelectorAll('#rollout-decisions tr').length >= 1");
                Assert.Contains("no_decision", await page.TextContentAsync("#rollout-decisions"), StringComparison.Ordinal);
            }
            catch (Exception e) when (e is TimeoutException or PlaywrightException)
            {
                Assert.Fail($"{e.Message}\nbrowser console:\n{string.Join('\n', browser.Console)}\nsilo output:\n{silo.Log}");
            }
            finally
            {
                await Screenshot(page, "dashboard-rollout.png");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(storage, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the stopping silo: the temp folder is cleaned by the OS later.
            }
        }
    }

    private static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(ArtifactFolder);
        var shot = Path.Combine(ArtifactFolder, name);
        var png = await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        TestContext.Current.AddAttachment(name, png, "image/png");
        TestContext.Current.SendDiagnosticMessage($"dashboard screenshot: {shot}");
    }

    /// <summary>A production-data student manifest (its artefact is no servable model: the symbol grains log that and
    /// go without it, which the panel does not depend on).</summary>
    private static VersionManifest Manifest()
    {
        var schema = new FeatureSchema(3, ["slope", "spread", "imbalance"]);
        return new VersionManifest(
            VersionManifest.CurrentFormatVersion,
            "student",
            "chronos-student",
            schema,
            new Dictionary<string, int> { ["wavelet_ukf"] = 3 },
            new FittedScaler(FittedScaler.CurrentFormatVersion, schema, [0.1, 0.2, 0.3], [1, 2, 3], 100),
            new DataProvenance(DataRegime.ProdLive, ["IBM"], new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8), 1_000, [new RecordHash("2013-10-07/ibm.quotes", new string('a', 64))]),
            "lineage-1",
            [],
            1,
            "test",
            new string('b', 64),
            [new ModelMetric("sharpe", "daily_agg, 252 days/year", 1.2, "ok", 60, "ratio")],
            [new GateResult("min_sortino", true, "all 3 runs ≥ 1.00")],
            [],
            new DateTime(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc));
    }

    /// <summary>Headless chromium on one page of the dashboard, collecting the page's console and errors.</summary>
    private sealed class Browser : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private Browser(IPlaywright playwright, IBrowser browser, IPage page)
        {
            _playwright = playwright;
            _browser = browser;
            Page = page;
            page.Console += (_, m) => Console.Add($"{m.Type}: {m.Text}");
            page.PageError += (_, e) => Console.Add($"page error: {e}");
        }

        public IPage Page { get; }

        public List<string> Console { get; } = [];

        public static async Task<Browser> OpenAsync(Uri url)
        {
            var playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
            });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1600, Height = 1200 } });
            var opened = new Browser(playwright, browser, page);
            page.SetDefaultTimeout(WaitMillis);
            await page.GotoAsync(url.ToString());
            return opened;
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.DisposeAsync();
            _playwright.Dispose();
        }
    }

    private static long Count(string? text) => long.Parse(text ?? "", NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
}
