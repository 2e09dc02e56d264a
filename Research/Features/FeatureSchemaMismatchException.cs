namespace Quant.Orleans.Research.Features;

/// <summary>Thrown when data or saved scaler parameters do not match the expected feature schema (version or column order).</summary>
public sealed class FeatureSchemaMismatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What differs: versions, or the first column that differs and its position.</param>
    public FeatureSchemaMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no detail.</summary>
    public FeatureSchemaMismatchException()
    {
    }

    /// <summary>Creates the exception with an inner exception.</summary>
    /// <param name="message">What differs.</param>
    /// <param name="innerException">The cause.</param>
    public FeatureSchemaMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Explains how <paramref name="actual"/> differs from <paramref name="expected"/>, or null when they match.</summary>
    internal static string? Describe(FeatureSchema expected, FeatureSchema actual)
    {
        if (expected.Version != actual.Version)
        {
            return $"feature schema version {actual.Version} does not match the fitted scaler's version {expected.Version}; refit the scaler or migrate the features.";
        }

        for (var i = 0; i < Math.Max(expected.Width, actual.Width); i++)
        {
            var e = i < expected.Width ? expected.Columns[i] : "(none)";
            var a = i < actual.Width ? actual.Columns[i] : "(none)";
            if (!string.Equals(e, a, StringComparison.Ordinal))
            {
                return $"feature column {i} is '{a}' but the fitted scaler (schema version {expected.Version}) expects '{e}' ({expected.Width} columns: {string.Join(",", expected.Columns)}).";
            }
        }

        return null;
    }
}
