using Quant.Orleans.Engine.Replay;

namespace Quant.Orleans.Silo.Configuration;

/// <summary>
/// Loads <see cref="SiloSettings"/>: <c>appsettings.json</c> (beside the program, or the one given), then
/// environment variables prefixed <c>QO_</c> (<c>QO_Replay__Output</c>), then command-line overrides. A key that
/// no setting has is an error naming the key (NautilusTrader's rule: config decoding fails on unknown fields), and so
/// is a value that does not parse or breaks a rule.
/// </summary>
public static class SettingsLoader
{
    /// <summary>Loads and validates the settings.</summary>
    /// <param name="configFile">A JSON file to use instead of <c>appsettings.json</c>; null for the default.</param>
    /// <param name="overrides">Command-line values by key, e.g. <c>Replay:Output</c>.</param>
    /// <exception cref="SettingsException">The file is missing or malformed, a key is unknown, or a value is invalid.</exception>
    public static SiloSettings Load(string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new SettingsException($"Configuration file '{Path.GetFullPath(configFile)}' does not exist.");
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }
        else
        {
            builder.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        }

        builder.AddEnvironmentVariables("QO_").AddInMemoryCollection(overrides);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new SettingsException($"Configuration file '{configFile ?? "appsettings.json"}' is malformed: {e.Message}", e);
        }

        SiloSettings settings;
        try
        {
            settings = configuration.Get<SiloSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new SiloSettings();
        }
        catch (InvalidOperationException e)
        {
            throw new SettingsException($"Invalid configuration: {e.Message}", e);
        }

        if (settings.Replay.Symbols.Length == 0)
        {
            settings.Replay.Symbols = [.. ReplaySettings.DefaultSymbols];
        }

        var baseDirectory = BaseDirectory();
        settings.Replay.DataFolder = Path.GetFullPath(settings.Replay.DataFolder, baseDirectory);
        settings.Replay.Output = Path.GetFullPath(settings.Replay.Output, baseDirectory);
        if (settings.Replay.Records)
        {
            settings.Replay.RecordsFolder = Path.GetFullPath(settings.Replay.RecordsFolder, baseDirectory);
        }

        settings.Storage.Path = Path.GetFullPath(settings.Storage.Path, baseDirectory);
        if (!string.IsNullOrWhiteSpace(settings.Strategy.StudentModel))
        {
            settings.Strategy.StudentModel = Path.GetFullPath(settings.Strategy.StudentModel, baseDirectory);
        }

        settings.Journal.Path = string.IsNullOrWhiteSpace(settings.Journal.Path)
            ? Path.Combine(settings.Storage.Path, "journal")
            : Path.GetFullPath(settings.Journal.Path, baseDirectory);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new SettingsException("Invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(x => "  - " + x)));
        }

        return settings;
    }

    /// <summary>
    /// What relative paths in the settings are relative to: the repository root (the folder holding
    /// <c>Quant.Orleans.sln</c>) when the working directory is inside a checkout — <c>dotnet run --project Silo</c>
    /// runs in the project folder — and the working directory otherwise.
    /// </summary>
    public static string BaseDirectory()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Quant.Orleans.sln")))
            {
                return dir.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }
}

/// <summary>The silo's configuration cannot be used; the message says which key and why.</summary>
public sealed class SettingsException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SettingsException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
