using YamlDotNet.RepresentationModel;

namespace Quant.Orleans.Deploy.Tests.Support;

/// <summary>Reading YAML files (compose, Kubernetes) with YamlDotNet's representation model.</summary>
internal static class Yaml
{
    /// <summary>The root mapping of every document of <paramref name="relative"/> (a multi-document file gives several).</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string relative)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(Repo.Read(relative)))
        {
            stream.Load(reader);
        }

        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    /// <summary>The node at <paramref name="path"/> below <paramref name="node"/> (mapping keys), or null.</summary>
    public static YamlNode? At(this YamlNode? node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode mapping || !mapping.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>The scalar's text, or null when the node is absent or not a scalar.</summary>
    public static string? Text(this YamlNode? node) => (node as YamlScalarNode)?.Value;

    /// <summary>The scalar at <paramref name="path"/>, or null.</summary>
    public static string? Text(this YamlNode? node, params string[] path) => node.At(path).Text();

    /// <summary>A sequence's items (none when absent).</summary>
    public static IEnumerable<YamlNode> Items(this YamlNode? node) => node is YamlSequenceNode sequence ? sequence.Children : [];

    /// <summary>A mapping's entries with scalar keys (none when absent).</summary>
    public static IEnumerable<KeyValuePair<string, YamlNode>> Entries(this YamlNode? node) =>
        node is YamlMappingNode mapping
            ? mapping.Children.Where(c => c.Key is YamlScalarNode).Select(c => new KeyValuePair<string, YamlNode>(((YamlScalarNode)c.Key).Value!, c.Value))
            : [];

    /// <summary>The strings of a sequence of scalars, or of one scalar split at white space (compose's short form).</summary>
    public static IReadOnlyList<string> Words(this YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(c => c.Text() ?? throw new InvalidDataException($"not a scalar: {c}"))],
        YamlScalarNode scalar => (scalar.Value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        _ => [],
    };
}
