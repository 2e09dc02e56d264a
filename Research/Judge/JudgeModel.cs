using System.Globalization;
using System.Text;
using Microsoft.ML;
using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Judge;

/// <summary>
/// A trained judge: the FastTree ensemble (as ML.NET saved it and compiled into arrays), the Platt calibration of its
/// raw score, the decision threshold and the feature schema it reads. <see cref="Probability"/> scores a row with the
/// compiled trees: effectively <c>p = 1/(1 + exp(A · score(x) + B))</c>.
/// </summary>
public sealed class JudgeModel
{
    internal JudgeModel(MLContext ml, ITransformer transformer, FeatureSchema schema, FractionalDifferenceFit fractionalDifference, JudgeCvReport report, int seed)
    {
        MlContext = ml;
        Transformer = transformer;
        Schema = schema;
        FractionalDifference = fractionalDifference;
        CvReport = report;
        Seed = seed;
        Trees = CompiledTreeEnsemble.Compile(MlNetJudge.Trees(transformer), schema.Width);
    }

    /// <summary>The feature schema of the rows the model reads.</summary>
    public FeatureSchema Schema { get; }

    /// <summary>The fractional-differencing order the <c>frac_diff_log_mid</c> feature must be built with.</summary>
    public FractionalDifferenceFit FractionalDifference { get; }

    /// <summary>How the hyperparameters, calibration and threshold were chosen.</summary>
    public JudgeCvReport CvReport { get; }

    /// <summary>SHA-256 (lower-case hex) of the <c>model.zip</c> it was read from, checked against its manifest by
    /// <see cref="JudgeModelFolder.Read"/>; null for a judge trained in this process and not read back.</summary>
    public string? ModelHash { get; internal init; }

    /// <summary>Seed of training.</summary>
    public int Seed { get; }

    /// <summary>The Platt calibration of the raw score.</summary>
    public PlattScaling Platt => CvReport.Platt;

    /// <summary>Take a candidate when <see cref="Probability"/> ≥ this.</summary>
    public double Threshold => CvReport.Threshold;

    /// <summary>The compiled ensemble.</summary>
    public CompiledTreeEnsemble Trees { get; }

    internal MLContext MlContext { get; }

    internal ITransformer Transformer { get; }

    /// <summary>The raw ensemble score of one row (compiled trees).</summary>
    /// <param name="row">Features in <see cref="Schema"/> order, shape (d).</param>
    /// <returns>The score.</returns>
    /// <exception cref="ArgumentException">The row is not d wide.</exception>
    public double RawScore(ReadOnlySpan<float> row) => Trees.Score(row);

    /// <summary>The calibrated probability that taking the candidate makes money after costs.</summary>
    /// <param name="row">Features in <see cref="Schema"/> order, shape (d).</param>
    /// <returns>P(meta-label = 1) in (0, 1).</returns>
    /// <exception cref="ArgumentException">The row is not d wide.</exception>
    public double Probability(ReadOnlySpan<float> row) => Platt.Probability(Trees.Score(row));

    /// <summary>Whether to take the candidate: <see cref="Probability"/> ≥ <see cref="Threshold"/>.</summary>
    /// <param name="row">Features, shape (d).</param>
    /// <returns>The decision.</returns>
    public bool Take(ReadOnlySpan<float> row) => Probability(row) >= Threshold;

    /// <summary>Raw scores of many rows through ML.NET's own pipeline (<c>Transform</c>, the <c>Score</c> column);
    /// for checks of the compiled trees, not for the hot path.</summary>
    /// <param name="rows">Row-major features, shape (m, d).</param>
    /// <returns>Scores, shape (m).</returns>
    public double[] MlNetScores(float[] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return MlNetJudge.Scores(MlContext, Transformer, rows, Schema.Width);
    }

    /// <summary>Gain importance: each feature's total split gain over the ensemble, largest first (ties by column order).</summary>
    /// <returns>(column name, gain) pairs, one per column.</returns>
    public IReadOnlyList<(string Name, double Gain)> GainImportance() =>
        [.. Schema.Columns.Select((name, j) => (Name: name, Gain: Trees.Gains[j], Index: j)).OrderByDescending(x => x.Gain).ThenBy(x => x.Index).Select(x => (x.Name, x.Gain))];

    /// <summary>The gain importance as text, one "name gain share" line per column, largest first.</summary>
    /// <returns>The table.</returns>
    public string FormatGainImportance()
    {
        var rows = GainImportance();
        var total = rows.Sum(r => r.Gain);
        var text = new StringBuilder();
        foreach (var (name, gain) in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{name,-24} {gain,14:G6} {(total > 0 ? gain / total : 0),7:P1}");
        }

        return text.ToString();
    }

    /// <summary>A prediction engine over the ML.NET model (for measuring its per-row cost).</summary>
    internal PredictionEngine<MlNetJudge.MlRow, MlNetJudge.MlScore> CreatePredictionEngine() =>
        MlContext.Model.CreatePredictionEngine<MlNetJudge.MlRow, MlNetJudge.MlScore>(Transformer, inputSchemaDefinition: MlNetJudge.Definition(Schema.Width));
}
