using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Interfaces.Registry;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>
/// The model-registry endpoints (docs/gateway.md): <c>GET /api/models</c> (every family with its versions),
/// <c>GET /api/models/{family}</c>, <c>GET /api/models/{family}/journal?last=N</c> (the last N journal lines, N in
/// 1..1000, default 50; newest last), <c>POST /api/models/{family}/promote</c> (<see cref="PromoteModelRequest"/>) and
/// <c>POST /api/models/{family}/rollback</c> (<see cref="RollbackModelRequest"/>). A malformed body or family, or a blank
/// reason or actor, is a 400 naming the field; an unknown version a 404; a change the registry's rules refuse (an
/// automatic promotion of a monitor-only version, a skipped stage, nothing live to roll back) a 409 naming the rule.
/// </summary>
public static class ModelEndpoints
{
    /// <summary>Most journal lines one <c>GET /api/models/{family}/journal</c> returns.</summary>
    public const int MaxJournalLines = 1000;

    /// <summary>Lines a journal request asks for when <c>last</c> is absent.</summary>
    public const int DefaultJournalLines = 50;

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="grains">The silo's grain factory.</param>
    public static void Map(WebApplication app, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(grains);
        app.MapGet("/api/models", async () =>
        {
            var families = new List<ModelFamilyEntry>();
            foreach (var family in await grains.GetGrain<IModelCatalogGrain>(0).GetFamilies())
            {
                families.Add(ToEntry(await grains.GetGrain<IModelRegistryGrain>(family).GetFamily()));
            }

            return Results.Json(new ModelsOverview([.. families]), GatewayEndpoints.Json);
        });
        app.MapGet("/api/models/{family}", async (string family) =>
            BadFamily(family) ?? Results.Json(ToEntry(await grains.GetGrain<IModelRegistryGrain>(family).GetFamily()), GatewayEndpoints.Json));
        app.MapGet("/api/models/{family}/journal", async (string family, string? last) =>
        {
            if (BadFamily(family) is { } bad)
            {
                return bad;
            }

            if (JournalLines(last) is not { } lines)
            {
                return Error(400, $"last must be an integer in 1..{MaxJournalLines}, got {RequestRules.Echo(last)}.");
            }

            var journal = await grains.GetGrain<IModelRegistryGrain>(family).GetJournal(lines);
            return Results.Json(new ModelJournalResponse(family, journal.Select(ToEntry).ToArray()), GatewayEndpoints.Json);
        });
        app.MapPost("/api/models/{family}/promote", async (string family, HttpRequest request) =>
        {
            if (BadFamily(family) is { } bad)
            {
                return bad;
            }

            var read = await GatewayRequestReader.ReadAsync<PromoteModelRequest>(request.Body, null, request.HttpContext.RequestAborted);
            if (read.Problem is not null)
            {
                return Error(read.Status, read.Problem);
            }

            var body = read.Value!;
            if ((Required("version", body.Version) ?? Required("reason", body.Reason) ?? Required("actor", body.Actor)) is { } missing)
            {
                return missing;
            }

            var stage = body.Stage ?? "live";
            var result = await grains.GetGrain<IModelRegistryGrain>(family).Promote(new ModelPromotionRequest(body.Version!, stage, body.Reason!, body.Actor!, body.Manual));
            return ToResult(family, result);
        });
        app.MapPost("/api/models/{family}/rollback", async (string family, HttpRequest request) =>
        {
            if (BadFamily(family) is { } bad)
            {
                return bad;
            }

            var read = await GatewayRequestReader.ReadAsync<RollbackModelRequest>(request.Body, null, request.HttpContext.RequestAborted);
            if (read.Problem is not null)
            {
                return Error(read.Status, read.Problem);
            }

            var body = read.Value!;
            if ((Required("reason", body.Reason) ?? Required("actor", body.Actor)) is { } missing)
            {
                return missing;
            }

            var result = await grains.GetGrain<IModelRegistryGrain>(family).Rollback(new ModelRollbackRequest(body.Version, body.Reason!, body.Actor!));
            return ToResult(family, result);
        });
    }

    /// <summary>The gateway's view of a family's registry.</summary>
    /// <param name="view">The grain's view.</param>
    /// <returns>The entry.</returns>
    public static ModelFamilyEntry ToEntry(ModelFamilyView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new ModelFamilyEntry(view.Family, view.LiveVersion, view.JournalLength, view.Versions.Select(v => new ModelVersionEntry(
            v.VersionId,
            v.Stage,
            v.MonitorOnly,
            v.ModelType,
            v.RegisteredUtc,
            v.DataRegime,
            v.Symbols,
            v.FirstDay,
            v.LastDay,
            v.ParentVersions,
            v.CodeVersion,
            v.Metrics.Select(m => new ModelMetricEntry(m.Name, m.Method, m.Value, m.Status, m.Observations, m.Unit)).ToArray())).ToArray());
    }

    /// <summary>The gateway's view of a journal line.</summary>
    /// <param name="t">The grain's view.</param>
    /// <returns>The entry.</returns>
    public static ModelTransitionEntry ToEntry(ModelTransitionView t)
    {
        ArgumentNullException.ThrowIfNull(t);
        return new ModelTransitionEntry(t.Sequence, t.VersionId, t.From, t.To, t.Action, t.Reason, t.Actor, t.Manual, t.MonitorOnlyOverride, t.TimeUtc);
    }

    /// <summary>The <c>last</c> query value as a line count: <see cref="DefaultJournalLines"/> when absent, null when it is
    /// not an integer in 1..<see cref="MaxJournalLines"/>.</summary>
    private static int? JournalLines(string? last)
    {
        if (last is null)
        {
            return DefaultJournalLines;
        }

        return int.TryParse(last, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxJournalLines ? n : null;
    }

    private static IResult ToResult(string family, ModelRegistryChangeResult result) => result.Status switch
    {
        "done" => Results.Json(new ModelChangeResponse(family, result.Transitions.Select(ToEntry).ToArray()), GatewayEndpoints.Json),
        "not_found" => Error(404, result.Error!),
        "invalid" => Error(400, result.Error!),
        _ => Error(409, result.Error!),
    };

    private static IResult? BadFamily(string family)
    {
        try
        {
            FamilyRegistry.CheckFamily(family);
            return null;
        }
        catch (ArgumentException)
        {
            return Error(400, $"family must be 1-64 characters of a-z 0-9 . _ -, got {RequestRules.Echo(family)}.");
        }
    }

    private static IResult? Required(string field, string? value) =>
        string.IsNullOrWhiteSpace(value) ? Error(400, $"{field} is required and must not be blank.") : null;

    private static IResult Error(int status, string message) => Results.Json(new ErrorResponse(GatewayEndpoints.Clean(message)), GatewayEndpoints.Json, statusCode: status);
}
