using Microsoft.Extensions.Logging;
using Quant.Orleans.Learning.Adaptation;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Research.Datasets;

namespace Quant.Orleans.Grains.Symbols;

/// <summary>
/// One symbol grain's daytime SimTS adaptation of its student (<see cref="StudentGrainAdaptation"/>; docs/adaptation.md,
/// "In the grain"): today's rows, the runs on the thread pool, and the swap of their weights at deterministic points.
/// <para>Today's rows: after every event the grain applied to its <see cref="StudentWindow"/>, the rows the window
/// sampled are copied into a day-long buffer (T × F floats and T + 1 log mids, T the grid steps of a session) while the
/// window is servable (<see cref="StudentWindow.IsReady"/>, whose last L rows are copied each time a step is sampled).
/// Rows the window never held in a servable window (warm-up, or a run of fewer than L warm rows) stay NaN, so the
/// adapter's eligible windows are made of rows the grain could have served. Nothing re-samples the market: the rows are
/// the window's (<see cref="StudentFeatureState"/>'s), bit for bit.</para>
/// <para>Runs: the <see cref="StudentGrainAdaptation.EveryTicks"/>-th NBBO update of the day since the previous start
/// starts a run when no run is pending and at least Lh + Lf rows were sampled (otherwise the next NBBO update tries
/// again); the cut is the rows sampled so far; the seed is <see cref="StudentGrainAdaptation.SeedOf"/>(symbol, day, run
/// index); the weights are those served now (the day's last swap, or the loaded student), and the predictor of the
/// day's previous run is carried in. <see cref="SimTsStudentAdapter.Adapt"/> runs with <see cref="Task.Run(Action)"/>
/// on a copy of rows [0, cut) and log mids [0, cut]; the grain keeps serving the current forecaster.</para>
/// <para>Swap: at the first batch boundary (<see cref="AtBatchEndAsync"/>) whose last event is at least
/// <see cref="StudentGrainAdaptation.SwapDelaySeconds"/> of market time after the run's starting update, the grain
/// awaits the run (so the point never depends on wall-clock speed), builds an engine forecaster from its weights and
/// disposes the one it replaces. A failed run (no eligible window, a non-finite loss) is counted and logged; the
/// current weights keep serving.</para>
/// <para>Day roll: when the window starts a new New York date, the buffer is cleared and the counters of the day
/// restart; without <see cref="StudentGrainAdaptation.KeepAcrossDays"/> the adapted forecaster is disposed, the weights
/// and predictor dropped and a pending run cancelled and discarded (the loaded student serves again); with it they
/// are kept and a pending run still swaps at the next boundary. Not thread-safe: the grain's turn owns it.</para>
/// </summary>
internal sealed class StudentDayAdaptation : IDisposable
{
    private readonly StudentModel _model;
    private readonly StudentGrainAdaptation _settings;
    private readonly string _ticker;
    private readonly ILogger _logger;
    private readonly int _width;
    private readonly int _window;
    private readonly int _minimumRows;
    private readonly float[] _rows;
    private readonly double[] _logMids;
    private readonly float[] _scratchRows;
    private readonly double[] _scratchMids;
    private DateOnly _day;
    private int _filled;
    private long _ticksSinceStart;
    private int _runOfDay;
    private Pending? _pending;
    private StudentWeights? _weights;
    private IReadOnlyDictionary<string, Tensor>? _predictor;

    /// <summary>Creates the adaptation of one symbol.</summary>
    /// <param name="model">The served student, with its <see cref="StudentModel.Adaptation"/> settings.</param>
    /// <param name="ticker">The symbol (for seeds and logs).</param>
    /// <param name="logger">Where failed runs are reported.</param>
    /// <exception cref="ArgumentException">The model has no adaptation settings.</exception>
    public StudentDayAdaptation(StudentModel model, string ticker, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ticker);
        ArgumentNullException.ThrowIfNull(logger);
        _settings = model.Adaptation ?? throw new ArgumentException("The student has no adaptation settings (Strategy:StudentAdaptation:Enabled is false).", nameof(model));
        (_model, _ticker, _logger) = (model, ticker, logger);
        var config = model.Weights.Config;
        var options = _settings.ToOptions(0);
        options.Validate(config);
        _width = model.Scaling.Columns;
        _window = config.Window;
        _minimumRows = options.HistoryStepsFor(config) + options.FutureStepsFor(config);
        var steps = model.Dataset.Steps;
        _rows = new float[steps * _width];
        _logMids = new double[steps + 1];
        Array.Fill(_rows, float.NaN);
        Array.Fill(_logMids, double.NaN);
        _scratchRows = new float[_window * _width];
        _scratchMids = new double[_window + 1];
    }

    /// <summary>The adapted forecaster serving now; null: the loaded student's forecaster serves.</summary>
    public StudentForecaster? Forecaster { get; private set; }

    /// <summary>The model version signals carry while <see cref="Forecaster"/> serves:
    /// <c>&lt;version&gt;+simts@&lt;yyyy-MM-dd&gt;#&lt;cut&gt;</c> (the day and cut of the run whose weights serve).</summary>
    public string? Version { get; private set; }

    /// <summary>Runs started.</summary>
    public long Runs { get; private set; }

    /// <summary>Runs whose weights were swapped in.</summary>
    public long Swaps { get; private set; }

    /// <summary>Runs that failed (counted at their swap point) — no weights swapped.</summary>
    public long Failures { get; private set; }

    /// <summary>Takes the window's state after the grain applied one event to it: rolls the day, copies newly
    /// sampled rows, and on an NBBO update counts it and starts a run when one is due.</summary>
    /// <param name="window">The grain's student window (read).</param>
    /// <param name="nbbo">Whether the event was an NBBO update (trades are not counted).</param>
    /// <param name="timeNanos">The event's market time, UTC Unix ns.</param>
    public void AfterEvent(StudentWindow window, bool nbbo, long timeNanos)
    {
        if (window.Day != _day)
        {
            RollDay(window.Day);
        }

        var sampled = window.StepsSampled;
        if (sampled > _filled)
        {
            if (window.IsReady)
            {
                window.CopyTo(_scratchRows, _scratchMids);
                _scratchRows.CopyTo(_rows.AsSpan((sampled - _window) * _width));
                _scratchMids.CopyTo(_logMids.AsSpan(sampled - _window));
            }

            _filled = sampled;
        }

        if (nbbo && ++_ticksSinceStart >= _settings.EveryTicks && _pending is null && _filled >= _minimumRows)
        {
            Start(timeNanos);
        }
    }

    /// <summary>At a batch boundary: when a run is pending and <paramref name="lastEventNanos"/> is at least the swap
    /// delay after its start, awaits it and swaps its weights in (or counts its failure).</summary>
    /// <param name="lastEventNanos">Market time of the batch's last applied event, UTC Unix ns.</param>
    /// <returns>True when weights were swapped in.</returns>
    public async ValueTask<bool> AtBatchEndAsync(long lastEventNanos)
    {
        if (_pending is not { } pending || lastEventNanos < pending.StartNanos + _settings.SwapDelayNanos)
        {
            return false;
        }

        _pending = null;
        StudentAdaptation result;
        try
        {
            result = await pending.Run.ConfigureAwait(true);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failures++;
            _logger.LogWarning("Symbol {Symbol}: SimTS adaptation run {Run} of {Day} (cut {Cut} rows) failed; the current weights keep serving: {Reason}", _ticker, pending.RunOfDay, pending.Day, pending.Cut, e.Message);
            return false;
        }
        finally
        {
            pending.Cancel.Dispose();
        }

        var forecaster = _model.CreateForecaster(result.Student);
        Forecaster?.Dispose();
        Forecaster = forecaster;
        _weights = result.Student;
        _predictor = result.Predictor;
        Version = $"{_model.Version}+simts@{pending.Day:yyyy-MM-dd}#{pending.Cut}";
        Swaps++;
        return true;
    }

    /// <summary>Cancels a pending run and disposes the adapted forecaster.</summary>
    public void Dispose()
    {
        Abandon();
        Forecaster?.Dispose();
        Forecaster = null;
    }

    private void Start(long timeNanos)
    {
        var cut = _filled;
        var rows = _rows.AsSpan(0, cut * _width).ToArray();
        var mids = _logMids.AsSpan(0, cut + 1).ToArray();
        var served = _weights ?? _model.Weights;
        var predictor = _predictor;
        var scaling = _model.Scaling;
        var options = _settings.ToOptions(StudentGrainAdaptation.SeedOf(_ticker, _day, _runOfDay));
        var cancel = new CancellationTokenSource();
        var token = cancel.Token;
        var run = Task.Run(() => SimTsStudentAdapter.Adapt(served, scaling, rows, mids, cut, options, predictor, token), CancellationToken.None);
        _pending = new Pending(run, cancel, timeNanos, cut, _day, _runOfDay);
        _runOfDay++;
        _ticksSinceStart = 0;
        Runs++;
    }

    private void RollDay(DateOnly day)
    {
        _day = day;
        Array.Fill(_rows, float.NaN, 0, Math.Min(_rows.Length, _filled * _width));
        Array.Fill(_logMids, double.NaN, 0, Math.Min(_logMids.Length, _filled + 1));
        (_filled, _ticksSinceStart, _runOfDay) = (0, 0, 0);
        if (_settings.KeepAcrossDays)
        {
            return;
        }

        Abandon();
        Forecaster?.Dispose();
        Forecaster = null;
        Version = null;
        (_weights, _predictor) = (null, null);
    }

    /// <summary>Cancels the pending run and forgets it; its outcome (cancellation included) is observed so that it
    /// never surfaces as an unobserved task exception.</summary>
    private void Abandon()
    {
        if (_pending is not { } pending)
        {
            return;
        }

        _pending = null;
        pending.Cancel.Cancel();
        _ = pending.Run.ContinueWith(static (t, c) => { _ = t.Exception; ((CancellationTokenSource)c!).Dispose(); }, pending.Cancel, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private sealed record Pending(Task<StudentAdaptation> Run, CancellationTokenSource Cancel, long StartNanos, int Cut, DateOnly Day, int RunOfDay);
}
