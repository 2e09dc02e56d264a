using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// The content address of a version: SHA-256 over the canonical JSON of its <see cref="VersionManifest"/>. Canonical
/// JSON here: the manifest serialized with <see cref="RegistryJson"/> (snake_case names and enum values), object keys
/// sorted ordinally at every level, array order kept, no whitespace, strings escaped minimally (only '"', '\' and
/// control characters; any other character, '≥' or '&lt;' included, is written as itself), numbers as
/// System.Text.Json writes a double (shortest round-trip text), UTF-8. It equals Python's
/// <c>json.dumps(m, sort_keys=True, separators=(',', ':'), ensure_ascii=False)</c> of the same manifest for numbers
/// that need no exponent (checked by <c>Registry/make_content_hash_fixture.py</c>). The manifest lists the SHA-256 of
/// every artefact file, so the address covers the files and the provenance together: changing one byte of a file or
/// one field changes it.
/// </summary>
public static class ContentAddress
{
    /// <summary>Characters of the hash that form the version id.</summary>
    public const int IdLength = 16;

    private static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = false };

    /// <summary>The canonical JSON of a manifest, UTF-8.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>The bytes that <see cref="Hash"/> hashes.</returns>
    public static byte[] CanonicalJson(VersionManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var node = JsonSerializer.SerializeToNode(manifest, RegistryJson.Compact);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, Writer))
        {
            Write(writer, node);
        }

        return stream.ToArray();
    }

    /// <summary>The full content hash of a manifest: SHA-256 of <see cref="CanonicalJson"/>.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>64 lower-case hex digits.</returns>
    public static string Hash(VersionManifest manifest) => Sha256(CanonicalJson(manifest));

    /// <summary>The version id of a content hash: its first <see cref="IdLength"/> hex digits (64 bits; a family
    /// would need about 4·10⁹ versions before a collision became likely, and loading compares the full hash).</summary>
    /// <param name="contentHash">64 hex digits.</param>
    /// <returns>The id, e.g. <c>0ca93bc1989f9e4d</c>.</returns>
    /// <exception cref="ArgumentException">The hash is not 64 characters long.</exception>
    public static string VersionId(string contentHash)
    {
        ArgumentNullException.ThrowIfNull(contentHash);
        if (contentHash.Length != 64)
        {
            throw new ArgumentException($"a content hash has 64 hex digits; got {contentHash.Length} characters.", nameof(contentHash));
        }

        return contentHash[..IdLength];
    }

    /// <summary>SHA-256 of bytes, lower-case hex.</summary>
    /// <param name="bytes">The bytes.</param>
    /// <returns>64 hex digits.</returns>
    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
