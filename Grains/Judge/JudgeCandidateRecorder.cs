using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Grains.Judge;

/// <summary>
/// Keeps what the symbol grains of one silo fed their judge samplers and the candidates they met, per symbol, for
/// training a judge on them (<see cref="JudgeRecordingTrainer"/>): the in-process research commands set a fresh one on
/// <see cref="StrategyOptions.JudgeRecorder"/> for each walk-forward window and keep its test day
/// (<see cref="JudgeSymbolRecording.AppendDay"/>). Memory: one <see cref="JudgeGridStep"/> (48 bytes) per symbol per
/// second of session, about 1.1 MB a symbol-day. Thread-safe.
/// </summary>
public sealed class JudgeCandidateRecorder
{
    private readonly Dictionary<string, JudgeSymbolRecording> _symbols = new(StringComparer.Ordinal);

    /// <summary>Appends a grid step of a symbol.</summary>
    /// <param name="symbol">The ticker.</param>
    /// <param name="step">The step.</param>
    /// <returns>The step's index in the symbol's recording (what a candidate names as its step).</returns>
    public int OnStep(string symbol, in JudgeGridStep step)
    {
        lock (_symbols)
        {
            var steps = Of(symbol).Steps;
            steps.Add(step);
            return steps.Count - 1;
        }
    }

    /// <summary>Appends a candidate of a symbol (its <see cref="JudgeRecordedCandidate.Step"/> is the index of the symbol's
    /// latest step the grain had fed, or −1).</summary>
    /// <param name="symbol">The ticker.</param>
    /// <param name="candidate">The candidate.</param>
    public void OnCandidate(string symbol, JudgeRecordedCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        lock (_symbols)
        {
            Of(symbol).Candidates.Add(candidate);
        }
    }

    /// <summary>Copies of the recordings so far, by ticker (ordinal order).</summary>
    /// <returns>The recordings.</returns>
    public IReadOnlyList<JudgeSymbolRecording> Snapshot()
    {
        lock (_symbols)
        {
            return [.. _symbols.Values.OrderBy(r => r.Symbol, StringComparer.Ordinal).Select(Copy)];
        }
    }

    private static JudgeSymbolRecording Copy(JudgeSymbolRecording r)
    {
        var copy = new JudgeSymbolRecording(r.Symbol);
        copy.Steps.AddRange(r.Steps);
        copy.Candidates.AddRange(r.Candidates);
        return copy;
    }

    private JudgeSymbolRecording Of(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var recording))
        {
            _symbols[symbol] = recording = new JudgeSymbolRecording(symbol);
        }

        return recording;
    }
}
