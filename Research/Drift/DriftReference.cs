using System.Text.Json;
using Quant.Orleans.Research.Registry;

namespace Quant.Orleans.Research.Drift;

/// <summary>
/// <c>drift-reference.json</c>, one of a registered version's files: the training distribution its served inputs and
/// predictions are compared with (PSI and two-sample KS, <see cref="RolloutRules"/>). Each sample is at most
/// <see cref="MaxValues"/> finite values, taken evenly over the source in its order (<see cref="Thin"/>), so the file
/// stays small and the same source always gives the same file.
/// </summary>
/// <param name="Method">How the samples were taken (days, symbols, sampling), for the journal.</param>
/// <param name="FeatureNames">Names of the monitored input columns, in the order of <paramref name="Features"/>.</param>
/// <param name="Features">One sample per column, finite values.</param>
/// <param name="Predictions">The model's forecasts (μ of the served horizon's log return) on the reference data.</param>
public sealed record DriftReference(string Method, string[] FeatureNames, double[][] Features, double[] Predictions)
{
    /// <summary>The file's name among a version's files.</summary>
    public const string FileName = "drift-reference.json";

    /// <summary>Most values kept per sample.</summary>
    public const int MaxValues = 5000;

    /// <summary>Checks the shapes and values.</summary>
    /// <exception cref="InvalidDataException">Names and samples disagree, a sample is empty, or a value is not finite
    /// (the column and position are named).</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Method) || FeatureNames is null || Features is null || Predictions is null)
        {
            throw new InvalidDataException($"{FileName}: method, feature_names, features and predictions are required.");
        }

        if (FeatureNames.Length != Features.Length)
        {
            throw new InvalidDataException($"{FileName}: {FeatureNames.Length} feature names but {Features.Length} feature samples.");
        }

        Check(Predictions, "predictions");
        for (var i = 0; i < Features.Length; i++)
        {
            Check(Features[i], $"features[{FeatureNames[i]}]");
        }
    }

    /// <summary>The JSON bytes (registry JSON rules: snake_case, strict numbers).</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson()
    {
        Validate();
        return JsonSerializer.SerializeToUtf8Bytes(this, RegistryJson.Indented);
    }

    /// <summary>Reads and checks a reference.</summary>
    /// <param name="json">UTF-8 JSON.</param>
    /// <param name="source">Where it came from, for messages.</param>
    /// <returns>The reference.</returns>
    /// <exception cref="InvalidDataException">Not a valid reference (the source and reason are named).</exception>
    public static DriftReference FromJson(ReadOnlySpan<byte> json, string source)
    {
        DriftReference? reference;
        try
        {
            reference = JsonSerializer.Deserialize<DriftReference>(json, RegistryJson.Indented);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{source}' is not a drift reference: {e.Message}", e);
        }

        if (reference is null)
        {
            throw new InvalidDataException($"'{source}' holds no drift reference.");
        }

        try
        {
            reference.Validate();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{source}': {e.Message}", e);
        }

        return reference;
    }

    /// <summary>At most <paramref name="max"/> values of <paramref name="values"/>, taken evenly over it in order:
    /// element <c>⌊i·n/max⌋</c> for i = 0..max−1 when n &gt; max; all of them otherwise.</summary>
    /// <param name="values">The source, in its order.</param>
    /// <param name="max">Most values kept, ≥ 1.</param>
    /// <returns>The thinned copy.</returns>
    public static double[] Thin(IReadOnlyList<double> values, int max = MaxValues)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var n = values.Count;
        if (n <= max)
        {
            return [.. values];
        }

        var result = new double[max];
        for (var i = 0; i < max; i++)
        {
            result[i] = values[(int)((long)i * n / max)];
        }

        return result;
    }

    private static void Check(double[] sample, string name)
    {
        if (sample is null || sample.Length == 0)
        {
            throw new InvalidDataException($"{FileName}: the {name} sample is empty.");
        }

        for (var i = 0; i < sample.Length; i++)
        {
            if (!double.IsFinite(sample[i]))
            {
                throw new InvalidDataException($"{FileName}: {name}[{i}] is {sample[i]}; only finite values are kept.");
            }
        }
    }
}
