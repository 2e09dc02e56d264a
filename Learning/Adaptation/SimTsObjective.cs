using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Adaptation;

/// <summary>
/// The SimTS objective (Zheng et al. 2023, "SimTS: Rethinking Contrastive Representation Learning for Time Series
/// Forecasting", §3) on a student's encoder: from the latent of a past window predict the latent of the window that
/// follows it, with no negative pairs; the target branch is a stop-gradient (as SimSiam, Chen and He 2021).
/// <para>Segments: for a start s in rows of shape (T, F) with T + 1 log mids, the history is rows s … s + Lh − 1 and
/// the future rows s + Lh … s + Lh + Lf − 1. Each segment is tokenised by <see cref="StudentTokens.Fill"/> exactly as
/// the grain tokenises a served window ending at the segment's last row (scaler standardisation, then the log-mid path
/// since the segment's last step over the segment's own mean scale).</para>
/// <para>Latent (the pooling): tokens (B, n, F + 1) → flattened time-major → the student's
/// <see cref="ChronosStudent.PatchEmbedding"/> → its <see cref="ChronosStudent.Encoder"/> → the encoder output at the
/// last patch, shape (B, d): the vector the student's four heads read (<see cref="ChronosStudent.Forward"/>). The
/// encoder is bidirectional, so that vector attends to every patch of its segment; pooling it (rather than a mean over
/// patches) adapts the very representation served forecasts are made from.</para>
/// <para>Loss: p = predictor(z_h) with z_h the history latent; z_f = the future latent computed with recording off
/// (stop-gradient); loss = −(1/B) Σ_b cos(p_b, z_f,b), cos(a, c) = (a / max(‖a‖₂, ε)) · (c / max(‖c‖₂, ε)) with
/// ε = <see cref="CosineEpsilon"/>. Its value lies in [−1, 1]. Only the patch embedding, the encoder and the predictor
/// enter the graph; the heads get no gradient.</para>
/// <para>The objective keeps its two token tensors (history and future, pooled buffers) between calls and returns
/// them to <see cref="TensorPool"/> on <see cref="Dispose"/>. Not thread-safe; the loss is recorded on the calling
/// thread's <see cref="GradientTape"/>.</para>
/// </summary>
public sealed class SimTsObjective : IDisposable
{
    /// <summary>ε of the normalisation in the cosine similarity (as <c>torch.nn.functional.cosine_similarity</c>'s
    /// default).</summary>
    public const float CosineEpsilon = 1e-8f;

    private readonly StudentInputScaling _scaling;
    private Tensor? _history;
    private Tensor? _future;

    /// <summary>Creates the objective on <paramref name="student"/> (trained in place by the caller's optimiser; put
    /// it in evaluation mode for no dropout) and <paramref name="predictor"/>.</summary>
    /// <param name="student">The student whose patch embedding and encoder are adapted.</param>
    /// <param name="scaling">The serving scaler (F columns; the student takes F + 1 inputs).</param>
    /// <param name="historySteps">History segment length Lh, a positive multiple of the patch length.</param>
    /// <param name="futureSteps">Future segment length Lf, a positive multiple of the patch length.</param>
    /// <param name="predictor">An MLP d → … → d (see <see cref="CreatePredictor"/>).</param>
    /// <exception cref="ArgumentException">The scaler's columns do not match the student's inputs.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A segment length is not a positive multiple of the patch length.</exception>
    public SimTsObjective(ChronosStudent student, StudentInputScaling scaling, int historySteps, int futureSteps, Mlp predictor)
    {
        ArgumentNullException.ThrowIfNull(student);
        ArgumentNullException.ThrowIfNull(scaling);
        ArgumentNullException.ThrowIfNull(predictor);
        var c = student.Config;
        if (scaling.Columns + 1 != c.InputFeatures)
        {
            throw new ArgumentException($"The scaler has {scaling.Columns} columns; the student takes {c.InputFeatures} inputs per step (the columns and the log-mid path).", nameof(scaling));
        }

        Segment(historySteps, c.PatchLength, nameof(historySteps));
        Segment(futureSteps, c.PatchLength, nameof(futureSteps));
        (Student, Predictor, _scaling, HistorySteps, FutureSteps) = (student, predictor, scaling, historySteps, futureSteps);
    }

    /// <summary>The student being adapted.</summary>
    public ChronosStudent Student { get; }

    /// <summary>The predictor MLP.</summary>
    public Mlp Predictor { get; }

    /// <summary>History segment length Lh, grid steps.</summary>
    public int HistorySteps { get; }

    /// <summary>Future segment length Lf, grid steps.</summary>
    public int FutureSteps { get; }

    /// <summary>Rows one window spans, Lh + Lf.</summary>
    public int WindowSteps => HistorySteps + FutureSteps;

    /// <summary>A new seeded predictor: Linear(d, hidden) → ReLU → Linear(hidden, d) (PyTorch's default
    /// initialisation; parameter paths <c>layers.0.*</c>, <c>layers.1.*</c>).</summary>
    /// <param name="model">The student's width d.</param>
    /// <param name="hidden">The hidden width.</param>
    /// <param name="random">The initialisation's generator.</param>
    /// <returns>The predictor.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A width is not positive.</exception>
    public static Mlp CreatePredictor(int model, int hidden, DeterministicRandom random)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(hidden);
        ArgumentNullException.ThrowIfNull(random);
        return new Mlp([model, hidden, model], Activation.Relu, random);
    }

    /// <summary>The parameters the loss depends on, by path: the student's <c>patch_embedding.*</c> and
    /// <c>encoder.*</c> (its state-dict paths), then the predictor's as <c>predictor.*</c>.</summary>
    /// <returns>Name and tensor of each, in that order.</returns>
    public IEnumerable<(string Name, Tensor Tensor)> NamedTrainableParameters()
    {
        foreach (var (name, t) in Student.PatchEmbedding.NamedParameters())
        {
            yield return ("patch_embedding." + name, t);
        }

        foreach (var (name, t) in Student.Encoder.NamedParameters())
        {
            yield return ("encoder." + name, t);
        }

        foreach (var (name, t) in Predictor.NamedParameters())
        {
            yield return ("predictor." + name, t);
        }
    }

    /// <summary>The starts s of every window (s + Lh + Lf ≤ T) whose rows s … s + Lh + Lf − 1 are all finite and whose
    /// log mids s … s + Lh + Lf are all finite: the windows a grain could have served (its window is ready only on
    /// warm, finite rows).</summary>
    /// <param name="rows">Raw rows, shape (T, F).</param>
    /// <param name="logMids">T + 1 log mids: the step before row 0, then each row's.</param>
    /// <returns>The starts in increasing order.</returns>
    /// <exception cref="ArgumentException">The shapes disagree.</exception>
    public int[] EligibleStarts(ReadOnlySpan<float> rows, ReadOnlySpan<double> logMids)
    {
        var f = _scaling.Columns;
        var t = RowCount(rows, logMids, f);
        var span = WindowSteps;
        var starts = new List<int>();
        int rowRun = 0, midRun = double.IsFinite(logMids[0]) ? 1 : 0;
        for (var i = 0; i < t; i++)
        {
            var finite = true;
            foreach (var v in rows.Slice(i * f, f))
            {
                finite &= float.IsFinite(v);
            }

            rowRun = finite ? rowRun + 1 : 0;
            midRun = double.IsFinite(logMids[i + 1]) ? midRun + 1 : 0;
            if (rowRun >= span && midRun >= span + 1)
            {
                starts.Add(i - span + 1);
            }
        }

        return [.. starts];
    }

    /// <summary>The latent of token windows: the encoder output at the last patch.</summary>
    /// <param name="tokens">Tokens of shape (B, n, F + 1), n a positive multiple of the patch length.</param>
    /// <returns>Shape (B, d).</returns>
    /// <exception cref="ArgumentException">The tokens have another shape.</exception>
    public Tensor Latent(Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var c = Student.Config;
        if (tokens.Rank != 3 || tokens.Shape[0] == 0 || tokens.Shape[1] == 0 || tokens.Shape[1] % c.PatchLength != 0 || tokens.Shape[2] != c.InputFeatures)
        {
            throw new ArgumentException($"Tokens must have shape (batch > 0, n, {c.InputFeatures}) with n a positive multiple of {c.PatchLength}; got {ShapeUtil.Format(tokens.Shape)}.", nameof(tokens));
        }

        var (b, n) = (tokens.Shape[0], tokens.Shape[1]);
        var encoded = Student.Encoder.Forward(Student.PatchEmbedding.Forward(Ops.Reshape(tokens, b, n * c.InputFeatures)));
        return Ops.Reshape(Ops.Slice(encoded, 1, (n / c.PatchLength) - 1, 1), b, c.Model);
    }

    /// <summary>The loss of token windows (see the class remarks), recorded on the thread's tape for the history
    /// branch and the predictor only.</summary>
    /// <param name="history">History tokens, shape (B, Lh', F + 1).</param>
    /// <param name="future">Future tokens, shape (B, Lf', F + 1).</param>
    /// <returns>The scalar loss.</returns>
    /// <exception cref="ArgumentException">A shape disagrees (the batches differ, or see <see cref="Latent"/>).</exception>
    public Tensor Loss(Tensor history, Tensor future)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(future);
        if (history.Rank == 0 || future.Rank == 0 || history.Shape[0] != future.Shape[0])
        {
            throw new ArgumentException($"History {ShapeUtil.Format(history.Shape)} and future {ShapeUtil.Format(future.Shape)} must hold the same number of windows.", nameof(future));
        }

        Tensor target;
        using (GradientTape.NoGrad())
        {
            target = UnitRows(Latent(future));
        }

        var predicted = UnitRows(Predictor.Forward(Latent(history)));
        return Ops.Neg(Ops.Mean(Ops.Sum(Ops.Mul(predicted, target), 1), 0));
    }

    /// <summary>The loss of the windows starting at <paramref name="starts"/> (tokenised as the class remarks say).</summary>
    /// <param name="rows">Raw rows, shape (T, F), time order.</param>
    /// <param name="logMids">T + 1 log mids: the step before row 0, then each row's step.</param>
    /// <param name="starts">Each window's first history row; s + Lh + Lf ≤ T.</param>
    /// <returns>The scalar loss.</returns>
    /// <exception cref="ArgumentException">A shape disagrees, <paramref name="starts"/> is empty, or a start is out of
    /// range (its index is named).</exception>
    public Tensor Loss(ReadOnlySpan<float> rows, ReadOnlySpan<double> logMids, ReadOnlySpan<int> starts)
    {
        var t = RowCount(rows, logMids, _scaling.Columns);
        if (starts.IsEmpty)
        {
            throw new ArgumentException("At least one window start is needed.", nameof(starts));
        }

        for (var b = 0; b < starts.Length; b++)
        {
            if (starts[b] < 0 || starts[b] + WindowSteps > t)
            {
                throw new ArgumentException($"starts[{b}] = {starts[b]}; a window of {WindowSteps} rows must lie in [0, {t}).", nameof(starts));
            }
        }

        var history = Tokens(ref _history, rows, logMids, starts, 0, HistorySteps);
        var future = Tokens(ref _future, rows, logMids, starts, HistorySteps, FutureSteps);
        return Loss(history, future);
    }

    /// <summary>Returns the token buffers to <see cref="TensorPool"/>.</summary>
    public void Dispose()
    {
        _history?.Dispose();
        _future?.Dispose();
        (_history, _future) = (null, null);
    }

    private static int RowCount(ReadOnlySpan<float> rows, ReadOnlySpan<double> logMids, int features)
    {
        if (rows.Length % features != 0)
        {
            throw new ArgumentException($"rows hold {rows.Length} values, not a whole number of rows of {features} columns.", nameof(rows));
        }

        var t = rows.Length / features;
        if (logMids.Length != t + 1)
        {
            throw new ArgumentException($"{t} rows need {t + 1} log mids (the step before the first row, then each row's); got {logMids.Length}.", nameof(logMids));
        }

        return t;
    }

    private static void Segment(int steps, int patch, string name)
    {
        if (steps <= 0 || steps % patch != 0)
        {
            throw new ArgumentOutOfRangeException(name, steps, $"{name} must be a positive multiple of the student's patch length ({patch}); got {steps}.");
        }
    }

    /// <summary>x / max(‖x‖₂, ε) per row of x (B, d).</summary>
    private static Tensor UnitRows(Tensor x) =>
        Ops.Div(x, Ops.Clamp(Ops.Sqrt(Ops.Sum(Ops.Square(x), 1, keepDim: true)), CosineEpsilon, float.PositiveInfinity));

    private Tensor Tokens(ref Tensor? buffer, ReadOnlySpan<float> rows, ReadOnlySpan<double> logMids, ReadOnlySpan<int> starts, int offset, int steps)
    {
        var f = _scaling.Columns;
        var width = f + 1;
        if (buffer is null || buffer.Shape[0] != starts.Length)
        {
            buffer?.Dispose();
            buffer = Tensor.Zeros(starts.Length, steps, width);
        }

        var tokens = buffer.Span;
        for (var b = 0; b < starts.Length; b++)
        {
            var first = starts[b] + offset;
            StudentTokens.Fill(
                rows.Slice(first * f, steps * f), logMids.Slice(first, steps + 1), _scaling.Mean, _scaling.Scale, _scaling.ScaleFloor,
                tokens.Slice(b * steps * width, steps * width));
        }

        return buffer;
    }
}
