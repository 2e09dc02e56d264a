namespace Quant.Orleans.Dashboard;

/// <summary>
/// A series bounded to <c>capacity</c> points that covers its whole history: every offered point is kept until the
/// buffer is full; then every other point is dropped and only every second offered point is kept from then on (the
/// stride doubles each time it fills), so the points stay evenly spaced in offers. The newest point is always
/// available as <see cref="Last"/>.
/// </summary>
/// <typeparam name="T">Point type.</typeparam>
internal sealed class DownsampledSeries<T>
    where T : class
{
    private readonly List<T> _points;
    private readonly int _capacity;
    private long _stride = 1;
    private long _offered;

    /// <summary>Creates an empty series.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is below 2.</exception>
    public DownsampledSeries(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _capacity = capacity;
        _points = new List<T>(capacity);
    }

    /// <summary>The most recently offered point (kept or not); null before the first.</summary>
    public T? Last { get; private set; }

    /// <summary>Points offered so far.</summary>
    public long Offered => _offered;

    /// <summary>Offers a point; it is kept when its offer index is a multiple of the current stride.</summary>
    public void Add(T point)
    {
        Last = point;
        if (_offered++ % _stride != 0)
        {
            return;
        }

        if (_points.Count == _capacity)
        {
            for (var i = 0; i < _capacity / 2; i++)
            {
                _points[i] = _points[2 * i];
            }

            _points.RemoveRange(_capacity / 2, _capacity - (_capacity / 2));
            _stride *= 2;
            if ((_offered - 1) % _stride != 0)
            {
                return;
            }
        }

        _points.Add(point);
    }

    /// <summary>The kept points, oldest first, followed by <see cref="Last"/> when it was not kept.</summary>
    public T[] ToArray()
    {
        if (Last is null || (_points.Count > 0 && ReferenceEquals(_points[^1], Last)))
        {
            return [.. _points];
        }

        return [.. _points, Last];
    }
}
