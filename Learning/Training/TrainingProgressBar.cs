using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Quant.Orleans.Learning.Training;

/// <summary>
/// Renders <see cref="TrainingProgress"/> reports as text. Interactive (a terminal): one line redrawn in place with a
/// carriage return (at most every <c>redrawInterval</c>, and always at an epoch end, which then ends the line).
/// Redirected (a log file, a pipe): plain lines, one per tenth of an epoch and one per epoch end. A line reads
/// <c>epoch 3/20 [##########..........] 50% step 1200/8000 loss 0.4213 (ce 0.3100, mse 0.1113) lr 9.1e-04 val 0.4410 12,345 samples/s</c>.
/// </summary>
public sealed class TrainingProgressBar : IProgress<TrainingProgress>
{
    private readonly TextWriter _writer;
    private readonly bool _interactive;
    private readonly int _width;
    private readonly long _redrawTicks;
    private long _lastDraw;
    private int _lastLength;

    /// <summary>Creates a renderer writing to <paramref name="writer"/>.</summary>
    /// <param name="writer">Where the lines go.</param>
    /// <param name="interactive">True to redraw one line in place (a terminal); false for plain lines.</param>
    /// <param name="barWidth">Characters between the brackets.</param>
    /// <param name="redrawInterval">Least time between two redraws in interactive mode (default 100 ms).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="barWidth"/> is not positive.</exception>
    public TrainingProgressBar(TextWriter writer, bool interactive, int barWidth = 20, TimeSpan? redrawInterval = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(barWidth);
        (_writer, _interactive, _width) = (writer, interactive, barWidth);
        _redrawTicks = (long)((redrawInterval ?? TimeSpan.FromMilliseconds(100)).TotalSeconds * Stopwatch.Frequency);
    }

    /// <summary>A renderer on <see cref="Console.Out"/>, interactive unless the output is redirected.</summary>
    public static TrainingProgressBar ForConsole() => new(Console.Out, !Console.IsOutputRedirected);

    /// <inheritdoc />
    public void Report(TrainingProgress value)
    {
        if (_interactive)
        {
            var now = Stopwatch.GetTimestamp();
            if (!value.EpochEnd && now - _lastDraw < _redrawTicks && _lastDraw != 0)
            {
                return;
            }

            _lastDraw = now;
            var line = Format(value, _width);
            _writer.Write('\r');
            _writer.Write(line);
            if (line.Length < _lastLength)
            {
                _writer.Write(new string(' ', _lastLength - line.Length));
            }

            _lastLength = value.EpochEnd ? 0 : line.Length;
            if (value.EpochEnd)
            {
                _writer.WriteLine();
            }

            _writer.Flush();
            return;
        }

        var every = Math.Max(1, value.StepsPerEpoch / 10);
        if (value.EpochEnd || value.EpochStep % every == 0)
        {
            _writer.WriteLine(Format(value, _width));
        }
    }

    /// <summary>The text of one report (invariant culture).</summary>
    public static string Format(TrainingProgress p, int barWidth)
    {
        var fraction = p.StepsPerEpoch > 0 ? Math.Clamp((double)p.EpochStep / p.StepsPerEpoch, 0, 1) : 0;
        var filled = (int)Math.Round(fraction * barWidth);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"epoch {p.Epoch}/{p.MaxEpochs} [").Append('#', filled).Append('.', barWidth - filled)
            .Append(CultureInfo.InvariantCulture, $"] {fraction * 100,3:F0}% step {p.Step}/{p.TotalSteps} loss {p.Loss:F4}");
        if (p.Components.Count > 0)
        {
            sb.Append(" (").AppendJoin(", ", p.Components.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F4}"))).Append(')');
        }

        sb.Append(CultureInfo.InvariantCulture, $" lr {p.LearningRate:0.0e+00}");
        if (p.ValidationLoss is { } v)
        {
            sb.Append(CultureInfo.InvariantCulture, $" val {v:F4}");
        }

        if (double.IsFinite(p.SamplesPerSecond))
        {
            sb.Append(CultureInfo.InvariantCulture, $" {p.SamplesPerSecond:N0} samples/s");
        }

        return sb.ToString();
    }
}
