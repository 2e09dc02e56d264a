using System.Diagnostics;
using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Adaptation;

/// <summary>
/// Daytime self-supervised adaptation of a served student with the SimTS objective (Zheng et al. 2023; see
/// <see cref="SimTsObjective"/>): a few AdamW steps on windows of today's rows seen so far, training only the patch
/// embedding, the encoder and the predictor; the heads are not touched. The input weights are copied first and never
/// written, so a forecaster serving them is unaffected while this runs (on any thread, off the tick path); the caller
/// builds a new <see cref="Models.StudentForecaster"/> from the result and swaps it in when it chooses.
/// <para>Causality: only rows [0, cut) and log mids [0, cut] are read (they are copied before anything else), so rows
/// and log mids after the adaptation point cannot change the result. Determinism: the same weights, scaler, rows up
/// to the cut, options (seed included) and carried predictor give bit-identical weights, losses and gradient norms
/// (window sampling and the predictor's initialisation come from <see cref="DeterministicRandom"/>(Seed); the
/// arithmetic has a fixed order).</para>
/// <para>Threading: the steps record on the calling thread's <see cref="GradientTape"/> and end each step with
/// <see cref="GradientTape.EndStep"/>, which releases every tensor that tape owns; call it on a thread with no other
/// step in progress (a grain hands it to <c>Task.Run</c>). The served forecaster needs no lock: nothing it holds is
/// shared with the run.</para>
/// </summary>
public static class SimTsStudentAdapter
{
    /// <summary>Runs one adaptation.</summary>
    /// <param name="served">The served student's weights (read, copied, never written).</param>
    /// <param name="scaling">The serving scaler the forecaster was built with.</param>
    /// <param name="rows">Today's raw student rows, shape (T, F), time order (those of the grain's window, one per grid
    /// step, as <c>StudentWindow</c> samples them); only rows [0, <paramref name="cut"/>) are read.</param>
    /// <param name="logMids">Today's log mids, T + 1 of them: the step before row 0, then one per row (the convention of
    /// <see cref="Models.StudentTokens.Fill"/>); only [0, <paramref name="cut"/>] are read.</param>
    /// <param name="cut">The adaptation point: the number of rows seen so far, in [0, T].</param>
    /// <param name="options">Steps, learning rate, batch, segment lengths, seed, weight decay, clipping.</param>
    /// <param name="predictor">The predictor returned by an earlier adaptation of the same student shape (continued),
    /// or null for a new one initialised from the seed.</param>
    /// <param name="cancellationToken">Checked before every step; the served weights are untouched either way.</param>
    /// <returns>New weights, the predictor and a report.</returns>
    /// <exception cref="ArgumentException">Shapes disagree (sizes named), the cut is outside [0, T], no window of
    /// Lh + Lf finite rows lies before the cut, or the carried predictor does not fit.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option breaks its rule (named).</exception>
    /// <exception cref="InvalidOperationException">The calling thread's <see cref="GradientTape"/> holds recorded
    /// operations (another computation is in progress on it), or a loss or parameter became non-finite (the step or
    /// parameter is named); no weights are returned.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static StudentAdaptation Adapt(
        StudentWeights served,
        StudentInputScaling scaling,
        ReadOnlySpan<float> rows,
        ReadOnlySpan<double> logMids,
        int cut,
        StudentAdaptationOptions options,
        IReadOnlyDictionary<string, Tensor>? predictor = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(served);
        ArgumentNullException.ThrowIfNull(scaling);
        ArgumentNullException.ThrowIfNull(options);
        var config = served.Config;
        options.Validate(config);
        var f = scaling.Columns;
        if (f + 1 != config.InputFeatures)
        {
            throw new ArgumentException($"The scaler has {f} columns; the student takes {config.InputFeatures} inputs per step (the columns and the log-mid path).", nameof(scaling));
        }

        if (rows.Length % f != 0 || logMids.Length != (rows.Length / f) + 1)
        {
            throw new ArgumentException($"rows hold {rows.Length} values for {f} columns and there are {logMids.Length} log mids; T rows of F columns need T + 1 log mids.", nameof(rows));
        }

        var t = rows.Length / f;
        if (cut < 0 || cut > t)
        {
            throw new ArgumentOutOfRangeException(nameof(cut), cut, $"The cut must lie in [0, {t}] (the rows given).");
        }

        if (GradientTape.Current.Count != 0)
        {
            throw new InvalidOperationException($"The calling thread's gradient tape holds {GradientTape.Current.Count} recorded operations of another computation; run the adaptation on a thread with no training step in progress (e.g. Task.Run).");
        }

        var clock = Stopwatch.StartNew();

        // Causality by construction: nothing after the cut is read past this point.
        var seenRows = rows[..(cut * f)].ToArray();
        var seenMids = logMids[..(cut + 1)].ToArray();

        var random = new DeterministicRandom(options.Seed);
        var student = served.CreateStudent();
        var head = SimTsObjective.CreatePredictor(config.Model, options.PredictorHiddenFor(config), random);
        if (predictor is not null)
        {
            try
            {
                head.LoadStateDict(predictor);
            }
            catch (Exception e) when (e is KeyNotFoundException or ArgumentException)
            {
                throw new ArgumentException($"The carried predictor does not fit a {config.Model} → {options.PredictorHiddenFor(config)} → {config.Model} MLP: {e.Message}", nameof(predictor), e);
            }
        }

        using var objective = new SimTsObjective(student, scaling, options.HistoryStepsFor(config), options.FutureStepsFor(config), head);
        var eligible = objective.EligibleStarts(seenRows, seenMids);
        if (eligible.Length == 0)
        {
            throw new ArgumentException($"No window of {objective.WindowSteps} finite rows (history {objective.HistorySteps} + future {objective.FutureSteps}) lies before the cut at row {cut}.", nameof(cut));
        }

        var parameters = objective.NamedTrainableParameters().Select(p => p.Tensor).ToArray();
        var optimizer = new AdamW(parameters, options.LearningRate, weightDecay: options.WeightDecay);
        var (losses, norms) = (new float[options.Steps], new double[options.Steps]);
        var starts = new int[options.BatchSize];
        var tape = GradientTape.Current;
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var b = 0; b < starts.Length; b++)
            {
                starts[b] = eligible[random.NextInt(eligible.Length)];
            }

            optimizer.ZeroGrad();
            try
            {
                var loss = objective.Loss(seenRows, seenMids, starts);
                loss.Backward();
                losses[step] = loss.ToScalar();
            }
            finally
            {
                tape.EndStep();
            }

            if (!float.IsFinite(losses[step]))
            {
                throw new InvalidOperationException($"Adaptation step {step}: the SimTS loss is {losses[step]}.");
            }

            norms[step] = GradientClipping.ClipByGlobalNorm(parameters, options.MaxGradientNorm);
            optimizer.Step();
        }

        foreach (var (name, p) in objective.NamedTrainableParameters())
        {
            var bad = Array.FindIndex(p.ToArray(), v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new InvalidOperationException($"After adaptation, parameter '{name}' is not finite at flat index {bad}.");
            }
        }

        var adapted = StudentWeights.FromStudent(student);
        var carried = head.NamedParameters().ToDictionary(p => p.Name, p => Tensor.FromArray(p.Tensor.ToArray(), p.Tensor.Shape), StringComparer.Ordinal);
        var report = new StudentAdaptationReport
        {
            Steps = options.Steps,
            Losses = losses,
            GradientNorms = norms,
            Cut = cut,
            EligibleWindows = eligible.Length,
            Elapsed = clock.Elapsed,
        };
        return new StudentAdaptation(adapted, carried, report);
    }
}
