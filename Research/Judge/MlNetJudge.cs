using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Quant.Orleans.Research.Judge;

/// <summary>The ML.NET side of the judge: data views from judge rows, FastTree training, scoring and the trees.</summary>
internal static class MlNetJudge
{
    internal const string FeaturesColumn = "Features";

    internal static SchemaDefinition Definition(int width)
    {
        var definition = SchemaDefinition.Create(typeof(MlRow));
        definition[nameof(MlRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        return definition;
    }

    internal static IDataView View(MLContext ml, JudgeDataset data, ReadOnlySpan<int> rows)
    {
        var list = new List<MlRow>(rows.Length);
        foreach (var r in rows)
        {
            list.Add(new MlRow { Label = data.Labels[r] == 1, Weight = (float)data.Weights[r], Features = data.Row(r).ToArray() });
        }

        return ml.Data.LoadFromEnumerable(list, Definition(data.Schema.Width));
    }

    internal static IDataView View(MLContext ml, float[] rows, int width)
    {
        var list = new List<MlRow>(rows.Length / width);
        for (var i = 0; i < rows.Length; i += width)
        {
            list.Add(new MlRow { Features = rows.AsSpan(i, width).ToArray() });
        }

        return ml.Data.LoadFromEnumerable(list, Definition(width));
    }

    internal static ITransformer Fit(MLContext ml, IDataView training, JudgeHyperparameters h, JudgeTrainingOptions options)
    {
        var trainer = ml.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(MlRow.Label),
            FeatureColumnName = FeaturesColumn,
            ExampleWeightColumnName = nameof(MlRow.Weight),
            NumberOfTrees = h.Trees,
            NumberOfLeaves = h.Leaves,
            LearningRate = h.LearningRate,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            Seed = options.Seed,
            NumberOfThreads = options.Threads,
        });
        return trainer.Fit(training);
    }

    internal static TreeEnsembleModelParametersBasedOnRegressionTree Trees(ITransformer transformer)
    {
        if (transformer is not ISingleFeaturePredictionTransformer<object> prediction)
        {
            throw new InvalidDataException($"the ML.NET model is a {transformer.GetType().Name}, not a FastTree binary prediction transformer.");
        }

        var model = prediction.Model;
        if (model is TreeEnsembleModelParametersBasedOnRegressionTree trees)
        {
            return trees;
        }

        if (model is CalibratedModelParametersBase<FastTreeBinaryModelParameters, PlattCalibrator> calibrated)
        {
            return calibrated.SubModel;
        }

        // A loaded model may come back as another calibrated wrapper; its public SubModel property holds the trees.
        return model.GetType().GetProperties()
            .Where(p => p.Name == "SubModel")
            .Select(p => p.GetValue(model))
            .OfType<TreeEnsembleModelParametersBasedOnRegressionTree>()
            .FirstOrDefault()
            ?? throw new InvalidDataException($"the ML.NET model's parameters are a {model.GetType().Name}, not a FastTree ensemble.");
    }

    internal static double[] Scores(MLContext ml, ITransformer transformer, float[] rows, int width)
    {
        var scored = transformer.Transform(View(ml, rows, width));
        return [.. scored.GetColumn<float>("Score").Select(s => (double)s)];
    }

    /// <summary>A row in ML.NET's shape.</summary>
    internal sealed class MlRow
    {
        public bool Label { get; set; }

        public float Weight { get; set; }

        public float[] Features { get; set; } = [];
    }

    /// <summary>ML.NET's output row.</summary>
    internal sealed class MlScore
    {
        public float Score { get; set; }
    }
}
