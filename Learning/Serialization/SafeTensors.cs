using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Serialization;

/// <summary>
/// Reads and writes the safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of UTF-8
/// JSON mapping each name to {"dtype", "shape", "data_offsets": [begin, end]} (offsets relative to the end of the
/// header; an optional "__metadata__" map of strings), then the raw little-endian data. Only F32 is read and written.
/// </summary>
public static class SafeTensors
{
    /// <summary>Reads every tensor of a file, keyed by name.</summary>
    /// <exception cref="InvalidDataException">The file is truncated, the header is not valid JSON, a dtype is not F32,
    /// or offsets do not match shapes (the message names the file and the tensor).</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = File.ReadAllBytes(path);
        try
        {
            return Read(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Reads every tensor of an in-memory safetensors image.</summary>
    /// <exception cref="InvalidDataException">The data is malformed (see <see cref="Read(string)"/>).</exception>
    public static Dictionary<string, Tensor> Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException("Shorter than the 8-byte header length.");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"Header length {headerLength} exceeds the file ({bytes.Length} bytes).");
        }

        var data = bytes[(8 + (int)headerLength)..];
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes.Slice(8, (int)headerLength).ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Header is not valid JSON: {e.Message}", e);
        }

        using (doc)
        {
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    continue;
                }

                var dtype = entry.Value.GetProperty("dtype").GetString();
                if (dtype != "F32")
                {
                    throw new InvalidDataException($"Tensor '{entry.Name}' has dtype {dtype}; only F32 is supported.");
                }

                var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
                var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                var count = ShapeUtil.Count(shape);
                if (offsets.Length != 2 || offsets[1] - offsets[0] != 4L * count || offsets[1] > data.Length || offsets[0] < 0)
                {
                    throw new InvalidDataException($"Tensor '{entry.Name}': offsets [{string.Join(", ", offsets)}] do not hold shape {ShapeUtil.Format(shape)} within {data.Length} data bytes.");
                }

                var t = Tensor.Zeros(shape);
                var src = data.Slice((int)offsets[0], count * 4);
                var dst = t.Span;
                for (var i = 0; i < count; i++)
                {
                    dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src[(i * 4)..]);
                }

                t.Name = entry.Name;
                result[entry.Name] = t;
            }
        }

        return result;
    }

    /// <summary>Writes tensors (in name order) to a file, replacing it.</summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(path);
        File.WriteAllBytes(path, Serialize(tensors));
    }

    /// <summary>The safetensors image of the tensors (names sorted ordinally, data 8-byte aligned by header padding).</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var names = tensors.Keys.OrderBy(k => k, StringComparer.Ordinal).ToArray();
        var header = new StringBuilder("{");
        long offset = 0;
        foreach (var name in names)
        {
            var t = tensors[name];
            if (header.Length > 1)
            {
                header.Append(',');
            }

            header.Append(JsonSerializer.Serialize(name)).Append(":{\"dtype\":\"F32\",\"shape\":[")
                .Append(string.Join(',', t.Shape)).Append("],\"data_offsets\":[").Append(offset).Append(',')
                .Append(offset + (4L * t.Length)).Append("]}");
            offset += 4L * t.Length;
        }

        header.Append('}');
        while ((8 + Encoding.UTF8.GetByteCount(header.ToString())) % 8 != 0)
        {
            header.Append(' ');
        }

        var headerBytes = Encoding.UTF8.GetBytes(header.ToString());
        var result = new byte[8 + headerBytes.Length + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)headerBytes.Length);
        headerBytes.CopyTo(result, 8);
        var pos = 8 + headerBytes.Length;
        foreach (var name in names)
        {
            var t = tensors[name];
            for (var i = 0; i < t.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(result.AsSpan(pos), t[i]);
                pos += 4;
            }
        }

        return result;
    }
}
