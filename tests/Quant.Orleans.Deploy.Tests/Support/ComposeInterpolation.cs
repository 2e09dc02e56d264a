using System.Text.RegularExpressions;

namespace Quant.Orleans.Deploy.Tests.Support;

/// <summary>
/// Compose's variable interpolation, as `docker compose` applies it with none of the variables set: <c>${VAR:-x}</c>
/// and <c>${VAR-x}</c> give x; <c>${VAR:?message}</c> (required) and <c>${VAR}</c> give a stand-in naming the variable
/// (what an operator supplies); <c>$$</c> is a literal <c>$</c>.
/// </summary>
internal static partial class ComposeInterpolation
{
    /// <summary>The value with every variable replaced, and the variables it reads.</summary>
    public static (string Value, IReadOnlyList<string> Variables) Apply(string text)
    {
        var variables = new List<string>();
        var value = Pattern().Replace(text, m =>
        {
            if (m.Value == "$$")
            {
                return "$";
            }

            var name = m.Groups["name"].Value;
            variables.Add(name);
            return m.Groups["op"].Value switch
            {
                ":-" or "-" => m.Groups["arg"].Value,
                _ => $"<{name}, supplied by the operator>",
            };
        });
        return (value, variables);
    }

    /// <summary>The variables a text reads.</summary>
    public static IReadOnlyList<string> Variables(string text) => Apply(text).Variables;

    [GeneratedRegex(@"\$\$|\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?+])(?<arg>[^}]*))?\}")]
    private static partial Regex Pattern();
}
