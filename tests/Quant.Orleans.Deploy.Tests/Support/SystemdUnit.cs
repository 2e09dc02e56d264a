namespace Quant.Orleans.Deploy.Tests.Support;

/// <summary>
/// A systemd unit file read the way systemd reads one (the subset these units use): <c>[Section]</c> headers,
/// <c>Key=Value</c> lines (a key may repeat), comments starting with '#' or ';', a line ending in '\' continued on the
/// next; and an <c>EnvironmentFile</c>: <c>KEY=VALUE</c> lines, comments, values optionally in quotes.
/// </summary>
internal sealed class SystemdUnit
{
    private readonly List<(string Section, string Key, string Value)> _entries = [];

    private SystemdUnit(string name) => Name = name;

    /// <summary>The file's name.</summary>
    public string Name { get; }

    /// <summary>Reads the unit at <paramref name="relative"/>.</summary>
    public static SystemdUnit Read(string relative)
    {
        var unit = new SystemdUnit(Path.GetFileName(relative));
        string? section = null;
        var pending = string.Empty;
        foreach (var raw in Repo.Read(relative).Split('\n'))
        {
            var line = pending + raw.TrimEnd('\r');
            pending = string.Empty;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed.EndsWith('\\'))
            {
                pending = trimmed[..^1] + " ";
                continue;
            }

            if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
            {
                section = trimmed[1..^1];
                continue;
            }

            var equals = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (section is null || equals <= 0)
            {
                throw new InvalidDataException($"{relative}: '{trimmed}' is neither a [Section] nor Key=Value in a section.");
            }

            unit._entries.Add((section, trimmed[..equals].Trim(), trimmed[(equals + 1)..].Trim()));
        }

        return unit;
    }

    /// <summary>Every value of <paramref name="key"/> in <paramref name="section"/>, in order.</summary>
    public IReadOnlyList<string> All(string section, string key) => [.. _entries.Where(e => e.Section == section && e.Key == key).Select(e => e.Value)];

    /// <summary>The last value of <paramref name="key"/> in <paramref name="section"/> (systemd's rule for a
    /// single-valued setting), or null.</summary>
    public string? Get(string section, string key) => All(section, key).LastOrDefault();

    /// <summary>The sections the file has.</summary>
    public IReadOnlyList<string> Sections => [.. _entries.Select(e => e.Section).Distinct()];

    /// <summary><c>ExecStart</c> split into words (double quotes group), without systemd's prefixes (-, @, +, !).</summary>
    public IReadOnlyList<string> ExecStart()
    {
        var command = Get("Service", "ExecStart") ?? throw new InvalidDataException($"{Name} has no ExecStart.");
        command = command.TrimStart('-', '@', '+', '!', ':');
        return Words(command);
    }

    /// <summary>Splits a command line at white space; double-quoted parts stay one word.</summary>
    public static IReadOnlyList<string> Words(string command)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in command)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>Reads an EnvironmentFile: variable → value.</summary>
    public static IReadOnlyDictionary<string, string> ReadEnvironmentFile(string relative)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in Repo.Read(relative).Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new InvalidDataException($"{relative}: '{line}' is not KEY=VALUE.");
            }

            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] is '"' or '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            Assert.False(variables.ContainsKey(key), $"{relative} sets {key} twice.");
            variables[key] = value;
        }

        return variables;
    }
}
