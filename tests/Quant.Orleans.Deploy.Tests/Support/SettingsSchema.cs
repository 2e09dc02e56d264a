using System.Collections;
using System.Reflection;
using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Deploy.Tests.Support;

/// <summary>
/// The silo's settings as environment variables name them, <c>QO_&lt;Section&gt;__&lt;Key&gt;</c> (an array element:
/// <c>QO_Cluster__Roles__0</c>), read by reflection from <see cref="SiloSettings"/>: its sections are its settable
/// class-typed properties, and a section's settings are that type's settable properties. Names must match exactly
/// (the configuration binder would forgive the case; these files should not rely on it).
/// </summary>
internal static class SettingsSchema
{
    /// <summary>The prefix the silo reads its environment variables with.</summary>
    public const string Prefix = "QO_";

    /// <summary>Section name → setting name → property.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, PropertyInfo>> Sections { get; } = Build();

    /// <summary>The configuration key of <paramref name="variable"/> (<c>QO_Grid__SiloPort</c> → <c>Grid:SiloPort</c>),
    /// or why it names no setting.</summary>
    public static (string? Key, string? Problem) Resolve(string variable)
    {
        if (!variable.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (null, $"{variable} is not a silo setting: they are {Prefix}<Section>__<Key>.");
        }

        var parts = variable[Prefix.Length..].Split("__");
        if (parts.Length < 2 || parts.Any(string.IsNullOrEmpty))
        {
            return (null, $"{variable} names no setting: a setting is {Prefix}<Section>__<Key> (sections: {string.Join(", ", Sections.Keys)}).");
        }

        if (!Sections.TryGetValue(parts[0], out var section))
        {
            return (null, $"{variable}: '{parts[0]}' is no section of the silo's settings{Hint(parts[0], Sections.Keys)} (sections: {string.Join(", ", Sections.Keys)}).");
        }

        if (!section.TryGetValue(parts[1], out var property))
        {
            return (null, $"{variable}: '{parts[1]}' is no setting of {parts[0]}{Hint(parts[1], section.Keys)} (its settings: {string.Join(", ", section.Keys)}).");
        }

        if (parts.Length > 2)
        {
            var isList = property.PropertyType.IsArray || (property.PropertyType != typeof(string) && typeof(IList).IsAssignableFrom(property.PropertyType));
            if (parts.Length != 3 || !isList || !int.TryParse(parts[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            {
                return (null, $"{variable}: {parts[0]}:{parts[1]} is a {property.PropertyType.Name}, which has no part '{string.Join("__", parts[2..])}' (only a list setting takes an index, e.g. {Prefix}Cluster__Roles__0).");
            }
        }

        return (string.Join(':', parts), null);
    }

    private static string Hint(string name, IEnumerable<string> known) =>
        known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) is { } near ? $" (did you mean '{near}'?)" : string.Empty;

    private static Dictionary<string, IReadOnlyDictionary<string, PropertyInfo>> Build()
    {
        var sections = new Dictionary<string, IReadOnlyDictionary<string, PropertyInfo>>(StringComparer.Ordinal);
        foreach (var section in typeof(SiloSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(Settable))
        {
            if (!section.PropertyType.IsClass || section.PropertyType == typeof(string))
            {
                continue;
            }

            sections[section.Name] = section.PropertyType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(Settable)
                .ToDictionary(p => p.Name, p => p, StringComparer.Ordinal);
        }

        return sections;
    }

    private static bool Settable(PropertyInfo p) => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0;
}
