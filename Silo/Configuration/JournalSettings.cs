namespace Quant.Orleans.Silo.Configuration;

/// <summary>The trading journal: every order event, execution report and fill is appended to it and flushed to disk
/// before it is acknowledged, and accounts rebuild their orders, positions and cash from it on activation (see
/// <c>docs/trading.md</c>, "Journal and recovery").</summary>
public sealed class JournalSettings
{
    /// <summary>True to journal in <c>serve</c> (the default). <c>replay</c>, <c>bench</c> and <c>research</c> are
    /// backtests that start from nothing and journal only when asked (<c>replay --journal</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Folder of the journal's segment files; empty for <c>{Storage:Path}/journal</c>. Relative paths are
    /// relative to the repository root (see <see cref="SettingsLoader.BaseDirectory"/>).</summary>
    public string Path { get; set; } = string.Empty;

    internal IEnumerable<string> Validate()
    {
        if (Path.IndexOfAny(System.IO.Path.GetInvalidPathChars()) >= 0)
        {
            yield return $"Journal:Path has a character that is not allowed in a path: '{Path}'.";
        }
    }
}
