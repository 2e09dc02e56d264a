using System.CommandLine;
using Quant.Orleans.Client.Rendering;

namespace Quant.Orleans.Client.Commands;

/// <summary>The <c>cluster</c> command: every silo of the cluster the gateway belongs to (address, status, roles, grain
/// activations, uptime), as that silo sees it.</summary>
public static class ClusterCommand
{
    /// <summary>Creates the command over <paramref name="context"/>.</summary>
    public static Command Create(ClientContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var command = new Command("cluster", "List the cluster's silos: address, status, roles, grains and uptime.");
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async (client, _) =>
        {
            ClusterRenderer.Render(context.Output, await client.GetClusterAsync(ct));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
