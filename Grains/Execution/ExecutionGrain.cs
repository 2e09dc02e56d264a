using Quant.Orleans.Core;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grid;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Venue;

namespace Quant.Orleans.Grains.Execution;

/// <summary>A simulated venue (key: venue name): marketable orders fill at the NBBO prevailing when they arrive
/// (after the configured latency), up to the displayed size, with the configured fees.</summary>
public sealed class ExecutionGrain : Grain, IExecutionGrain
{
    private readonly SimulatedVenue _venue;
    private readonly List<ExecutionReport> _reports = [];

    /// <summary>Creates the venue with the strategy's latency and fees.</summary>
    public ExecutionGrain(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _venue = new SimulatedVenue(options.Venue);
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> Submit(OrderRequest[] orders)
    {
        ArgumentNullException.ThrowIfNull(orders);
        _reports.Clear();
        foreach (var order in orders)
        {
            _venue.Submit(order, _reports);
        }

        return new(_reports.ToArray());
    }

    /// <inheritdoc />
    public ValueTask ResumeExecIdsAfter(string execId)
    {
        ArgumentNullException.ThrowIfNull(execId);
        _venue.ResumeAfter(execId);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ExecutionReport[]> OnQuotes(Quote[] quotes)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        _reports.Clear();
        foreach (var quote in quotes)
        {
            _venue.OnQuote(quote, _reports);
        }

        return new(_reports.Count == 0 ? [] : _reports.ToArray());
    }
}
