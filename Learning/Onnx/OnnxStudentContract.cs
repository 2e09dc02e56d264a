using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Quant.Orleans.Learning.Onnx;

/// <summary>
/// The contract of a student served through ONNX Runtime: the sidecar file <c>onnx.json</c> (<see cref="FileName"/>)
/// in a student's model folder, beside <c>manifest.json</c>, naming the ONNX file, its SHA-256, every input and output
/// the serving code binds (name, element type, shape, meaning) and what the outputs mean: the quantile levels, the
/// horizons and the bins of the logits. Written by <see cref="OnnxStudentFolder.Write"/> for an export of this
/// library's student; a user who brings another export (Chronos-Bolt's, say) writes it by hand.
/// <para>Roles and shapes (B the batch, symbolic or 1; L the window; F + 1 the token width; H =
/// <see cref="HorizonsSeconds"/>.Count; Q = <see cref="QuantileLevels"/>.Count; K = <see cref="BinCount"/>); all
/// float32: input <c>tokens</c> (B, L, F + 1); outputs <c>quantiles</c> (B, H, Q), <c>logits</c> (B, H, K),
/// <c>position</c> (B) in [−1, 1], and optionally <c>barrier_logits</c> (B, 3) in the order down, time, up.</para>
/// <para>Three checks, each refusing a difference with an <see cref="OnnxContractMismatchException"/> that names the
/// field and both values: the contract itself (<see cref="Parse"/>: roles, types, ranks, H, Q, K), the contract against
/// the ONNX file and the session's actual inputs and outputs (<see cref="CheckFile"/>, <see cref="CheckSession"/>),
/// and the contract against what the serving code feeds and reads (<see cref="CheckServing"/>: the manifest's window,
/// columns, quantile levels, horizons and bins).</para>
/// </summary>
public sealed record OnnxStudentContract
{
    /// <summary>The contract's file name in a model folder.</summary>
    public const string FileName = "onnx.json";

    /// <summary>The ONNX file name <see cref="OnnxStudentFolder.Write"/> uses.</summary>
    public const string DefaultModelFile = "student.onnx";

    /// <summary>The contract format this code reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Role of the input: the window of tokens.</summary>
    public const string TokensRole = "tokens";

    /// <summary>Role of the output of quantiles.</summary>
    public const string QuantilesRole = "quantiles";

    /// <summary>Role of the output of bin logits.</summary>
    public const string LogitsRole = "logits";

    /// <summary>Role of the output of the position.</summary>
    public const string PositionRole = "position";

    /// <summary>Role of the optional output of triple-barrier logits.</summary>
    public const string BarrierLogitsRole = "barrier_logits";

    private const string Float32 = "float32";

    private static readonly string[] OutputRoles = [QuantilesRole, LogitsRole, PositionRole, BarrierLogitsRole];

    /// <summary>The contract format version (<see cref="CurrentFormatVersion"/>).</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The ONNX file's name in the model folder (a plain file name).</summary>
    public required string File { get; init; }

    /// <summary>SHA-256 of the ONNX file, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>The inputs: exactly one, the <c>tokens</c>.</summary>
    public required IReadOnlyList<OnnxTensorContract> Inputs { get; init; }

    /// <summary>The outputs the serving code binds (the model may have more; they are not computed).</summary>
    public required IReadOnlyList<OnnxTensorContract> Outputs { get; init; }

    /// <summary>The quantile levels of the <c>quantiles</c> output's last axis, ascending in (0, 1).</summary>
    public required IReadOnlyList<double> QuantileLevels { get; init; }

    /// <summary>The horizons of the outputs' second axis, seconds of market time, ascending.</summary>
    public required IReadOnlyList<double> HorizonsSeconds { get; init; }

    /// <summary>K, the number of uniform bins of the <c>logits</c> output over mean-scaled returns.</summary>
    public required int BinCount { get; init; }

    /// <summary>Lower edge of the first bin, scaled units.</summary>
    public required double BinLow { get; init; }

    /// <summary>Upper edge of the last bin, scaled units.</summary>
    public required double BinHigh { get; init; }

    /// <summary>The contract of <see cref="OnnxExport.Student"/>'s export of a student.</summary>
    /// <param name="config">The exported student's configuration.</param>
    /// <param name="onnx">The exported bytes (hashed).</param>
    /// <param name="quantileLevels">The quantile head's levels, Q of them.</param>
    /// <param name="horizonsSeconds">The horizons, H of them, seconds.</param>
    /// <param name="binCount">K.</param>
    /// <param name="binLow">Lower edge of the first bin.</param>
    /// <param name="binHigh">Upper edge of the last bin.</param>
    /// <returns>The contract (checked as <see cref="Parse"/> checks one).</returns>
    /// <exception cref="OnnxContractMismatchException">The levels, horizons or bins disagree with the configuration.</exception>
    public static OnnxStudentContract ForExport(Models.ChronosStudentConfig config, ReadOnlySpan<byte> onnx, IReadOnlyList<double> quantileLevels, IReadOnlyList<double> horizonsSeconds, int binCount, double binLow, double binHigh)
    {
        ArgumentNullException.ThrowIfNull(config);
        var contract = new OnnxStudentContract
        {
            File = DefaultModelFile,
            Sha256 = Hash(onnx),
            Inputs =
            [
                new(TokensRole, OnnxExport.InputName, Float32, [null, config.Window, config.InputFeatures], "window of tokens, (batch, L, F + 1): the standardised raw columns, then the log-mid path since the last step over the mean scale; the last step is the forecast origin"),
            ],
            Outputs =
            [
                new(QuantilesRole, OnnxExport.QuantilesName, Float32, [null, config.Horizons, config.QuantileCount], "quantiles of the mean-scaled return per horizon, (batch, H, Q): horizons as horizons_seconds, levels as quantile_levels; multiply by mean scale × √(horizon steps) for a log return"),
                new(LogitsRole, OnnxExport.LogitsName, Float32, [null, config.Horizons, config.Bins], "logits over the bins of the mean-scaled return per horizon, (batch, H, K): K uniform bins over [bins.low, bins.high]"),
                new(PositionRole, OnnxExport.PositionName, Float32, [null], "target position, (batch), tanh of the position head, in [-1, 1]"),
                new(BarrierLogitsRole, OnnxExport.BarrierLogitsName, Float32, [null, Models.ChronosStudent.BarrierClasses], "triple-barrier class logits, (batch, 3): down, time, up"),
            ],
            QuantileLevels = quantileLevels.ToArray(),
            HorizonsSeconds = horizonsSeconds.ToArray(),
            BinCount = binCount,
            BinLow = binLow,
            BinHigh = binHigh,
        };
        contract.Validate(FileName);
        return contract;
    }

    /// <summary>Reads a contract from JSON and checks it on its own (unknown fields are refused).</summary>
    /// <param name="json">The text of <c>onnx.json</c>.</param>
    /// <param name="path">The file's path, for messages.</param>
    /// <returns>The contract.</returns>
    /// <exception cref="OnnxContractMismatchException">A field is missing, unknown, of the wrong JSON type, or breaks
    /// a rule of the roles above (the field and its value named).</exception>
    public static OnnxStudentContract Parse(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new OnnxContractMismatchException(string.Empty, $"'{path}' is not valid JSON: {e.Message}");
        }

        using (document)
        {
            var root = Object(document.RootElement, string.Empty, path, "format_version", "file", "sha256", "inputs", "outputs", "quantile_levels", "horizons_seconds", "bins");
            var bins = Object(Required(root, "bins", path), "bins", path, "count", "low", "high");
            var contract = new OnnxStudentContract
            {
                FormatVersion = Int(Required(root, "format_version", path), "format_version", path),
                File = Text(Required(root, "file", path), "file", path),
                Sha256 = Text(Required(root, "sha256", path), "sha256", path),
                Inputs = Tensors(Required(root, "inputs", path), "inputs", path),
                Outputs = Tensors(Required(root, "outputs", path), "outputs", path),
                QuantileLevels = Numbers(Required(root, "quantile_levels", path), "quantile_levels", path),
                HorizonsSeconds = Numbers(Required(root, "horizons_seconds", path), "horizons_seconds", path),
                BinCount = Int(Required(bins, "count", path, "bins."), "bins.count", path),
                BinLow = Number(Required(bins, "low", path, "bins."), "bins.low", path),
                BinHigh = Number(Required(bins, "high", path, "bins."), "bins.high", path),
            };
            contract.Validate(path);
            return contract;
        }
    }

    /// <summary>The contract as indented JSON (snake_case fields, the batch dimension as <c>"batch"</c>).</summary>
    /// <returns>The text of <c>onnx.json</c>.</returns>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("format_version", FormatVersion);
            w.WriteString("file", File);
            w.WriteString("sha256", Sha256);
            WriteTensors(w, "inputs", Inputs);
            WriteTensors(w, "outputs", Outputs);
            w.WriteStartArray("quantile_levels");
            foreach (var q in QuantileLevels)
            {
                w.WriteNumberValue(q);
            }

            w.WriteEndArray();
            w.WriteStartArray("horizons_seconds");
            foreach (var h in HorizonsSeconds)
            {
                w.WriteNumberValue(h);
            }

            w.WriteEndArray();
            w.WriteStartObject("bins");
            w.WriteNumber("count", BinCount);
            w.WriteNumber("low", BinLow);
            w.WriteNumber("high", BinHigh);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The tensor of a role, or null for an absent optional output.</summary>
    /// <param name="role">One of the roles.</param>
    /// <returns>The tensor's contract.</returns>
    public OnnxTensorContract? Tensor(string role) => Inputs.Concat(Outputs).FirstOrDefault(t => t.Role == role);

    /// <summary>Checks the ONNX file's bytes against <see cref="Sha256"/>.</summary>
    /// <param name="onnx">The bytes of <see cref="File"/>.</param>
    /// <param name="path">The contract's path, for messages.</param>
    /// <exception cref="OnnxContractMismatchException">The hash differs (field <c>sha256</c>, both hashes).</exception>
    public void CheckFile(ReadOnlySpan<byte> onnx, string path)
    {
        var actual = Hash(onnx);
        if (!string.Equals(actual, Sha256, StringComparison.Ordinal))
        {
            throw Mismatch(path, "sha256", $"is '{Sha256}' but the SHA-256 of '{File}' is '{actual}'");
        }
    }

    /// <summary>Checks the contract against an ONNX Runtime session's actual inputs and outputs: every declared tensor
    /// exists under its name with its element type and shape (the contract's <c>batch</c> matches a symbolic
    /// dimension, a number only the same fixed dimension), and the model has no input the contract does not declare.</summary>
    /// <param name="session">The session of <see cref="File"/>.</param>
    /// <param name="path">The contract's path, for messages.</param>
    /// <exception cref="OnnxContractMismatchException">A difference (the field, e.g. <c>outputs[0].shape</c>, and both
    /// values).</exception>
    public void CheckSession(InferenceSession session, string path)
    {
        ArgumentNullException.ThrowIfNull(session);
        CheckNodes(session.InputMetadata, Inputs, "inputs", "input", path);
        CheckNodes(session.OutputMetadata, Outputs, "outputs", "output", path);
        var undeclared = session.InputMetadata.Keys.Where(k => Inputs.All(t => t.Name != k)).ToArray();
        if (undeclared.Length > 0)
        {
            throw Mismatch(path, "inputs", $"declares {string.Join(", ", Inputs.Select(t => $"'{t.Name}'"))} but the ONNX model also has the input(s) {string.Join(", ", undeclared.Select(k => $"'{k}'"))}, which the serving code cannot feed");
        }
    }

    /// <summary>Checks the contract against what the serving code feeds and reads (the model folder's manifest).</summary>
    /// <param name="window">L, steps per window.</param>
    /// <param name="tokenWidth">F + 1, token values per step.</param>
    /// <param name="quantileLevels">The manifest's quantile levels.</param>
    /// <param name="horizonsSeconds">The manifest's horizons, seconds.</param>
    /// <param name="binCount">The manifest's bin count.</param>
    /// <param name="binLow">The manifest's lower bin edge.</param>
    /// <param name="binHigh">The manifest's upper bin edge.</param>
    /// <param name="path">The contract's path, for messages.</param>
    /// <exception cref="OnnxContractMismatchException">A difference (the field and both values).</exception>
    public void CheckServing(int window, int tokenWidth, IReadOnlyList<double> quantileLevels, IReadOnlyList<double> horizonsSeconds, int binCount, double binLow, double binHigh, string path)
    {
        ArgumentNullException.ThrowIfNull(quantileLevels);
        ArgumentNullException.ThrowIfNull(horizonsSeconds);
        var (index, tokens) = Find(Inputs, TokensRole);
        Same(path, $"inputs[{index}].shape[1]", tokens.Shape[1], window, "the manifest's window");
        Same(path, $"inputs[{index}].shape[2]", tokens.Shape[2], tokenWidth, "the manifest's schema width + 1 (the log-mid path)");
        Same(path, "quantile_levels", Join(QuantileLevels), Join(quantileLevels), "the manifest's quantiles");
        Same(path, "horizons_seconds", Join(HorizonsSeconds), Join(horizonsSeconds), "the manifest's horizons_seconds");
        Same(path, "bins.count", BinCount, binCount, "the manifest's bins.count");
        Same(path, "bins.low", Join([BinLow]), Join([binLow]), "the manifest's bins.low");
        Same(path, "bins.high", Join([BinHigh]), Join([binHigh]), "the manifest's bins.high");
    }

    /// <summary>SHA-256, lower-case hex.</summary>
    internal static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private void Validate(string path)
    {
        if (FormatVersion != CurrentFormatVersion)
        {
            throw Mismatch(path, "format_version", $"is {FormatVersion} but this code reads {CurrentFormatVersion}");
        }

        if (File.Length == 0 || Path.GetFileName(File) != File || File is "." or "..")
        {
            throw Mismatch(path, "file", $"is '{File}'; it must be a plain file name in the model folder");
        }

        if (Sha256.Length != 64 || Sha256.Any(c => !char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c)))
        {
            throw Mismatch(path, "sha256", $"is '{Sha256}'; it must be 64 lower-case hex digits");
        }

        Ascending(path, "quantile_levels", QuantileLevels, 0, 1);
        Ascending(path, "horizons_seconds", HorizonsSeconds, 0, double.PositiveInfinity);
        if (BinCount < 2 || !double.IsFinite(BinLow) || !double.IsFinite(BinHigh) || !(BinLow < BinHigh))
        {
            throw Mismatch(path, "bins", $"is (count {BinCount}, low {BinLow}, high {BinHigh}); it needs count >= 2 and finite low < high");
        }

        if (Inputs.Count != 1 || Inputs[0].Role != TokensRole)
        {
            throw Mismatch(path, "inputs", $"has roles [{string.Join(", ", Inputs.Select(t => t.Role))}] but a student has exactly one input, role '{TokensRole}'");
        }

        foreach (var (t, i) in Outputs.Select((t, i) => (t, i)))
        {
            if (!OutputRoles.Contains(t.Role) || Outputs.Take(i).Any(o => o.Role == t.Role))
            {
                throw Mismatch(path, $"outputs[{i}].role", $"is '{t.Role}'; each output role appears once and is one of {string.Join(", ", OutputRoles)}");
            }
        }

        var h = HorizonsSeconds.Count;
        var q = QuantileLevels.Count;
        Shape(path, TokensRole, 3, null, null);
        Shape(path, QuantilesRole, 3, (1, h, "horizons_seconds has"), (2, q, "quantile_levels has"));
        Shape(path, LogitsRole, 3, (1, h, "horizons_seconds has"), (2, BinCount, "bins.count is"));
        Shape(path, PositionRole, 1, null, null);
        if (Tensor(BarrierLogitsRole) is not null)
        {
            Shape(path, BarrierLogitsRole, 2, (1, Models.ChronosStudent.BarrierClasses, "the barrier classes (down, time, up) are"), null);
        }
    }

    private void Shape(string path, string role, int rank, (int Axis, int Size, string What)? a, (int Axis, int Size, string What)? b)
    {
        var isInput = role == TokensRole;
        var list = isInput ? Inputs : Outputs;
        var (index, tensor) = Find(list, role) is var found && found.Tensor is not null
            ? found
            : throw Mismatch(path, isInput ? "inputs" : "outputs", $"has no tensor of role '{role}', which the serving code reads");
        var field = $"{(isInput ? "inputs" : "outputs")}[{index}]";
        if (tensor.ElementType != Float32)
        {
            throw Mismatch(path, field + ".dtype", $"is '{tensor.ElementType}'; the serving code feeds and reads {Float32} only");
        }

        if (tensor.Name.Length == 0)
        {
            throw Mismatch(path, field + ".name", "is empty");
        }

        if (tensor.Shape.Count != rank || tensor.Shape[0] is not (null or 1) || tensor.Shape.Skip(1).Any(d => d is not > 0))
        {
            throw Mismatch(path, field + ".shape", $"is {tensor.DescribeShape()}; role '{role}' needs rank {rank}, a first dimension '{OnnxExport.BatchDimension}' or 1 and positive fixed others");
        }

        foreach (var (axis, size, what) in new[] { a, b }.OfType<(int, int, string)>())
        {
            if (tensor.Shape[axis] != size)
            {
                throw Mismatch(path, $"{field}.shape[{axis}]", $"is {tensor.Shape[axis]} but {what} {size}");
            }
        }
    }

    private static (int Index, OnnxTensorContract Tensor) Find(IReadOnlyList<OnnxTensorContract> list, string role)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Role == role)
            {
                return (i, list[i]);
            }
        }

        return (-1, null!);
    }

    private static void CheckNodes(IReadOnlyDictionary<string, NodeMetadata> nodes, IReadOnlyList<OnnxTensorContract> declared, string list, string kind, string path)
    {
        for (var i = 0; i < declared.Count; i++)
        {
            var t = declared[i];
            if (!nodes.TryGetValue(t.Name, out var node))
            {
                throw Mismatch(path, $"{list}[{i}].name", $"is '{t.Name}' but the ONNX model's {kind}s are {string.Join(", ", nodes.Keys.Select(k => $"'{k}'"))}");
            }

            var type = node.IsTensor ? ElementTypeName(node.ElementDataType) : node.OnnxValueType.ToString();
            if (type != t.ElementType)
            {
                throw Mismatch(path, $"{list}[{i}].dtype", $"is '{t.ElementType}' but the ONNX model's {kind} '{t.Name}' is '{type}'");
            }

            var dims = node.Dimensions;
            var matches = dims.Length == t.Shape.Count;
            for (var d = 0; matches && d < dims.Length; d++)
            {
                matches = t.Shape[d] is { } fixedSize ? dims[d] == fixedSize : dims[d] < 0;
            }

            if (!matches)
            {
                var actual = "[" + string.Join(", ", dims.Select((v, d) => v >= 0 ? v.ToString(CultureInfo.InvariantCulture) : (node.SymbolicDimensions.Length > d && node.SymbolicDimensions[d].Length > 0 ? node.SymbolicDimensions[d] : "?"))) + "]";
                throw Mismatch(path, $"{list}[{i}].shape", $"is {t.DescribeShape()} but the ONNX model's {kind} '{t.Name}' has {actual}");
            }
        }
    }

    private static string ElementTypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float32",
        TensorElementType.Double => "float64",
        TensorElementType.Float16 => "float16",
        TensorElementType.BFloat16 => "bfloat16",
        TensorElementType.Int8 => "int8",
        TensorElementType.UInt8 => "uint8",
        TensorElementType.Int16 => "int16",
        TensorElementType.UInt16 => "uint16",
        TensorElementType.Int32 => "int32",
        TensorElementType.UInt32 => "uint32",
        TensorElementType.Int64 => "int64",
        TensorElementType.UInt64 => "uint64",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static void Ascending(string path, string field, IReadOnlyList<double> values, double low, double high)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (!(values[i] > low && values[i] < high) || (i > 0 && !(values[i] > values[i - 1])))
            {
                throw Mismatch(path, field, $"is [{Join(values)}]; it must be strictly ascending within ({low}, {high})");
            }
        }

        if (values.Count == 0)
        {
            throw Mismatch(path, field, "is empty");
        }
    }

    private static void Same(string path, string field, long? declared, long expected, string what)
    {
        if (declared != expected)
        {
            throw Mismatch(path, field, $"is {declared} but {what} is {expected}");
        }
    }

    private static void Same(string path, string field, string declared, string expected, string what)
    {
        if (!string.Equals(declared, expected, StringComparison.Ordinal))
        {
            throw Mismatch(path, field, $"is [{declared}] but {what} is [{expected}]");
        }
    }

    private static string Join(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static OnnxContractMismatchException Mismatch(string path, string field, string rest) =>
        new(field, $"'{path}': field '{field}' {rest}.");

    private static void WriteTensors(Utf8JsonWriter w, string name, IReadOnlyList<OnnxTensorContract> tensors)
    {
        w.WriteStartArray(name);
        foreach (var t in tensors)
        {
            w.WriteStartObject();
            w.WriteString("role", t.Role);
            w.WriteString("name", t.Name);
            w.WriteString("dtype", t.ElementType);
            w.WriteStartArray("shape");
            foreach (var d in t.Shape)
            {
                if (d is { } v)
                {
                    w.WriteNumberValue(v);
                }
                else
                {
                    w.WriteStringValue(OnnxExport.BatchDimension);
                }
            }

            w.WriteEndArray();
            w.WriteString("meaning", t.Meaning);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static JsonElement Object(JsonElement element, string field, string path, params string[] known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Mismatch(path, field.Length == 0 ? "(root)" : field, $"is a JSON {element.ValueKind}; it must be an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
            {
                var name = field.Length == 0 ? property.Name : $"{field}.{property.Name}";
                throw Mismatch(path, name, $"is not a field of the contract (known: {string.Join(", ", known)})");
            }
        }

        return element;
    }

    private static JsonElement Required(JsonElement element, string name, string path, string prefix = "") =>
        element.TryGetProperty(name, out var value) ? value : throw Mismatch(path, prefix + name, "is missing");

    private static string Text(JsonElement e, string field, string path) =>
        e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Mismatch(path, field, $"is a JSON {e.ValueKind}; it must be a string");

    private static double Number(JsonElement e, string field, string path) =>
        e.ValueKind == JsonValueKind.Number ? e.GetDouble() : throw Mismatch(path, field, $"is a JSON {e.ValueKind}; it must be a number");

    private static int Int(JsonElement e, string field, string path) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var v) ? v : throw Mismatch(path, field, $"is {e.GetRawText()}; it must be an integer");

    private static double[] Numbers(JsonElement e, string field, string path) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select((v, i) => Number(v, $"{field}[{i}]", path)).ToArray() : throw Mismatch(path, field, $"is a JSON {e.ValueKind}; it must be an array of numbers");

    private static OnnxTensorContract[] Tensors(JsonElement e, string field, string path)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw Mismatch(path, field, $"is a JSON {e.ValueKind}; it must be an array of tensors");
        }

        return e.EnumerateArray().Select((t, i) =>
        {
            var f = $"{field}[{i}]";
            Object(t, f, path, "role", "name", "dtype", "shape", "meaning");
            var shape = Required(t, "shape", path, f + ".");
            if (shape.ValueKind != JsonValueKind.Array)
            {
                throw Mismatch(path, f + ".shape", $"is a JSON {shape.ValueKind}; it must be an array");
            }

            var dims = shape.EnumerateArray().Select((d, k) => d.ValueKind == JsonValueKind.String && d.GetString() == OnnxExport.BatchDimension
                ? (long?)null
                : d.ValueKind == JsonValueKind.Number && d.TryGetInt64(out var n) ? n : throw Mismatch(path, $"{f}.shape[{k}]", $"is {d.GetRawText()}; a dimension is a positive integer or \"{OnnxExport.BatchDimension}\"")).ToArray();
            return new OnnxTensorContract(
                Text(Required(t, "role", path, f + "."), f + ".role", path),
                Text(Required(t, "name", path, f + "."), f + ".name", path),
                Text(Required(t, "dtype", path, f + "."), f + ".dtype", path),
                dims,
                t.TryGetProperty("meaning", out var m) ? Text(m, f + ".meaning", path) : string.Empty);
        }).ToArray();
    }
}
