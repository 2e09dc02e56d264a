using Quant.Orleans.Gateway.Contracts;
using Spectre.Console;

namespace Quant.Orleans.Client.Rendering;

/// <summary>Renders the cluster: a title line (cluster id, the answering silo, active silos out of all) and one row per
/// silo (status coloured: green Active, yellow Joining or shutting down, red Dead).</summary>
public static class ClusterRenderer
{
    /// <summary>Writes <paramref name="cluster"/> to <paramref name="console"/>.</summary>
    public static void Render(IAnsiConsole console, ClusterView cluster)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(cluster);
        var active = cluster.Silos.Count(s => s.Status == "Active");
        console.MarkupLine($"cluster {Markup.Escape(cluster.ClusterId)} (service {Markup.Escape(cluster.ServiceId)}): {active} of {cluster.Silos.Length} silos active; answered by {Markup.Escape(cluster.Answering)}");
        var table = new Table();
        table.AddColumn("Silo");
        table.AddColumn("Status");
        table.AddColumn("Roles");
        table.AddColumn(new TableColumn("Grains").RightAligned());
        table.AddColumn(new TableColumn("Uptime").RightAligned());
        table.AddColumn("Host");
        foreach (var silo in cluster.Silos)
        {
            table.AddRow(
                Markup.Escape(silo.Address),
                Status(silo.Status),
                silo.Roles.Length == 0 ? "-" : Markup.Escape(string.Join(", ", silo.Roles)),
                silo.Grains is { } grains ? Formats.Quantity(grains) : "-",
                silo.UptimeSeconds is { } uptime ? Uptime(TimeSpan.FromSeconds(uptime)) : "-",
                Markup.Escape(silo.Host));
        }

        console.Write(table);
        if (cluster.Replay is { } replay)
        {
            var driver = replay.Completed ? "complete" : replay.Driver is null ? "nobody (a silo takes it within seconds)" : $"driven by {replay.Driver}";
            console.MarkupLine($"replay of {Markup.Escape(replay.Account)}: {Markup.Escape(driver)} (lease generation {replay.Generation})");
        }

        foreach (var account in cluster.Accounts)
        {
            console.MarkupLine($"account {Markup.Escape(account.Account)}: {Markup.Escape(account.Silo ?? "not active")}");
        }
    }

    /// <summary>An uptime as <c>2d 03:04:05</c> or <c>03:04:05</c>.</summary>
    public static string Uptime(TimeSpan uptime) =>
        uptime.TotalDays >= 1 ? $"{(int)uptime.TotalDays}d {uptime:hh\\:mm\\:ss}" : uptime.ToString("hh\\:mm\\:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static string Status(string status) => status switch
    {
        "Active" => "[green]Active[/]",
        "Dead" => "[red]Dead[/]",
        _ => $"[yellow]{Markup.Escape(status)}[/]",
    };
}
