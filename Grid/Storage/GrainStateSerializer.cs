using System.Text.Json;

namespace Quant.Orleans.Grid.Storage;

/// <summary>The JSON encoding every provider uses for state values (System.Text.Json, fields included, numbers exact).</summary>
internal static class GrainStateSerializer
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        IncludeFields = true,
        WriteIndented = false,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8)
        where T : new() => JsonSerializer.Deserialize<T>(utf8, Options) ?? new T();
}
