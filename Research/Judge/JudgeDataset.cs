using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Quant.Orleans.Research.Features;
using Quant.Orleans.Research.Labels;
using Quant.Orleans.Research.Validation;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// The judge's training table: one row per candidate, sorted by entry step, with its causal features, its meta-label,
/// its sample weight and its label interval (for purging).
/// </summary>
/// <param name="Schema">Feature schema of <paramref name="Features"/>.</param>
/// <param name="Features">Row-major float32 features, shape (m, d).</param>
/// <param name="Labels">Meta-labels 0/1, shape (m).</param>
/// <param name="Weights">Sample weights &gt; 0, shape (m): average uniqueness of each label (AFML snippet 4.2).</param>
/// <param name="NetReturns">Net return of taking each candidate (fractions of notional), shape (m).</param>
/// <param name="Spans">Label intervals [entry step, touch step] (inclusive, grid steps), sorted by start, shape (m).</param>
/// <param name="Times">Entry times, UTC ns, shape (m).</param>
public sealed record JudgeDataset(FeatureSchema Schema, float[] Features, byte[] Labels, double[] Weights, double[] NetReturns, LabelSpan[] Spans, long[] Times)
{
    /// <summary>Number of rows m.</summary>
    public int Rows => Labels.Length;

    /// <summary>Assembles a data set from features and meta-labels; weights are the labels' average uniqueness over the
    /// grid (<see cref="SampleWeights.AverageUniqueness"/>, concurrency counted over [entry, touch] in grid steps).</summary>
    /// <param name="schema">Schema of <paramref name="features"/>.</param>
    /// <param name="features">Row-major features, shape (m, d), from <see cref="JudgeFeatures.Compute"/>.</param>
    /// <param name="labels">Meta-labels from <see cref="JudgeLabeler.Label"/>, shape (m), sorted by entry step.</param>
    /// <param name="marketSteps">Grid length n the labels index into.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="ArgumentException">Shapes differ, or as for <see cref="Validate"/>.</exception>
    public static JudgeDataset Create(FeatureSchema schema, float[] features, IReadOnlyList<JudgeLabel> labels, int marketSteps)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        var m = labels.Count;
        var starts = new int[m];
        var ends = new int[m];
        var y = new byte[m];
        var net = new double[m];
        var spans = new LabelSpan[m];
        var times = new long[m];
        for (var i = 0; i < m; i++)
        {
            starts[i] = labels[i].StartIndex;
            ends[i] = labels[i].TouchIndex;
            y[i] = labels[i].Label;
            net[i] = labels[i].NetReturn;
            spans[i] = new LabelSpan(starts[i], ends[i]);
            times[i] = labels[i].StartTime;
        }

        var weights = SampleWeights.AverageUniqueness(starts, ends, marketSteps);
        var data = new JudgeDataset(schema, features, y, weights, net, spans, times);
        data.Validate();
        return data;
    }

    /// <summary>Checks shapes, sorting and values.</summary>
    /// <exception cref="ArgumentException">A shape differs from (m) or (m, d), the spans are not sorted by start, a label
    /// is not 0/1, a weight not positive and finite, or a feature not finite (row and column named).</exception>
    public void Validate()
    {
        var m = Labels.Length;
        var d = Schema.Width;
        if (Features.Length != (long)m * d || Weights.Length != m || NetReturns.Length != m || Spans.Length != m || Times.Length != m)
        {
            throw new ArgumentException($"shapes differ: features {Features.Length} (expected {m}×{d}), weights {Weights.Length}, net returns {NetReturns.Length}, spans {Spans.Length}, times {Times.Length}, labels {m}.", nameof(Features));
        }

        for (var i = 0; i < m; i++)
        {
            if (Labels[i] > 1)
            {
                throw new ArgumentException($"Labels[{i}] = {Labels[i]}; meta-labels are 0 or 1.", nameof(Labels));
            }

            if (!double.IsFinite(Weights[i]) || !(Weights[i] > 0))
            {
                throw new ArgumentException($"Weights[{i}] = {Weights[i]} must be finite and > 0.", nameof(Weights));
            }

            if (i > 0 && Spans[i].Start < Spans[i - 1].Start)
            {
                throw new ArgumentException($"Spans[{i}] starts at {Spans[i].Start}, before Spans[{i - 1}] ({Spans[i - 1].Start}); rows must be sorted by entry.", nameof(Spans));
            }

            for (var j = 0; j < d; j++)
            {
                if (!float.IsFinite(Features[(i * d) + j]))
                {
                    throw new ArgumentException($"row {i}, column '{Schema.Columns[j]}' is {Features[(i * d) + j]}; features must be finite.", nameof(Features));
                }
            }
        }
    }

    /// <summary>One row's features.</summary>
    /// <param name="row">Row index in [0, m).</param>
    /// <returns>The d values.</returns>
    public ReadOnlySpan<float> Row(int row) => Features.AsSpan(row * Schema.Width, Schema.Width);

    /// <summary>SHA-256 (lower-case hex) over the listed rows' features, labels, weights and spans, in order: the
    /// manifest's data hash.</summary>
    /// <param name="rows">Row indices.</param>
    /// <returns>64 hex digits.</returns>
    public string Hash(ReadOnlySpan<int> rows)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var r in rows)
        {
            hash.AppendData(MemoryMarshal.AsBytes(Row(r)));
            hash.AppendData([Labels[r]]);
            hash.AppendData(BitConverter.GetBytes(Weights[r]));
            hash.AppendData(BitConverter.GetBytes(Spans[r].Start));
            hash.AppendData(BitConverter.GetBytes(Spans[r].End));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
