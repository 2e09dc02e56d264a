using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>Reusable input buffers of one batch size (created outside a training step, so the tape never frees
/// them; refilled every step).</summary>
internal sealed class BatchBuffers
{
    private readonly Dictionary<int, Tensor[]> _bySize = [];
    private readonly Func<int, Tensor[]> _create;

    public BatchBuffers(Func<int, Tensor[]> create) => _create = create;

    public Tensor[] For(int batch)
    {
        if (!_bySize.TryGetValue(batch, out var tensors))
        {
            tensors = _create(batch);
            _bySize[batch] = tensors;
        }

        return tensors;
    }

    /// <summary>The sample-weighted mean loss over <paramref name="ids"/> in evaluation mode, batch by batch, nothing
    /// recorded; NaN for no samples.</summary>
    public static double MeanLoss(Module model, int[] ids, int batch, Func<int[], float> loss)
    {
        if (ids.Length == 0)
        {
            return double.NaN;
        }

        model.Training = false;
        try
        {
            double sum = 0;
            for (var start = 0; start < ids.Length; start += batch)
            {
                var part = ids.AsSpan(start, Math.Min(batch, ids.Length - start)).ToArray();
                using (GradientTape.Inference())
                {
                    sum += loss(part) * (double)part.Length;
                }
            }

            return sum / ids.Length;
        }
        finally
        {
            model.Training = true;
        }
    }
}

/// <summary>
/// Trains the teacher: cross-entropy of its logits against the bin of each horizon's mean-scaled golden target
/// (Chronos's objective, Ansari et al. 2024, §3.2). Inputs are the ACAUSAL teacher windows.
/// </summary>
internal sealed class TeacherTrainingTask : ITrainingTask
{
    private readonly ChronosTeacher _model;
    private readonly DistillationSamples _samples;
    private readonly int[] _train;
    private readonly int[] _validation;
    private readonly MeanScaleQuantizer _bins;
    private readonly DistillationOptions _options;
    private readonly BatchBuffers _inputs;
    private int[] _ids = [];

    public TeacherTrainingTask(ChronosTeacher model, DistillationSamples samples, int[] train, int[] validation, MeanScaleQuantizer bins, DistillationOptions options)
    {
        (_model, _samples, _train, _validation, _bins, _options) = (model, samples, train, validation, bins, options);
        _inputs = new BatchBuffers(b => [Tensor.Zeros(b, options.TeacherTokens, DistillationSamples.TeacherTokenWidth)]);
    }

    public IReadOnlyList<Tensor> Parameters => _model.Parameters();

    public int TrainingSamples => _train.Length;

    public TrainingStepResult Step(ReadOnlySpan<int> batch)
    {
        var ids = Map(batch, _train);
        var loss = Loss(ids);
        loss.Backward();
        return new TrainingStepResult(loss.ToScalar(), ids.Length);
    }

    public double ValidationLoss() => BatchBuffers.MeanLoss(_model, _validation, 256, ids => Loss(ids).ToScalar());

    public IReadOnlyDictionary<string, Tensor> StateDict() => _model.StateDict();

    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state) => _model.LoadStateDict(state);

    private Tensor Loss(int[] ids)
    {
        var x = _inputs.For(ids.Length)[0];
        _samples.FillTeacher(ids, x.Span);
        var h = _options.Dataset.Horizons.Length;
        var targets = new int[ids.Length * h];
        for (var b = 0; b < ids.Length; b++)
        {
            for (var k = 0; k < h; k++)
            {
                targets[(b * h) + k] = _bins.Bin(_samples.GoldenReturn(ids[b], k) / _samples.HorizonScale(ids[b], k));
            }
        }

        var logits = _model.Forward(x);
        return CrossEntropyLoss.Compute(logits.Reshape(ids.Length * h, _bins.Bins), targets);
    }

    private int[] Map(ReadOnlySpan<int> batch, int[] pool)
    {
        if (_ids.Length != batch.Length)
        {
            _ids = new int[batch.Length];
        }

        for (var i = 0; i < batch.Length; i++)
        {
            _ids[i] = pool[batch[i]];
        }

        return _ids;
    }
}

/// <summary>
/// Distils the student: <see cref="StudentTradingLoss"/> (KL to the teacher's tempered bins + pinball of the
/// quantiles + softplus(−Sortino) of the position after costs + focal loss of the triple-barrier class, weighted by
/// learned uncertainties). Training samples are ordered by symbol and time and batched as contiguous blocks, so a
/// batch is (mostly) one symbol's time-ordered sequence, as the Sortino term's position changes need.
/// </summary>
internal sealed class StudentTrainingTask : ITrainingTask
{
    private readonly ChronosStudent _model;
    private readonly StudentTradingLoss _loss;
    private readonly DistillationSamples _samples;
    private readonly int[] _train;
    private readonly int[] _validation;
    private readonly Func<int, int> _teacherRow;
    private readonly float[] _teacherLogits;
    private readonly DistillationOptions _options;
    private readonly BatchBuffers _inputs;
    private readonly IReadOnlyList<Tensor> _parameters;

    public StudentTrainingTask(ChronosStudent model, StudentTradingLoss loss, DistillationSamples samples, int[] train, int[] validation, float[] teacherLogits, Func<int, int> teacherRow, DistillationOptions options)
    {
        (_model, _loss, _samples, _train, _validation, _teacherLogits, _teacherRow, _options) = (model, loss, samples, train, validation, teacherLogits, teacherRow, options);
        var h = options.Dataset.Horizons.Length;
        _inputs = new BatchBuffers(b =>
        [
            Tensor.Zeros(b, options.StudentWindow, DistillationSamples.StudentTokenWidth),
            Tensor.Zeros(b, h, options.Bins),
            Tensor.Zeros(b, h),
            Tensor.Zeros(b),
            Tensor.Zeros(b),
            Tensor.Zeros(b),
        ]);
        _parameters = [.. model.Parameters(), .. loss.Parameters()];
    }

    public IReadOnlyList<Tensor> Parameters => _parameters;

    public int TrainingSamples => _train.Length;

    public TrainingStepResult Step(ReadOnlySpan<int> batch)
    {
        var ids = new int[batch.Length];
        for (var i = 0; i < batch.Length; i++)
        {
            ids[i] = _train[batch[i]];
        }

        var terms = Loss(ids);
        terms.Total.Backward();
        return new TrainingStepResult(terms.Total.ToScalar(), ids.Length, new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["kl"] = terms.Kl,
            ["pinball"] = terms.Pinball,
            ["sortino"] = terms.Sortino,
            ["focal"] = terms.Focal,
        });
    }

    /// <summary>The student's total loss on the validation split, with the current uncertainty weights.</summary>
    public double ValidationLoss() => BatchBuffers.MeanLoss(_model, _validation, _options.StudentTraining.BatchSize, ids => Loss(ids).Total.ToScalar());

    public IReadOnlyDictionary<string, Tensor> StateDict()
    {
        var state = _model.StateDict();
        foreach (var (name, tensor) in _loss.StateDict())
        {
            state["loss." + name] = tensor;
        }

        return state;
    }

    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        _model.LoadStateDict(state.Where(kv => !kv.Key.StartsWith("loss.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal));
        _loss.LoadStateDict(state.Where(kv => kv.Key.StartsWith("loss.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["loss.".Length..], kv => kv.Value, StringComparer.Ordinal));
    }

    private StudentLossTerms Loss(int[] ids)
    {
        var buffers = _inputs.For(ids.Length);
        var (x, teacher, targets, realised, half, label) = (buffers[0], buffers[1], buffers[2], buffers[3], buffers[4], buffers[5]);
        _samples.FillStudent(ids, x.Span);
        var h = _options.Dataset.Horizons.Length;
        var k = _options.Bins;
        var teacherSpan = teacher.Span;
        var targetSpan = targets.Span;
        var realisedSpan = realised.Span;
        var halfSpan = half.Span;
        var labelSpan = label.Span;
        for (var b = 0; b < ids.Length; b++)
        {
            var s = ids[b];
            _teacherLogits.AsSpan(_teacherRow(s) * h * k, h * k).CopyTo(teacherSpan.Slice(b * h * k, h * k));
            for (var j = 0; j < h; j++)
            {
                targetSpan[(b * h) + j] = _samples.GoldenReturn(s, j) / _samples.HorizonScale(s, j);
            }

            realisedSpan[b] = _samples.MidReturn(s, _options.TradingHorizon);
            halfSpan[b] = _samples.HalfSpread(s);
            labelSpan[b] = _samples.Barrier(s);
        }

        var output = _model.Forward(x);
        return _loss.Compute(output.Logits, teacher, output.Quantiles, targets, output.Position, realised, half, label, output.BarrierLogits);
    }
}
