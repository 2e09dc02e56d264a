using Quant.Orleans.Core;
using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.Research.Datasets;

/// <summary>
/// The student's causal input window, live: delivered NBBOs and trades in, <see cref="DistillationSchemas.Student"/>
/// rows on the market-time grid of the regular session out, the last L kept in a ring (no allocation per event). A
/// grid time t is sampled when the first event later than t arrives (every event at or before t has been applied),
/// through <see cref="StudentFeatureState"/> — the class the data set builder samples through — so the window a
/// symbol grain serves equals the rows of <see cref="DistillationDay"/> the student was trained on
/// (<c>StudentWindowTests</c> checks every step of a recorded day bit for bit). A new New York date starts a new
/// session (fresh state, empty window). Not thread-safe.
/// </summary>
public sealed class StudentWindow
{
    private readonly DistillationDatasetOptions _options;
    private readonly int _width = DistillationSchemas.Student.Width;
    private readonly int _capacity;
    private readonly float[] _rows;
    private readonly double[] _logMids;
    private readonly StudentFeatureState _state;
    private readonly long _cadenceNanos;
    private readonly int _steps;
    private long _openNanos;
    private long _dayEndNanos = long.MinValue;
    private int _step = -1;
    private int _count;
    private int _head;
    private int _goodRun;

    /// <summary>Creates an empty window.</summary>
    /// <param name="options">Grid (cadence, session) and feature options: those the model's data sets were built with.</param>
    /// <param name="length">Window length L, grid steps.</param>
    public StudentWindow(DistillationDatasetOptions options, int length)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        _options = options;
        Length = length;
        _capacity = length + 1;
        _rows = new float[_capacity * _width];
        _logMids = new double[_capacity];
        _cadenceNanos = options.Cadence.Ticks * 100L;
        _steps = options.Steps;
        _state = new StudentFeatureState(options, long.MinValue, long.MinValue);
    }

    /// <summary>Window length L, grid steps.</summary>
    public int Length { get; }

    /// <summary>The New York trading date of the current session (default before the first event).</summary>
    public DateOnly Day { get; private set; }

    /// <summary>Grid steps sampled in the current session; the last sampled step is <c>StepsSampled − 1</c>.</summary>
    public int StepsSampled => Math.Max(0, _step);

    /// <summary>End time (UTC Unix ns) of the last sampled step; 0 before the first.</summary>
    public long LastStepTime => _step > 0 ? _openNanos + (_step * _cadenceNanos) : 0;

    /// <summary>True when the last L rows are warm and finite and L + 1 log mids are known: the window can be served
    /// (the condition a training sample met).</summary>
    public bool IsReady => _goodRun >= Length && _count >= _capacity && double.IsFinite(LogMidAt(0));

    /// <summary>Applies a delivered NBBO (first sampling every grid step that ends before it).</summary>
    /// <param name="nbbo">The NBBO, as the symbol grain receives it.</param>
    public void OnNbbo(in Quote nbbo)
    {
        AdvanceTo(nbbo.Time.Value);
        _state.OnNbbo(nbbo);
    }

    /// <summary>Applies a delivered trade (first sampling every grid step that ends before it).</summary>
    /// <param name="time">Trade time.</param>
    /// <param name="price">Price, USD.</param>
    /// <param name="size">Size, shares.</param>
    public void OnTrade(UnixNanos time, double price, double size)
    {
        AdvanceTo(time.Value);
        _state.OnTrade(time, price, size);
    }

    /// <summary>Samples every grid step of the session that ends strictly before <paramref name="timeNanos"/> (and
    /// starts a new session when the time is on a later New York date).</summary>
    /// <param name="timeNanos">UTC Unix ns.</param>
    public void AdvanceTo(long timeNanos)
    {
        if (timeNanos >= _dayEndNanos)
        {
            BeginDay(timeNanos);
        }

        while (_step < _steps && (_step < 0 ? _openNanos : _openNanos + ((_step + 1) * _cadenceNanos)) < timeNanos)
        {
            if (_step < 0)
            {
                _state.MarkOpen();
            }
            else
            {
                SampleStep();
            }

            _step++;
        }
    }

    /// <summary>Copies the window in time order: the last L rows and the L + 1 log mids (the step before the window,
    /// then each window step), the inputs of <c>StudentTokens.Fill</c>.</summary>
    /// <param name="rows">L·F floats.</param>
    /// <param name="logMids">L + 1 doubles.</param>
    /// <exception cref="InvalidOperationException">The window is not <see cref="IsReady"/>.</exception>
    /// <exception cref="ArgumentException">A destination has the wrong length.</exception>
    public void CopyTo(Span<float> rows, Span<double> logMids)
    {
        if (!IsReady)
        {
            throw new InvalidOperationException($"The student window is not ready: {_goodRun} warm rows of {Length} needed, {_count} steps sampled today.");
        }

        if (rows.Length != Length * _width || logMids.Length != _capacity)
        {
            throw new ArgumentException($"destinations of {rows.Length} rows values and {logMids.Length} log mids; the window needs {Length * _width} and {_capacity}.", nameof(rows));
        }

        for (var k = 0; k < _capacity; k++)
        {
            var slot = (_head + k) % _capacity; // oldest first: _head is the slot the next step overwrites
            logMids[k] = _logMids[slot];
            if (k > 0)
            {
                _rows.AsSpan(slot * _width, _width).CopyTo(rows.Slice((k - 1) * _width, _width));
            }
        }
    }

    private double LogMidAt(int k) => _logMids[(_head + k) % _capacity];

    private void SampleStep()
    {
        var slot = _head;
        var row = _rows.AsSpan(slot * _width, _width);
        var context = _state.Sample(row);
        _logMids[slot] = context.LogMid;
        var good = context.Warm;
        for (var j = 0; good && j < _width; j++)
        {
            good = float.IsFinite(row[j]);
        }

        _goodRun = good ? _goodRun + 1 : 0;
        _head = (_head + 1) % _capacity;
        _count = Math.Min(_count + 1, _capacity);
    }

    private void BeginDay(long timeNanos)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(new UnixNanos(timeNanos).ToDateTime(), LeanTimeZones.NewYork);
        Day = DateOnly.FromDateTime(local);
        _openNanos = Utc(Day, _options.SessionOpen);
        var close = Utc(Day, _options.SessionClose);
        _dayEndNanos = Utc(Day.AddDays(1), TimeOnly.MinValue);
        _state.Reset(_openNanos, close);
        (_step, _count, _head, _goodRun) = (-1, 0, 0, 0);
    }

    private static long Utc(DateOnly day, TimeOnly local) =>
        UnixNanos.FromDateTime(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(local, DateTimeKind.Unspecified), LeanTimeZones.NewYork)).Value;
}
