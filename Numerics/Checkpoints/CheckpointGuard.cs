using System.Globalization;

namespace Quant.Orleans.Numerics.Checkpoints;

/// <summary>
/// The checks that every <c>Restore</c> applies to a checkpoint before it touches a live object (fail fast: a corrupt
/// checkpoint is refused, never half-applied). Each message starts with the field's path, e.g. <c>UkfState.Covariance</c>,
/// and the exception's parameter name is <c>state</c>.
/// </summary>
internal static class CheckpointGuard
{
    /// <summary>The parameter name that every restore reports.</summary>
    public const string Parameter = "state";

    /// <summary>Throws when <paramref name="value"/> is null.</summary>
    /// <exception cref="ArgumentException">The field is null.</exception>
    public static T NotNull<T>(T? value, string field)
        where T : class
        => value ?? throw new ArgumentException($"{field} is null.", Parameter);

    /// <summary>Throws unless the array is present and of length <paramref name="expected"/>.</summary>
    /// <exception cref="ArgumentException">The array is null or its length differs.</exception>
    public static T[] Length<T>(T[]? values, int expected, string field)
    {
        NotNull(values, field);
        if (values!.Length != expected)
        {
            throw new ArgumentException($"{field} has length {values.Length}, expected {expected}.", Parameter);
        }

        return values;
    }

    /// <summary>Throws unless every value is finite.</summary>
    /// <exception cref="ArgumentException">The array is null or a value is NaN or infinite (its index is named).</exception>
    public static double[] Finite(double[]? values, string field)
    {
        NotNull(values, field);
        for (var i = 0; i < values!.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{field}[{i}] = {Format(values[i])} is not finite.", Parameter);
            }
        }

        return values;
    }

    /// <summary>Throws unless the array has length <paramref name="expected"/> and every value is finite.</summary>
    /// <exception cref="ArgumentException">See <see cref="Length{T}"/> and <see cref="Finite(double[], string)"/>.</exception>
    public static double[] FiniteLength(double[]? values, int expected, string field) => Finite(Length(values, expected, field), field);

    /// <summary>Throws unless <paramref name="value"/> is finite.</summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite.</exception>
    public static double Finite(double value, string field)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"{field} = {Format(value)} is not finite.", Parameter);
        }

        return value;
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ 0.</summary>
    /// <exception cref="ArgumentException">The value is negative.</exception>
    public static long NonNegative(long value, string field)
    {
        if (value < 0)
        {
            throw new ArgumentException($"{field} = {value} must not be negative.", Parameter);
        }

        return value;
    }

    /// <summary>Throws with <paramref name="rule"/> when <paramref name="holds"/> is false.</summary>
    /// <exception cref="ArgumentException">The rule is broken.</exception>
    public static void Rule(bool holds, string field, string rule)
    {
        if (!holds)
        {
            throw new ArgumentException($"{field}: {rule}", Parameter);
        }
    }

    /// <summary>Throws unless the checkpoint's schema version is <paramref name="supported"/>.</summary>
    /// <exception cref="ArgumentException">The version differs.</exception>
    public static void Version(int version, int supported, string record)
    {
        if (version != supported)
        {
            throw new ArgumentException($"{record}.Version = {version} is not supported; this build reads version {supported}.", Parameter);
        }
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
