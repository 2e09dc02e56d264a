using System.Net;
using System.Text.Json;
using Quant.Orleans.Gateway.Contracts;

namespace Quant.Orleans.Client.Tests.Commands;

/// <summary>The <c>models journal</c> and <c>rollout</c> commands against a stub gateway whose answers are the contract
/// records serialized with the gateway's JSON rules.</summary>
public sealed class RolloutCommandTests
{
    private const string Gateway = "http://gateway.test:5080";

    private const string Live = "0ca93bc1989f9e4d";

    private const string Shadow = "5e1f00aa12345678";

    private static readonly DateTime T = new(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task JournalAsksForTheNewestLinesAndShowsEachChangeWithTimeReasonAndActor()
    {
        var journal = new ModelJournalResponse("student",
        [
            new ModelTransitionEntry(4, Live, "monitor_only", "live", "promote", "reviewed the replay scores", "ops", true, true, T),
            new ModelTransitionEntry(5, Live, "live", "retired", "rollback", "rollout: feature PSI 0.41 > 0.25", "rollout", false, false, T.AddMinutes(3)),
        ]);
        var stub = new StubGateway().On("GET", "/api/models/student/journal?last=2", Json(journal));

        var run = await ClientRun.WithStubAsync(stub, null, "models", "journal", "student", "--last", "2", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("family student: journal lines 4..5, newest last", run.Output, StringComparison.Ordinal);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("2026-12-06 22:00:00", StringComparison.Ordinal) && l.Contains(Live, StringComparison.Ordinal)
            && l.Contains("monitor_only -> live", StringComparison.Ordinal) && l.Contains("promote", StringComparison.Ordinal) && l.Contains("ops", StringComparison.Ordinal)
            && l.Contains("manual, monitor-only override", StringComparison.Ordinal) && l.Contains("reviewed the replay scores", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("2026-12-06 22:03:00", StringComparison.Ordinal) && l.Contains("live -> retired", StringComparison.Ordinal)
            && l.Contains("rollback", StringComparison.Ordinal) && l.Contains("automatic", StringComparison.Ordinal) && l.Contains("feature PSI 0.41", StringComparison.Ordinal));
        Assert.True(run.Output.IndexOf("reviewed the replay scores", StringComparison.Ordinal) < run.Output.IndexOf("feature PSI", StringComparison.Ordinal), "newest line last");
    }

    [Fact]
    public async Task JournalWithoutLastAsksForFiftyLines()
    {
        var stub = new StubGateway().On("GET", "/api/models/student/journal?last=50", Json(new ModelJournalResponse("student", [])));

        var run = await ClientRun.WithStubAsync(stub, null, "models", "journal", "student", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("family student: nothing journaled yet", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task JournalWithLastOutOfRangeSendsNothing(string last)
    {
        var stub = new StubGateway();

        var run = await ClientRun.WithStubAsync(stub, null, "models", "journal", "student", "--last", last, "--gateway", Gateway);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--last must lie in 1..1000", run.Error, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task RolloutShowsTheAssignmentTheMonitoredVersionsAndTheLatestDecisions()
    {
        var stub = new StubGateway().On("GET", "/api/rollout/student", Json(Status()));

        var run = await ClientRun.WithStubAsync(stub, null, "rollout", "student", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains($"rollout student: live {Live}, canary none, shadow {Shadow}; generation 6", run.Output, StringComparison.Ordinal);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains(Shadow, StringComparison.Ordinal) && l.Contains("shadow", StringComparison.Ordinal) && l.Contains("812", StringComparison.Ordinal)
            && l.Contains("AIG,IBM", StringComparison.Ordinal) && l.Contains("0/0", StringComparison.Ordinal) && l.Contains("-12.50", StringComparison.Ordinal) && l.Contains("yes", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains(Live, StringComparison.Ordinal) && l.Contains("live", StringComparison.Ordinal) && l.Contains("40/2", StringComparison.Ordinal)
            && l.Contains("1.75", StringComparison.Ordinal) && l.Contains("2/3 passed", StringComparison.Ordinal) && l.Contains(" no", StringComparison.Ordinal));
        Assert.Contains("latest 2 of 2 decisions, newest last:", run.Output, StringComparison.Ordinal);
        Assert.Contains($"2026-12-06 22:05:00 {Shadow} keep (not applied): a canary is running", run.Output, StringComparison.Ordinal);
        Assert.Equal("GET", Assert.Single(stub.Requests).Method);
    }

    [Fact]
    public async Task RolloutEvaluateAppliesTheRulesFirstAndShowsACanaryWithItsShare()
    {
        var status = Status() with
        {
            Assignment = new RolloutAssignmentView("student", 7, Live, Shadow, 0.25, null),
            Decisions = [new RolloutDecisionEntry(T, Shadow, "promote_canary", "no rule fired over 812 predictions", true)],
        };
        var stub = new StubGateway().On("POST", "/api/rollout/student/evaluate", Json(status));

        var run = await ClientRun.WithStubAsync(stub, null, "rollout", "student", "--evaluate", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(("POST", "/api/rollout/student/evaluate"), (Assert.Single(stub.Requests).Method, stub.Requests.Single().PathAndQuery));
        Assert.Contains($"canary {Shadow} (25% of symbols), shadow none; generation 7", run.Output, StringComparison.Ordinal);
        Assert.Contains($"{Shadow} promote_canary (applied): no rule fired over 812 predictions", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RolloutOnASiloWithoutTheRolloutExitsRejectedWithTheGatewaysReason()
    {
        var stub = new StubGateway().On("GET", "/api/rollout/student", """{"error":"the rollout is not enabled on this silo (Strategy:Rollout:Enabled)."}""", HttpStatusCode.Conflict);

        var run = await ClientRun.WithStubAsync(stub, null, "rollout", "student", "--gateway", Gateway);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Contains("refused: the rollout is not enabled on this silo (Strategy:Rollout:Enabled)", run.Error, StringComparison.Ordinal);
    }

    private static RolloutView Status() => new(
        new RolloutAssignmentView("student", 6, Live, null, 0.5, Shadow),
        [
            new RolloutVersionView(Shadow, "shadow", 812, ["AIG", "IBM"], [], 0, 0, 0, null, 17, -12.5m, true),
            new RolloutVersionView(Live, "live", 2400, ["AIG", "IBM"], [true, false, true], 40, 2, 31, 1.75, 0, 0m, false),
        ],
        [
            new RolloutDecisionEntry(T.AddMinutes(4), Live, "no_decision", "no drift_reference.json among its files", false),
            new RolloutDecisionEntry(T.AddMinutes(5), Shadow, "keep", "a canary is running, so it stays in shadow", false),
        ]);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, GatewayJson.Options);
}
