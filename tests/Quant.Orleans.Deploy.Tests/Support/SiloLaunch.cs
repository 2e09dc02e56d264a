using System.CommandLine;
using System.CommandLine.Parsing;
using Quant.Orleans.Silo.Configuration;
using Quant.Orleans.Silo.Hosting;

namespace Quant.Orleans.Deploy.Tests.Support;

/// <summary>
/// One silo as a deployment file starts it: its environment (values resolved: secrets and fields that only exist at
/// run time replaced by stand-ins) and the arguments after the program (<c>serve --cluster ...</c>). Checks it the way
/// the silo would take it: every <c>QO_</c> variable names a setting, the arguments parse with
/// <see cref="SiloCommandLine.Build"/>, and the settings load and validate through <see cref="SettingsLoader"/>
/// (the silo's <c>appsettings.json</c>, then these variables, then what the options set).
/// </summary>
/// <param name="Source">Where it comes from, for messages (e.g. <c>compose.yaml, service silo</c>).</param>
/// <param name="Environment">The silo's environment variables.</param>
/// <param name="Arguments">The silo's arguments, starting with the command (<c>serve</c>).</param>
internal sealed record SiloLaunch(string Source, IReadOnlyDictionary<string, string> Environment, IReadOnlyList<string> Arguments)
{
    /// <summary>The settings each silo option sets (what <see cref="SiloCommandLine"/> does with it); null for a
    /// switch that sets none.</summary>
    private static readonly Dictionary<string, string?> OptionKeys = new(StringComparer.Ordinal)
    {
        ["--cluster"] = "Cluster:Enabled",
        ["--urls"] = "Gateway:Urls",
        ["--speed"] = "Replay:Speed",
        ["--data"] = "Replay:DataFolder",
        ["--from"] = "Replay:From",
        ["--to"] = "Replay:To",
        ["--out"] = "Replay:Output",
        ["--symbols"] = "Replay:Symbols",
        ["--replay"] = null,
    };

    /// <summary>Every QO_ variable that names no setting, with the reason.</summary>
    public IReadOnlyList<string> UnknownSettings() =>
        [.. Environment.Keys.Where(k => k.StartsWith(SettingsSchema.Prefix, StringComparison.Ordinal))
            .Select(k => SettingsSchema.Resolve(k).Problem)
            .Where(p => p is not null)
            .Select(p => $"{Source}: {p}")];

    /// <summary>The arguments parsed by the silo's own command line.</summary>
    public ParseResult Parse() => SiloCommandLine.Build().Parse([.. Arguments]);

    /// <summary>Asserts that the variables name settings and the arguments parse; then loads the settings as the
    /// silo would, failing with the loader's message (every invalid key, value and rule).</summary>
    public SiloSettings Load()
    {
        Assert.Empty(UnknownSettings());
        var parsed = Parse();
        Assert.True(parsed.Errors.Count == 0, $"{Source}: the silo refuses '{string.Join(' ', Arguments)}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        var overrides = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in Environment.Where(e => e.Key.StartsWith(SettingsSchema.Prefix, StringComparison.Ordinal)))
        {
            overrides[SettingsSchema.Resolve(name).Key!] = value;
        }

        foreach (var (key, value) in OptionOverrides(parsed))
        {
            overrides[key] = value;
        }

        try
        {
            return SettingsLoader.Load(Repo.AppSettings, overrides);
        }
        catch (SettingsException e)
        {
            Assert.Fail($"{Source}: the silo would refuse these settings: {e.Message}");
            throw;
        }
    }

    /// <summary>The command the arguments run (<c>serve</c>).</summary>
    public string Command => Parse().CommandResult.Command.Name;

    /// <summary>True when an option of that name was given.</summary>
    public bool Has(string option) => Parse().CommandResult.Children.OfType<OptionResult>().Any(o => !o.Implicit && o.Option.Name == option);

    /// <summary>The settings the options set, as the silo's command line sets them.</summary>
    private Dictionary<string, string?> OptionOverrides(ParseResult parsed)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var option in parsed.CommandResult.Children.OfType<OptionResult>().Where(o => !o.Implicit))
        {
            var name = option.Option.Name;
            Assert.True(OptionKeys.TryGetValue(name, out var key), $"{Source}: uses {name}; this test does not know which setting it sets (add it to {nameof(SiloLaunch)}.{nameof(OptionKeys)}).");
            if (key is null)
            {
                continue;
            }

            if (option.Tokens.Count == 0)
            {
                values[key] = "true";
            }
            else if (key == "Replay:Symbols")
            {
                var tickers = option.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                for (var i = 0; i < tickers.Length; i++)
                {
                    values[$"{key}:{i}"] = tickers[i];
                }
            }
            else
            {
                values[key] = option.Tokens[0].Value;
            }
        }

        return values;
    }

    /// <summary>The silo's three listening ports: Orleans silo-to-silo, Orleans gateway, HTTP (from Gateway:Urls).</summary>
    public static (int Silo, int Gateway, int Http) Ports(SiloSettings settings) =>
        (settings.Grid.SiloPort, settings.Grid.GatewayPort, new Uri(settings.Gateway.Urls).Port);

    /// <summary>Asserts that the three ports are in range and distinct.</summary>
    public void AssertPortsDistinct(SiloSettings settings)
    {
        var (silo, gateway, http) = Ports(settings);
        foreach (var (name, port) in new[] { ("Grid:SiloPort", silo), ("Grid:GatewayPort", gateway), ("Gateway:Urls", http) })
        {
            Assert.True(port is >= 1 and <= 65535, $"{Source}: {name} port {port} is not in [1, 65535].");
        }

        Assert.True(new[] { silo, gateway, http }.Distinct().Count() == 3, $"{Source}: the silo port {silo}, gateway port {gateway} and HTTP port {http} must differ.");
    }
}
