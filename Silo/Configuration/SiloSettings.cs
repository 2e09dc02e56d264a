using Quant.Orleans.Grid.Hosting;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>The silo's whole configuration: <c>appsettings.json</c>, then <c>QO_</c> environment variables, then
/// command-line options. Unknown keys are errors (see <see cref="SettingsLoader"/>).</summary>
public sealed class SiloSettings
{
    /// <summary>Grain runtime options.</summary>
    public GridOptions Grid { get; set; } = new();

    /// <summary>Where grain state lives.</summary>
    public StorageSettings Storage { get; set; } = new();

    /// <summary>The trading journal (write-ahead log of orders and fills).</summary>
    public JournalSettings Journal { get; set; } = new();

    /// <summary>The HTTP gateway for clients.</summary>
    public GatewaySettings Gateway { get; set; } = new();

    /// <summary>The replay job's inputs and outputs.</summary>
    public ReplaySettings Replay { get; set; } = new();

    /// <summary>The baseline strategy's parameters.</summary>
    public StrategySettings Strategy { get; set; } = new();

    /// <summary>The pre-trade risk limits of every account.</summary>
    public RiskSettings Risk { get; set; } = new();

    /// <summary>Every problem in the settings, each naming the key, its value and the rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Grid.Validate().Select(e => "Grid: " + e));
        errors.AddRange(Storage.Validate());
        errors.AddRange(Journal.Validate());
        errors.AddRange(Gateway.Validate());
        errors.AddRange(Replay.Validate());
        errors.AddRange(Strategy.Validate());
        errors.AddRange(Risk.Validate());
        return errors;
    }
}

/// <summary>Storage settings.</summary>
public sealed class StorageSettings
{
    /// <summary><c>file</c> (the embedded default: JSON files under <see cref="Path"/>) or <c>memory</c>.</summary>
    public string Provider { get; set; } = "file";

    /// <summary>Folder of the file store, relative to the working directory.</summary>
    public string Path { get; set; } = "state";

    internal IEnumerable<string> Validate()
    {
        if (Provider is not ("file" or "memory"))
        {
            yield return $"Storage:Provider must be 'file' or 'memory', got '{Provider}'.";
        }

        if (Provider == "file" && string.IsNullOrWhiteSpace(Path))
        {
            yield return "Storage:Path must be set for the file provider.";
        }
    }
}

/// <summary>Gateway settings.</summary>
public sealed class GatewaySettings
{
    /// <summary>The gateway's URL. Loopback by default; any other address needs <see cref="AccessToken"/>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>Bearer token that mutating requests (POST, DELETE) from non-loopback clients must carry
    /// (<c>Authorization: Bearer &lt;token&gt;</c>); required when <see cref="Urls"/> is not a loopback address,
    /// at least 16 characters.</summary>
    public string? AccessToken { get; set; }

    internal IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Urls, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            yield return $"Gateway:Urls must be an absolute http URL, got '{Urls}'.";
        }
        else if (!uri.IsLoopback && string.IsNullOrEmpty(AccessToken))
        {
            yield return $"Gateway:Urls is not a loopback address ('{uri.Host}'): set Gateway:AccessToken, or bind to 127.0.0.1 or localhost.";
        }

        if (AccessToken is { Length: < 16 })
        {
            yield return $"Gateway:AccessToken must have at least 16 characters, got {AccessToken.Length}.";
        }
    }
}
