using System.Net;
using System.Text.Json;
using Quant.Orleans.Gateway.Contracts;

namespace Quant.Orleans.Client.Tests.Commands;

/// <summary>The <c>train</c> and <c>models</c> commands against a stub gateway whose answers are the contract records
/// serialized with the gateway's JSON rules.</summary>
public sealed class TrainingCommandTests
{
    private const string Gateway = "http://gateway.test:5080";

    private const string Version = "0ca93bc1989f9e4d";

    private static readonly DateTime T = new(2026, 12, 6, 22, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task TrainStatusShowsStepOfNEpochLossEtaAndTheFailure()
    {
        var overview = new TrainingOverview(true, new DateTime(2026, 12, 7, 22, 30, 0, DateTimeKind.Utc),
        [
            new TrainingView("student", "Running", "run-1", 0, 3, "distill", new TrainingProgressView(2, 6, 0.4321, 95, "step 40/120"), "on-demand", T, null, null, "S1", []),
            new TrainingView("judge", "Failed", "run-2", 1, 2, "fit", null, "nightly", T, T, "fit: InvalidDataException: no rows", "S1", []),
        ]);
        var stub = new StubGateway().On("GET", "/api/training", Json(overview));

        var run = await ClientRun.WithStubAsync(stub, null, "train", "status", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("nightly training: on, next run 2026-12-07 22:30 UTC", run.Output, StringComparison.Ordinal);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("student", StringComparison.Ordinal) && l.Contains("Running", StringComparison.Ordinal) && l.Contains("1/3 distill", StringComparison.Ordinal)
            && l.Contains("2/6", StringComparison.Ordinal) && l.Contains("0.4321", StringComparison.Ordinal) && l.Contains("00:01:35", StringComparison.Ordinal));
        Assert.Contains("judge failed: fit: InvalidDataException: no rows", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TrainNowWithoutAFamilyStartsEveryConfiguredFamily()
    {
        var idle = new TrainingView("student", "Idle", null, 0, 0, null, null, null, null, null, null, "S1", []);
        var started = idle with { State = "Running", RunId = "run-7", StepCount = 3, Trigger = "on-demand" };
        var stub = new StubGateway()
            .On("GET", "/api/training", Json(new TrainingOverview(false, null, [idle])))
            .On("POST", "/api/training/student/run", Json(started), HttpStatusCode.Accepted);

        var run = await ClientRun.WithStubAsync(stub, null, "train", "now", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("training student: Running, run run-7 (on-demand), 3 steps", run.Output, StringComparison.Ordinal);
        Assert.Contains(stub.Requests, r => r.Method == "POST" && r.PathAndQuery == "/api/training/student/run");
    }

    [Fact]
    public async Task TrainNowOfAnUnknownFamilyExitsWithBadInput()
    {
        var stub = new StubGateway().On("POST", "/api/training/judge/run", """{"error":"Unknown training family 'judge' (configured: student; Training:Families)."}""", HttpStatusCode.NotFound);

        var run = await ClientRun.WithStubAsync(stub, null, "train", "now", "--family", "judge", "--gateway", Gateway);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("Training:Families", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsFamilyShowsVersionsStagesAndMetricsWithTheirMethods()
    {
        var stub = new StubGateway().On("GET", "/api/models/student", Json(Family()));

        var run = await ClientRun.WithStubAsync(stub, null, "models", "student", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("family student: 1 versions, live none, 1 journal lines", run.Output, StringComparison.Ordinal);
        Assert.Contains(run.Output.Split('\n'), l => l.Contains(Version, StringComparison.Ordinal) && l.Contains("monitor_only", StringComparison.Ordinal) && l.Contains("2013-10-07..2013-10-08", StringComparison.Ordinal));
        Assert.Contains("student.wql.60s@2013-10-08 = 0.0123 loss (n=371; weighted quantile loss", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelsListsEveryFamily()
    {
        var stub = new StubGateway().On("GET", "/api/models", Json(new ModelsOverview([Family(), Family() with { Family = "student-teacher", JournalLength = 1 }])));

        var run = await ClientRun.WithStubAsync(stub, null, "models", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Contains("family student:", run.Output, StringComparison.Ordinal);
        Assert.Contains("family student-teacher:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PromoteWithoutAReasonSendsNothing()
    {
        var stub = new StubGateway();

        var run = await ClientRun.WithStubAsync(stub, null, "models", "promote", "student", Version, "--manual", "--gateway", Gateway);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--reason", run.Error, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task AManualPromotionSendsReasonActorAndManualAndPrintsTheJournalLine()
    {
        var change = new ModelChangeResponse("student", [new ModelTransitionEntry(2, Version, "monitor_only", "live", "promote", "reviewed", "ops", true, true)]);
        var stub = new StubGateway().On("POST", "/api/models/student/promote", Json(change));

        var run = await ClientRun.WithStubAsync(stub, null, "models", "promote", "student", Version, "--reason", "reviewed", "--actor", "ops", "--manual", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        var sent = JsonSerializer.Deserialize<PromoteModelRequest>(Assert.Single(stub.Requests).Body!, GatewayJson.Options)!;
        Assert.Equal(new PromoteModelRequest(Version, "reviewed", "ops", "live", true), sent);
        Assert.Contains($"student {Version}: monitor_only -> live (promote, manual, monitor-only override) by ops: reviewed [journal #2]", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAutomaticPromotionTheRegistryRefusesExitsRejected()
    {
        var stub = new StubGateway().On("POST", "/api/models/student/promote", """{"error":"version 0ca93bc1989f9e4d is monitor_only: an automatic promotion is never allowed."}""", HttpStatusCode.Conflict);

        var run = await ClientRun.WithStubAsync(stub, null, "models", "promote", "student", Version, "--reason", "gates passed", "--actor", "ops", "--gateway", Gateway);

        Assert.Equal(ExitCodes.Rejected, run.ExitCode);
        Assert.Contains("refused: version 0ca93bc1989f9e4d is monitor_only", run.Error, StringComparison.Ordinal);
        Assert.False(JsonSerializer.Deserialize<PromoteModelRequest>(Assert.Single(stub.Requests).Body!, GatewayJson.Options)!.Manual);
    }

    [Fact]
    public async Task RollbackSendsTheReasonAndPrintsWhatChanged()
    {
        var change = new ModelChangeResponse("student",
        [
            new ModelTransitionEntry(3, Version, "live", "retired", "rollback", "drift", "ops", true, false),
        ]);
        var stub = new StubGateway().On("POST", "/api/models/student/rollback", Json(change));

        var run = await ClientRun.WithStubAsync(stub, null, "models", "rollback", "student", "--reason", "drift", "--actor", "ops", "--gateway", Gateway);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        Assert.Equal(new RollbackModelRequest("drift", "ops", null), JsonSerializer.Deserialize<RollbackModelRequest>(Assert.Single(stub.Requests).Body!, GatewayJson.Options));
        Assert.Contains($"student {Version}: live -> retired (rollback, manual) by ops: drift [journal #3]", run.Output, StringComparison.Ordinal);
    }

    private static ModelFamilyEntry Family() => new("student", null, 1,
    [
        new ModelVersionEntry(Version, "monitor_only", true, "chronos-student", T, "maintenance_replay", ["IBM"], new DateOnly(2013, 10, 7), new DateOnly(2013, 10, 8), ["1111222233334444"], "1.0.0",
        [
            new ModelMetricEntry("student.wql.60s@2013-10-08", "weighted quantile loss against the golden (smoothed) return; walk-forward fold", 0.0123, "ok", 371, "loss"),
        ]),
    ]);

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, GatewayJson.Options);
}
