using Quant.Orleans.Grains;
using Quant.Orleans.Grains.Events;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>How a command wants its silo beyond the settings file.</summary>
public sealed record GridSiloOptions
{
    /// <summary>True to keep grain state in memory whatever <c>Storage:Provider</c> says (replays, benchmarks).</summary>
    public bool MemoryStorage { get; init; }

    /// <summary>Where the accounts journal their orders and fills (normally <c>Journal:Path</c>); null for a backtest
    /// that starts from nothing.</summary>
    public string? JournalDirectory { get; init; }

    /// <summary>True for replays: an order stamped before the venue's last quote is rejected as too late; false for a
    /// serving silo, whose manual orders wait for the venue's next quote (see <c>VenueOptions.RejectLateArrivals</c>).</summary>
    public bool RejectLateArrivals { get; init; } = true;

    /// <summary>The silo's live event hub (the gateway and the dashboard subscribe to it).</summary>
    public TradingEventHub Hub { get; init; } = new();

    /// <summary>A private in-process silo (replay, research, benchmarks): a free loopback port, no client gateway and a
    /// cluster id of its own, so any number of them run side by side and never join a serving cluster.</summary>
    public bool Private { get; init; }

    /// <summary>The strategy the grains run; null: from the settings (<c>Strategy</c>, <c>Risk</c>).</summary>
    public StrategyOptions? Strategy { get; init; }
}
