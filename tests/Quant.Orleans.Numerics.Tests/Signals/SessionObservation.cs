using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Numerics.Tests.Signals;

/// <summary>
/// Encodes everything a caller can observe of a <see cref="SymbolForecastSession"/> after a quote as a sequence of
/// 64-bit words (doubles by <see cref="BitConverter.DoubleToInt64Bits"/>), so that two runs compare bit for bit.
/// </summary>
internal static class SessionObservation
{
    /// <summary>The output of one <see cref="SymbolForecastSession.OnQuote"/> call: whether a candidate came and its fields.</summary>
    public static long[] Candidate(bool emitted, in ForecastCandidate candidate)
    {
        if (!emitted)
        {
            return [0];
        }

        return
        [
            1,
            candidate.Nbbo.Time.Value,
            candidate.Nbbo.BidPrice.Raw,
            candidate.Nbbo.AskPrice.Raw,
            BitConverter.DoubleToInt64Bits(candidate.ExpectedLogReturn),
            BitConverter.DoubleToInt64Bits(candidate.NoiseStandardDeviation),
            candidate.Horizon.Ticks,
            BitConverter.DoubleToInt64Bits(candidate.RealisedVolatility),
            candidate.ModelTrainedThrough.DayNumber,
        ];
    }

    /// <summary>The session's observable state: features, filtered level, counters, day, model and the last completed day.</summary>
    public static long[] Session(SymbolForecastSession session)
    {
        var words = new List<long>(32);
        foreach (var f in session.Features)
        {
            words.Add(BitConverter.DoubleToInt64Bits(f));
        }

        words.Add(BitConverter.DoubleToInt64Bits(session.FilteredLogLevel));
        words.Add(session.QuotesProcessed);
        words.Add(session.CandidatesEmitted);
        words.Add(session.TradingDay.DayNumber);
        if (session.Model is { } model)
        {
            words.Add(model.TrainedThrough.DayNumber);
            words.Add(model.Horizon.Ticks);
            words.Add(BitConverter.DoubleToInt64Bits(model.Ridge.Intercept));
            words.Add(BitConverter.DoubleToInt64Bits(model.Ridge.ResidualStandardDeviation));
            words.AddRange(model.Ridge.Coefficients.Select(BitConverter.DoubleToInt64Bits));
            words.AddRange(model.Ridge.Means.Select(BitConverter.DoubleToInt64Bits));
            words.AddRange(model.Ridge.Scales.Select(BitConverter.DoubleToInt64Bits));
        }
        else
        {
            words.Add(-1);
        }

        if (session.LastCompletedDay is { } done)
        {
            words.Add(done.Day.DayNumber);
            words.Add(done.Rows);
            words.Add(done.RealisedVolatilitySample.Length);
            words.AddRange(done.RealisedVolatilitySample.Select(BitConverter.DoubleToInt64Bits));
        }
        else
        {
            words.Add(-1);
        }

        return [.. words];
    }
}
