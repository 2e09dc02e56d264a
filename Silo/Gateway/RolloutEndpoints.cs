using Quant.Orleans.Gateway.Contracts;
using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Silo.Gateway;

/// <summary>
/// The staged-rollout endpoints (docs/gateway.md, docs/rollout.md): <c>GET /api/rollout</c> (whether this silo runs the
/// rollout, and for which family), <c>GET /api/rollout/{family}</c> (the assignment, the monitored versions and the
/// latest decisions of <see cref="IModelRolloutGrain"/>) and <c>POST /api/rollout/{family}/evaluate</c> (applies the
/// rollout rules now and answers the status after it). A malformed family is a 400; with <c>Strategy:Rollout:Enabled</c>
/// off every family is a 409 saying so (the rollout grain cannot activate without its options); a family other than
/// the configured one (<c>Strategy:Rollout:Family</c>) is a 404 naming it, so that no rollout grain, with its
/// automatic promotions, starts for a family the symbol grains do not serve.
/// </summary>
public static class RolloutEndpoints
{
    /// <summary>The message of the 409 answered while the rollout is off.</summary>
    public const string NotEnabled = "the rollout is not enabled on this silo (Strategy:Rollout:Enabled)";

    /// <summary>Maps the endpoints.</summary>
    /// <param name="app">The web application.</param>
    /// <param name="grains">The silo's grain factory.</param>
    /// <param name="configuredFamily">The family the silo's rollout serves (<c>Strategy:Rollout:Family</c>), or null when
    /// <c>Strategy:Rollout:Enabled</c> is off.</param>
    public static void Map(WebApplication app, IGrainFactory grains, string? configuredFamily)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(grains);
        app.MapGet("/api/rollout", () => Results.Json(new RolloutOverview(configuredFamily is not null, configuredFamily), GatewayEndpoints.Json));
        app.MapGet("/api/rollout/{family}", async (string family) =>
            Refused(family, configuredFamily) ?? Results.Json(ToView(await grains.GetGrain<IModelRolloutGrain>(family).GetStatus()), GatewayEndpoints.Json));
        app.MapPost("/api/rollout/{family}/evaluate", async (string family) =>
            Refused(family, configuredFamily) ?? Results.Json(ToView(await grains.GetGrain<IModelRolloutGrain>(family).Evaluate()), GatewayEndpoints.Json));
    }

    /// <summary>The gateway's view of a rollout status.</summary>
    /// <param name="status">The grain's status.</param>
    /// <returns>The view; a NaN mean slippage (no fills) becomes null.</returns>
    public static RolloutView ToView(RolloutStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var a = status.Assignment;
        return new RolloutView(
            new RolloutAssignmentView(a.Family, a.Generation, a.Live, a.Canary, a.CanaryShare, a.Shadow),
            status.Versions.Select(v => new RolloutVersionView(
                v.VersionId,
                v.Stage,
                v.Predictions,
                v.Symbols,
                v.GatePasses,
                v.OrdersSent,
                v.OrdersRejected,
                v.Fills,
                double.IsNaN(v.MeanSlippageBp) ? null : v.MeanSlippageBp,
                v.ShadowOrders,
                v.ShadowProfitAndLoss,
                v.HasReference)).ToArray(),
            status.Decisions.Select(d => new RolloutDecisionEntry(d.TimeUtc, d.VersionId, d.Action, d.Detail, d.Applied)).ToArray());
    }

    /// <summary>Null when <paramref name="requested"/> is the configured family of an enabled rollout; else the 400
    /// (malformed), 409 (rollout off) or 404 (another family).</summary>
    private static IResult? Refused(string requested, string? configured)
    {
        try
        {
            FamilyRegistry.CheckFamily(requested);
        }
        catch (ArgumentException)
        {
            return Error(400, $"family must be 1-64 characters of a-z 0-9 . _ -, got {RequestRules.Echo(requested)}.");
        }

        if (configured is null)
        {
            return Error(409, NotEnabled + ".");
        }

        return requested == configured
            ? null
            : Error(404, $"the rollout on this silo serves family '{configured}' (Strategy:Rollout:Family), not '{requested}'.");
    }

    private static IResult Error(int status, string message) => Results.Json(new ErrorResponse(message), GatewayEndpoints.Json, statusCode: status);
}
