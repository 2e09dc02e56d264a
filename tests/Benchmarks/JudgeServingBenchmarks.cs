using BenchmarkDotNet.Attributes;
using Quant.Orleans.Research.Judge;
using Quant.Orleans.Research.Labels;

namespace Quant.Orleans.Benchmarks;

/// <summary>
/// Cost of one candidate's judge decision besides the grain calls (target: the whole per-candidate cost in the grain
/// ≤ 10 µs; an awaited in-silo grain call costs about 1.6 µs, <see cref="GridCallBenchmarks"/>): the symbol grain's
/// <see cref="JudgeFeatureState.WriteRow"/> (3 regime columns, the FFD sum over up to 500 steps) and the judge grain's
/// <see cref="JudgeModel.Probability"/> (compiled FastTree ensemble + Platt). Baseline: the row alone. The judge is
/// trained in the setup on 4,000 synthetic rows (labels from a noisy linear score of three features) with the
/// judge's smallest production grid point (100 trees, 15 leaves, rate 0.05, 3 folds); the state is fed 1,000 grid steps.
/// </summary>
[Config(typeof(GridBenchmarkConfig))]
[MemoryDiagnoser]
public class JudgeServingBenchmarks
{
    private static readonly JudgeFeatureOptions Options = new() { RegimeCount = 3 };
    private readonly double[] _posterior = [0.2, 0.5, 0.3];
    private JudgeFeatureState _state = null!;
    private JudgeModel _model = null!;
    private float[] _row = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(5);
        var schema = Options.Schema();
        var width = schema.Width;
        const int Rows = 4_000;
        var features = new float[Rows * width];
        var labels = new JudgeLabel[Rows];
        for (var i = 0; i < Rows; i++)
        {
            for (var j = 0; j < width; j++)
            {
                features[(i * width) + j] = (float)((random.NextDouble() * 2) - 1);
            }

            var score = features[i * width] + (0.5 * features[(i * width) + 2]) - features[(i * width) + 5] + (random.NextDouble() - 0.5);
            var start = i * 10;
            labels[i] = new JudgeLabel(i, start, start + 5, start, start + 5, 1, score / 1e3, 0, score / 1e3, score > 0 ? (byte)1 : (byte)0, BarrierKind.Vertical);
        }

        var data = JudgeDataset.Create(schema, features, labels, (Rows * 10) + 10);
        var fractional = new FractionalDifferenceFit(0.4, 1e-4, 500, true, -4.0);
        _model = JudgeTrainer.Train(data, [.. Enumerable.Range(0, Rows)], fractional, new JudgeTrainingOptions { TreeCounts = [100], LeafCounts = [15], LearningRates = [0.05], Folds = 3 });
        _state = new JudgeFeatureState(Options, fractional);
        var mid = 100.0;
        for (var t = 0; t < 1_000; t++)
        {
            mid *= Math.Exp(1e-4 * (random.NextDouble() - 0.5));
            _state.Step(1_381_239_000_000_000_000L + (t * 1_000_000_000L), mid, 5e-5, 300, 500, 0.1);
        }

        _row = new float[width];
        _next = 0;
    }

    [Benchmark(Baseline = true, Description = "row: JudgeFeatureState.WriteRow")]
    public float Row()
    {
        _next++;
        _state.WriteRow((_next & 1) == 0 ? 1e-4 : -1e-4, 2e-4, double.NaN, double.NaN, _posterior, _row);
        return _row[1];
    }

    [Benchmark(Description = "row + P(take): WriteRow + JudgeModel.Probability")]
    public double RowAndProbability()
    {
        _next++;
        _state.WriteRow((_next & 1) == 0 ? 1e-4 : -1e-4, 2e-4, double.NaN, double.NaN, _posterior, _row);
        return _model.Probability(_row);
    }
}
