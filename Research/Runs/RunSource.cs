namespace Quant.Orleans.Research.Runs;

/// <summary>Where a run came from; serialized snake_case (<c>prod</c>, <c>maintenance</c>, <c>smoke</c>, <c>async_test</c>).</summary>
public enum RunSource
{
    /// <summary>A production evaluation of a candidate model on production data.</summary>
    Prod,

    /// <summary>A maintenance evaluation (e.g. the <c>research</c> command's walk-forward over recorded data).</summary>
    Maintenance,

    /// <summary>A smoke run (e.g. the <c>replay</c> command): checks that the system works, not that it earns.</summary>
    Smoke,

    /// <summary>A run made by an automated test.</summary>
    AsyncTest,
}
