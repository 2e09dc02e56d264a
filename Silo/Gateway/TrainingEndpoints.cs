using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Interfaces.Training;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>
/// The training endpoints (docs/gateway.md): <c>GET /api/training</c> (each configured family's run: step i of n, its
/// name, epoch, loss and ETA of the running step, state), <c>POST /api/training/{family}/run</c> (train now; 202 with the
/// run, or the run already in progress) and <c>POST /api/training/{family}/cancel</c>. A family that is not configured
/// (<c>Training:Families</c>) is a 404 naming the configured ones.
/// </summary>
public static class TrainingEndpoints
{
    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="grains">The silo's grain factory.</param>
    public static void Map(WebApplication app, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(grains);
        var schedule = grains.GetGrain<ITrainingScheduleGrain>("nightly");
        app.MapGet("/api/training", async () =>
        {
            var status = await schedule.GetStatus();
            var families = new List<TrainingView>();
            foreach (var family in status.Families)
            {
                families.Add(ToView(await grains.GetGrain<ITrainingGrain>(family).GetStatus()));
            }

            return Results.Json(new TrainingOverview(status.ReminderRegistered, status.NextFireUtc, [.. families]), GatewayEndpoints.Json);
        });
        app.MapPost("/api/training/{family}/run", async (string family) =>
        {
            if (await Configured(schedule, family) is { } problem)
            {
                return problem;
            }

            var started = await schedule.TrainNow(family);
            return Results.Json(ToView(started.Single()), GatewayEndpoints.Json, statusCode: 202);
        });
        app.MapPost("/api/training/{family}/cancel", async (string family) =>
            await Configured(schedule, family) ?? Results.Json(ToView(await grains.GetGrain<ITrainingGrain>(family).Cancel()), GatewayEndpoints.Json));
    }

    /// <summary>The gateway's view of a family's training status.</summary>
    /// <param name="s">The grain's status.</param>
    /// <returns>The view.</returns>
    public static TrainingView ToView(TrainingStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new TrainingView(
            s.Family,
            s.Status.ToString(),
            s.RunId,
            s.StepIndex,
            s.StepCount,
            s.StepName,
            s.Progress is { } p ? new TrainingProgressView(p.Epoch, p.EpochCount, p.Loss, p.Eta?.TotalSeconds, p.Message) : null,
            s.Request?.Trigger,
            s.StartedUtc,
            s.FinishedUtc,
            s.Error,
            s.Silo,
            s.Results.Select(r => new TrainingStepView(
                r.StepName,
                r.Artefact.ArtefactPath,
                r.Artefact.ArtefactSha256,
                r.Artefact.Metrics.ToDictionary(m => m.Name, m => m.Value, StringComparer.Ordinal),
                r.StartedUtc,
                r.FinishedUtc,
                r.Silo)).ToArray());
    }

    private static async Task<IResult?> Configured(ITrainingScheduleGrain schedule, string family)
    {
        var families = (await schedule.GetStatus()).Families;
        return families.Contains(family, StringComparer.Ordinal)
            ? null
            : Results.Json(new ErrorResponse(GatewayEndpoints.Clean($"Unknown training family {RequestRules.Echo(family)} (configured: {string.Join(", ", families)}; Training:Families).")), GatewayEndpoints.Json, statusCode: 404);
    }
}
