using Quant.Orleans.Engine.Replay;
using Quant.Orleans.Silo.Training;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>The silo's whole configuration: <c>appsettings.json</c>, then <c>QO_</c> environment variables, then
/// command-line options. Unknown keys are errors (see <see cref="SettingsLoader"/>).</summary>
public sealed class SiloSettings
{
    /// <summary>The Orleans silo: cluster identity, ports, runtime options.</summary>
    public GridSettings Grid { get; set; } = new();

    /// <summary>Cluster mode: several silos over Azure Storage.</summary>
    public ClusterSettings Cluster { get; set; } = new();

    /// <summary>Where grain state lives.</summary>
    public StorageSettings Storage { get; set; } = new();

    /// <summary>The trading journal (write-ahead log of orders and fills).</summary>
    public JournalSettings Journal { get; set; } = new();

    /// <summary>The HTTP gateway for clients.</summary>
    public GatewaySettings Gateway { get; set; } = new();

    /// <summary>The live dashboard.</summary>
    public DashboardSettings Dashboard { get; set; } = new();

    /// <summary>The replay job's inputs and outputs.</summary>
    public ReplaySettings Replay { get; set; } = new();

    /// <summary>The baseline strategy's parameters.</summary>
    public StrategySettings Strategy { get; set; } = new();

    /// <summary>The pre-trade risk limits of every account.</summary>
    public RiskSettings Risk { get; set; } = new();

    /// <summary>The nightly training and the model registry (docs/training.md).</summary>
    public TrainingSettings Training { get; set; } = new();

    /// <summary>Every problem in the settings, each naming the key, its value and the rule; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        errors.AddRange(Grid.Validate());
        errors.AddRange(Cluster.Validate());
        errors.AddRange(Storage.Validate());
        errors.AddRange(Journal.Validate());
        errors.AddRange(Gateway.Validate());
        errors.AddRange(Dashboard.Validate());
        errors.AddRange(Replay.Validate());
        errors.AddRange(Strategy.Validate());
        errors.AddRange(Risk.Validate());
        errors.AddRange(Training.Validate());
        return errors;
    }
}

/// <summary>Where grain state lives (an Orleans grain-storage provider, registered as <c>Default</c>).</summary>
public sealed class StorageSettings
{
    /// <summary>The providers this silo can use.</summary>
    public static IReadOnlyList<string> Providers { get; } = ["file", "memory", "azureblob"];

    /// <summary><c>file</c> (the embedded default: one checksummed file per grain state under <see cref="Path"/>),
    /// <c>memory</c> (lost when the silo stops) or <c>azureblob</c> (Azure Blob storage at
    /// <see cref="ConnectionString"/>; the Azurite emulator locally).</summary>
    public string Provider { get; set; } = "file";

    /// <summary>Folder of the file provider, relative to the repository root (or the working directory).</summary>
    public string Path { get; set; } = "state";

    /// <summary>Azure Storage connection string of the <c>azureblob</c> provider (e.g. <c>UseDevelopmentStorage=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob container of the <c>azureblob</c> provider: 3..63 lower-case letters, digits and '-'.</summary>
    public string Container { get; set; } = "quant-orleans-grains";

    /// <summary>Blob container of the model registry (docs/registry.md) when it lives in Azure Blob storage: in cluster
    /// mode (<c>Cluster:Enabled</c>, with <c>Cluster:ConnectionString</c>) or with the <c>azureblob</c> provider (with
    /// <see cref="ConnectionString"/>); otherwise the registry is the folder <c>&lt;Path&gt;/registry</c>. 3..63 lower-case
    /// letters, digits and '-'.</summary>
    public string RegistryContainer { get; set; } = "quant-orleans-registry";

    internal IEnumerable<string> Validate()
    {
        if (!Providers.Contains(Provider, StringComparer.Ordinal))
        {
            yield return $"Storage:Provider must be 'file', 'memory' or 'azureblob', got '{Provider}'.";
        }

        if (Provider == "file" && string.IsNullOrWhiteSpace(Path))
        {
            yield return "Storage:Path must be set for the file provider.";
        }

        if (Provider == "azureblob" && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return "Storage:ConnectionString must be set for the azureblob provider (e.g. QO_Storage__ConnectionString=UseDevelopmentStorage=true).";
        }

        foreach (var (key, container) in new[] { ("Storage:Container", Container), ("Storage:RegistryContainer", RegistryContainer) })
        {
            if (container is null || container.Length is < 3 or > 63 || !container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-') || container.StartsWith('-') || container.Contains("--", StringComparison.Ordinal))
            {
                yield return $"{key} must be 3..63 lower-case letters, digits and single '-' not at the start, got '{container}'.";
            }
        }

        if (Container == RegistryContainer)
        {
            yield return $"Storage:RegistryContainer must differ from Storage:Container ('{Container}'): the registry's blobs are not grain states.";
        }
    }
}

/// <summary>Gateway settings (the HTTP gateway and the dashboard share this listener).</summary>
public sealed class GatewaySettings
{
    /// <summary>Shortest accepted <see cref="AccessToken"/>, in characters.</summary>
    public const int MinimumAccessTokenLength = 16;

    /// <summary>The gateway's URL, loopback by default. A non-loopback address (e.g. <c>http://0.0.0.0:5080</c>)
    /// requires <see cref="AccessToken"/>.</summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>The bearer token that clients on other machines must present (<c>Authorization: Bearer …</c>) for
    /// the dashboard and for mutating calls; required when <see cref="Urls"/> is not a loopback address, ignored for
    /// loopback clients. At least <see cref="MinimumAccessTokenLength"/> characters.</summary>
    public string? AccessToken { get; set; }

    /// <summary>True when <see cref="Urls"/> binds a loopback address only.</summary>
    public bool IsLoopback => Uri.TryCreate(Urls, UriKind.Absolute, out var uri) && uri.IsLoopback;

    internal IEnumerable<string> Validate()
    {
        if (!Uri.TryCreate(Urls, UriKind.Absolute, out var uri) || uri.Scheme != "http")
        {
            yield return $"Gateway:Urls must be an absolute http URL, got '{Urls}'.";
        }
        else if (!uri.IsLoopback && string.IsNullOrEmpty(AccessToken))
        {
            yield return $"Gateway:Urls binds '{uri.Host}', which is not a loopback address (127.0.0.1 or localhost): set Gateway:AccessToken (QO_Gateway__AccessToken) to a token of at least {MinimumAccessTokenLength} characters, or bind to loopback.";
        }

        if (!string.IsNullOrEmpty(AccessToken) && AccessToken.Length < MinimumAccessTokenLength)
        {
            yield return $"Gateway:AccessToken must be at least {MinimumAccessTokenLength} characters, got {AccessToken.Length}.";
        }
    }
}

/// <summary>Dashboard settings (served by the silo on the gateway's listener under <c>/dashboard</c>).</summary>
public sealed class DashboardSettings
{
    /// <summary>True to serve the dashboard (default).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Period of the dashboard's sampler while at least one browser is connected, in milliseconds
    /// (100..1000; default 1000, the slowest that still updates once a second).</summary>
    public int SampleIntervalMilliseconds { get; set; } = 1000;

    /// <summary>The account whose positions, PnL and blotter the dashboard shows (default <c>SIM-1</c>).</summary>
    public string Account { get; set; } = "SIM-1";

    internal IEnumerable<string> Validate()
    {
        if (SampleIntervalMilliseconds is < 100 or > 1000)
        {
            yield return $"Dashboard:SampleIntervalMilliseconds must be in [100, 1000], got {SampleIntervalMilliseconds}.";
        }

        if (string.IsNullOrWhiteSpace(Account))
        {
            yield return "Dashboard:Account must be set.";
        }
    }
}
