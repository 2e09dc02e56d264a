using System.Text.Json;
using Quant.Orleans.Core;
using Quant.Orleans.Numerics.Filters;
using Quant.Orleans.Numerics.Forecasting;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Numerics.Tests.Signals;

public sealed class SymbolForecastSessionCheckpointTests
{
    private static readonly Symbol Ibm = CheckpointQuoteStream.Ibm;

    // Thursday, Friday, then Monday and Tuesday after the end of daylight saving time (Sunday 2013-11-03).
    private static readonly Lazy<CheckpointQuoteStream> Stream = new(() => CheckpointQuoteStream.Create(
        20_131_031UL, new DateOnly(2013, 10, 31), new DateOnly(2013, 11, 1), new DateOnly(2013, 11, 4), new DateOnly(2013, 11, 5)));

    private static readonly Lazy<Reference> WaveletReference = new(() => Reference.Run(Stream.Value, Options(SymbolFilterKind.SlidingWaveletUkf)));
    private static readonly Lazy<Reference> UkfReference = new(() => Reference.Run(Stream.Value, Options(SymbolFilterKind.Ukf)));

    private static SignalSessionOptions Options(SymbolFilterKind filter) => new() { Features = new SymbolFeatureOptions { Filter = filter } };

    private static Reference ReferenceOf(SymbolFilterKind filter) => filter == SymbolFilterKind.Ukf ? UkfReference.Value : WaveletReference.Value;

    [Fact]
    public void TheSyntheticStreamExercisesEveryPhaseOfTheSession()
    {
        var stream = Stream.Value;
        var reference = WaveletReference.Value;

        Assert.Equal(4, stream.DayStarts.Count);
        Assert.Contains(stream.Quotes, q => !q.IsTwoSided);
        Assert.Contains(Enumerable.Range(1, stream.Quotes.Count - 1), i => stream.Quotes[i].Time == stream.Quotes[i - 1].Time);
        Assert.True(reference.FirstCandidate > stream.DayStarts[1], "no candidate may come on the first day");
        Assert.Equal(3, reference.CompletedDays);
        Assert.True(reference.CandidateCount > 100, $"only {reference.CandidateCount} candidates");
        Assert.True(UkfReference.Value.CandidateCount > 100, $"only {UkfReference.Value.CandidateCount} candidates (plain UKF)");
    }

    [Theory]
    [InlineData(SymbolFilterKind.SlidingWaveletUkf, false)]
    [InlineData(SymbolFilterKind.SlidingWaveletUkf, true)]
    [InlineData(SymbolFilterKind.Ukf, false)]
    [InlineData(SymbolFilterKind.Ukf, true)]
    public void ASessionRestoredIntoANewObjectAtEveryCutPointContinuesBitForBit(SymbolFilterKind filter, bool throughJson)
    {
        var stream = Stream.Value;
        var reference = ReferenceOf(filter);
        var options = Options(filter);
        var cuts = CutPoints(stream, reference);
        var session = new SymbolForecastSession(Ibm, options);
        var restores = 0;
        for (var i = 0; i <= stream.Quotes.Count; i++)
        {
            if (cuts.Contains(i))
            {
                var before = SessionObservation.Session(session);
                var state = session.Capture();
                var json = throughJson ? JsonSerializer.Serialize(state) : null;
                session = SymbolForecastSession.Restore(Ibm, options, json is null ? state : JsonSerializer.Deserialize<SymbolSessionState>(json)!);
                restores++;
                if (json is not null)
                {
                    Assert.Equal(json, JsonSerializer.Serialize(session.Capture())); // every captured field was restored
                }

                Assert.True(before.SequenceEqual(SessionObservation.Session(session)), $"the restored session differs from the captured one at cut {i}");
                Assert.True(before.SequenceEqual(i == 0 ? reference.Initial : reference.Sessions[i - 1]), $"the session differs from the uninterrupted one at cut {i}");
            }

            if (i == stream.Quotes.Count)
            {
                break;
            }

            var emitted = session.OnQuote(stream.Quotes[i], out var candidate);
            Assert.True(SessionObservation.Candidate(emitted, candidate).SequenceEqual(reference.Candidates[i]), $"the output of quote {i} differs (last cut before it: {cuts.GetViewBetween(0, i).Max})");
            Assert.True(SessionObservation.Session(session).SequenceEqual(reference.Sessions[i]), $"the state after quote {i} differs (last cut before it: {cuts.GetViewBetween(0, i).Max})");
        }

        Assert.Equal(cuts.Count, restores);
    }

    [Fact]
    public void CaptureIsADeepCopyThatLaterQuotesDoNotChange()
    {
        var stream = Stream.Value;
        var session = new SymbolForecastSession(Ibm, Options(SymbolFilterKind.SlidingWaveletUkf));
        var cut = stream.SessionStarts[1] + 3000;
        for (var i = 0; i < cut; i++)
        {
            session.OnQuote(stream.Quotes[i], out _);
        }

        var state = session.Capture();
        Assert.NotNull(state.Forecaster?.Model);
        var json = JsonSerializer.Serialize(state);
        for (var i = cut; i < stream.DayStarts[2] + 10; i++)
        {
            session.OnQuote(stream.Quotes[i], out _); // crosses a day roll: new engine, log, model and sample
        }

        Assert.Equal(json, JsonSerializer.Serialize(state));
        Assert.NotEqual(json, JsonSerializer.Serialize(session.Capture())); // the session itself did move
    }

    [Fact]
    public void RestoreCopiesTheCheckpointSoScribblingOnItAfterwardsChangesNothing()
    {
        var stream = Stream.Value;
        var reference = WaveletReference.Value;
        var options = Options(SymbolFilterKind.SlidingWaveletUkf);
        var session = new SymbolForecastSession(Ibm, options);
        var cut = stream.SessionStarts[1] + 3000;
        for (var i = 0; i < cut; i++)
        {
            session.OnQuote(stream.Quotes[i], out _);
        }

        var state = session.Capture();
        var first = SymbolForecastSession.Restore(Ibm, options, state);
        var second = SymbolForecastSession.Restore(Ibm, options, state);
        Scribble(state);
        for (var i = cut; i < stream.Quotes.Count; i++)
        {
            var a = first.OnQuote(stream.Quotes[i], out var ca);
            var b = second.OnQuote(stream.Quotes[i], out var cb);
            Assert.True(SessionObservation.Candidate(a, ca).SequenceEqual(reference.Candidates[i]), $"quote {i}");
            Assert.True(SessionObservation.Candidate(b, cb).SequenceEqual(reference.Candidates[i]), $"quote {i}");
            Assert.True(SessionObservation.Session(first).SequenceEqual(reference.Sessions[i]), $"quote {i}");
        }
    }

    [Theory]
    [InlineData(SymbolFilterKind.SlidingWaveletUkf)]
    [InlineData(SymbolFilterKind.Ukf)]
    public void ARestoredSessionAllocatesNothingPerQuote(SymbolFilterKind filter)
    {
        var stream = Stream.Value;
        var options = Options(filter);
        var session = SymbolForecastSession.Restore(Ibm, options, CaptureMidSecondDay(options));
        var from = stream.SessionStarts[1] + 3000;
        for (var i = from; i < from + 50; i++)
        {
            session.OnQuote(stream.Quotes[i], out _); // the restored log and sample grow once (capacity doubling)
        }

        var emitted = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = from + 50; i < from + 1_050; i++)
        {
            emitted += session.OnQuote(stream.Quotes[i], out _) ? 1 : 0;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(emitted > 0);
    }

    [Theory]
    [InlineData("WaveletWindowTicks", "Features.WaveletWindowTicks")]
    [InlineData("Filter", "Features.Filter")]
    [InlineData("WarmUp", "Features.WarmUp")]
    [InlineData("SignalInterval", "SignalInterval")]
    [InlineData("Horizon", "Training.Horizon")]
    [InlineData("TimeZone", "ExchangeTimeZone")]
    public void ACheckpointIsRefusedUnderOtherOptionsWithTheOptionNamed(string change, string named)
    {
        var options = Options(SymbolFilterKind.SlidingWaveletUkf);
        var state = CaptureMidSecondDay(options);
        var features = options.Features!;
        var other = change switch
        {
            "WaveletWindowTicks" => options with { Features = features with { WaveletWindowTicks = 128 } },
            "Filter" => options with { Features = features with { Filter = SymbolFilterKind.Ukf } },
            "WarmUp" => options with { Features = features with { WarmUp = TimeSpan.FromMinutes(10) } },
            "SignalInterval" => options with { SignalInterval = TimeSpan.FromSeconds(20) },
            "Horizon" => options with { Training = new TrainingSetOptions { Horizon = TimeSpan.FromSeconds(30) } },
            "TimeZone" => options with { ExchangeTimeZone = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago") },
            _ => throw new ArgumentOutOfRangeException(nameof(change)),
        };

        var error = Assert.Throws<ArgumentException>(() => SymbolForecastSession.Restore(Ibm, other, state));

        Assert.Equal("state", error.ParamName);
        Assert.Contains($"{named} = ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WaveletOptionsDoNotShapeThePlainUkfSessionsCheckpoint()
    {
        var options = Options(SymbolFilterKind.Ukf);
        var state = CaptureMidSecondDay(options);

        var restored = SymbolForecastSession.Restore(Ibm, options with { Features = options.Features! with { WaveletWindowTicks = 128 } }, state);

        Assert.Equal(state.QuotesProcessed, restored.QuotesProcessed);
    }

    [Fact]
    public void TheFingerprintNamesEveryOption()
    {
        var keys = new SignalSessionOptions().CheckpointFingerprint().Split(';').Select(p => p[..p.IndexOf('=', StringComparison.Ordinal)]).ToHashSet();
        var expected = typeof(SignalSessionOptions).GetProperties().Where(p => p.Name is not nameof(SignalSessionOptions.Features) and not nameof(SignalSessionOptions.Training)).Select(p => p.Name)
            .Concat(typeof(SymbolFeatureOptions).GetProperties().Select(p => "Features." + p.Name))
            .Concat(typeof(TrainingSetOptions).GetProperties().Select(p => "Training." + p.Name));

        Assert.All(expected, name => Assert.Contains(name, keys));
    }

    [Theory]
    [InlineData("Version", "SymbolSessionState.Version")]
    [InlineData("Fingerprint", "SymbolSessionState.OptionsFingerprint")]
    [InlineData("CovarianceLength", "UkfState.Covariance")]
    [InlineData("CovarianceNaN", "UkfState.Covariance[3]")]
    [InlineData("StateInfinite", "UkfState.State[1]")]
    [InlineData("InnovationNaN", "UkfState.Innovation[0]")]
    [InlineData("RingLength", "SlidingWaveletDenoiserState.Ring")]
    [InlineData("RingNaN", "SlidingWaveletDenoiserState.Ring[7]")]
    [InlineData("Head", "SlidingWaveletDenoiserState.Head")]
    [InlineData("FeaturesLength", "SymbolFeatureEngineState.Features")]
    [InlineData("FeaturesNaN", "SymbolFeatureEngineState.Features[2]")]
    [InlineData("VolatilitySumNaN", "EwmaRealizedVolatilityState.SumSquares")]
    [InlineData("PlainFilterInWaveletSession", "SymbolFeatureEngineState.Filter")]
    [InlineData("LogFeaturesLength", "DayFeatureLogState.Features")]
    [InlineData("LogMidNaN", "DayFeatureLogState.LogMids[5]")]
    [InlineData("LogTimesOutOfOrder", "DayFeatureLogState.Times")]
    [InlineData("LogMissing", "SymbolSessionState.DayEndNanos")]
    [InlineData("ModelScaleNaN", "BaselineForecasterState.Model.Scales[1]")]
    [InlineData("ModelCoefficientsLength", "BaselineForecasterState.Model.Coefficients")]
    [InlineData("ModelLookAhead", "BaselineForecasterState.Model.TrainedThrough")]
    [InlineData("VolatilitySampleNaN", "SymbolSessionState.VolatilitySample[0]")]
    [InlineData("Counters", "SymbolSessionState.CandidatesEmitted")]
    [InlineData("EngineMissing", "SymbolSessionState.Engine")]
    public void ACorruptCheckpointIsRefusedWithTheFieldNamed(string corruption, string named)
    {
        var options = Options(SymbolFilterKind.SlidingWaveletUkf);
        var state = CaptureMidSecondDay(options);
        var engine = state.Engine;
        var wavelet = engine.Wavelet!;
        var ukf = wavelet.Filter;
        var log = state.Log!;
        var model = state.Forecaster!.Model!;
        var bad = corruption switch
        {
            "Version" => state with { Version = SymbolSessionState.CurrentVersion + 1 },
            "Fingerprint" => state with { OptionsFingerprint = "" },
            "CovarianceLength" => With(ukf with { Covariance = new double[3] }),
            "CovarianceNaN" => With(ukf with { Covariance = Set(ukf.Covariance, 3, double.NaN) }),
            "StateInfinite" => With(ukf with { State = Set(ukf.State, 1, double.PositiveInfinity) }),
            "InnovationNaN" => With(ukf with { Innovation = Set(ukf.Innovation, 0, double.NaN) }),
            "RingLength" => With(wavelet with { Denoiser = wavelet.Denoiser with { Ring = new double[17] } }),
            "RingNaN" => With(wavelet with { Denoiser = wavelet.Denoiser with { Ring = Set(wavelet.Denoiser.Ring, 7, double.NaN) } }),
            "Head" => With(wavelet with { Denoiser = wavelet.Denoiser with { Head = (wavelet.Denoiser.Head + 1) % wavelet.Denoiser.Ring.Length } }),
            "FeaturesLength" => state with { Engine = engine with { Features = new double[4] } },
            "FeaturesNaN" => state with { Engine = engine with { Features = Set(engine.Features, 2, double.NaN) } },
            "VolatilitySumNaN" => state with { Engine = engine with { Volatility = engine.Volatility with { SumSquares = double.NaN } } },
            "PlainFilterInWaveletSession" => state with { Engine = engine with { Filter = ukf, Wavelet = null } },
            "LogFeaturesLength" => state with { Log = log with { Features = log.Features[..^1] } },
            "LogMidNaN" => state with { Log = log with { LogMids = Set(log.LogMids, 5, double.NaN) } },
            "LogTimesOutOfOrder" => state with { Log = log with { Times = Set(log.Times, 5, log.Times[4] - 1) } },
            "LogMissing" => state with { Log = null },
            "ModelScaleNaN" => With(model with { Scales = Set(model.Scales, 1, double.NaN) }),
            "ModelCoefficientsLength" => With(model with { Coefficients = model.Coefficients[..^1] }),
            "ModelLookAhead" => With(model with { TrainedThrough = state.TradingDay }),
            "VolatilitySampleNaN" => state with { VolatilitySample = Set(state.VolatilitySample, 0, double.NaN) },
            "Counters" => state with { CandidatesEmitted = state.QuotesProcessed + 1 },
            "EngineMissing" => state with { Engine = null! },
            _ => throw new ArgumentOutOfRangeException(nameof(corruption)),
        };

        var error = Assert.Throws<ArgumentException>(() => SymbolForecastSession.Restore(Ibm, options, bad));

        Assert.Equal("state", error.ParamName);
        Assert.StartsWith(named, error.Message, StringComparison.Ordinal);

        SymbolSessionState With(object part) => part switch
        {
            UkfState u => state with { Engine = engine with { Wavelet = wavelet with { Filter = u } } },
            SlidingWaveletUkfState w => state with { Engine = engine with { Wavelet = w } },
            BaselineModelState m => state with { Forecaster = state.Forecaster! with { Model = m } },
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
    }

    [Fact]
    public void ACheckpointOfAnotherSymbolIsRefused()
    {
        var options = Options(SymbolFilterKind.Ukf);
        var state = CaptureMidSecondDay(options);

        var error = Assert.Throws<ArgumentException>(() => SymbolForecastSession.Restore(new Symbol("AAPL"), options, state));

        Assert.StartsWith("SymbolSessionState.Symbol", error.Message, StringComparison.Ordinal);
    }

    private static readonly Lazy<SymbolSessionState> WaveletMidSecondDay = new(() => RunToMidSecondDay(Options(SymbolFilterKind.SlidingWaveletUkf)));
    private static readonly Lazy<SymbolSessionState> UkfMidSecondDay = new(() => RunToMidSecondDay(Options(SymbolFilterKind.Ukf)));

    /// <summary>A checkpoint on the second day, 3,000 quotes into the session (model loaded, log and sample filling);
    /// shared between tests, which must not change it.</summary>
    private static SymbolSessionState CaptureMidSecondDay(SignalSessionOptions options) =>
        options.Features!.Filter == SymbolFilterKind.Ukf ? UkfMidSecondDay.Value : WaveletMidSecondDay.Value;

    private static SymbolSessionState RunToMidSecondDay(SignalSessionOptions options)
    {
        var stream = Stream.Value;
        var session = new SymbolForecastSession(Ibm, options);
        for (var i = 0; i < stream.SessionStarts[1] + 3000; i++)
        {
            session.OnQuote(stream.Quotes[i], out _);
        }

        return session.Capture();
    }

    private static T[] Set<T>(T[] values, int index, T value)
    {
        var copy = (T[])values.Clone();
        copy[index] = value;
        return copy;
    }

    /// <summary>Overwrites every array the checkpoint holds.</summary>
    private static void Scribble(SymbolSessionState state)
    {
        var w = state.Engine.Wavelet!;
        foreach (var a in new[]
        {
            w.Filter.State, w.Filter.Covariance, w.Filter.ObservationNoise, w.Filter.PredictedObservation, w.Filter.Innovation,
            w.Filter.InnovationCovariance, w.Filter.Gain, w.Denoiser.Ring, state.Engine.Features, state.Log!.LogMids, state.Log.Features,
            state.Forecaster!.Model!.Means, state.Forecaster.Model.Scales, state.Forecaster.Model.Coefficients, state.VolatilitySample,
        })
        {
            Array.Fill(a, 12_345.0);
        }

        Array.Fill(state.Log.Times, 0L);
        Array.Fill(state.Forecaster.Model.FeatureColumns, 0);
    }

    /// <summary>Cut points: before anything, around every day roll, before warm-up and before the wavelet window fills,
    /// after both, mid-session, at and after the first candidate, at a repeated timestamp, after a one-sided quote, and
    /// after the last quote.</summary>
    private static SortedSet<int> CutPoints(CheckpointQuoteStream stream, Reference reference)
    {
        var quotes = stream.Quotes;
        var cuts = new SortedSet<int> { 0, 1, 2, reference.FirstCandidate, reference.FirstCandidate + 1, quotes.Count };
        foreach (var start in stream.DayStarts.Skip(1))
        {
            cuts.Add(start - 1);
            cuts.Add(start);
            cuts.Add(start + 1);
        }

        foreach (var open in stream.SessionStarts)
        {
            cuts.Add(open);
            cuts.Add(open + 50);
            cuts.Add(open + 400);
            cuts.Add(open + 5_000);
        }

        var afterOpen = stream.SessionStarts[1] + 100;
        cuts.Add(Enumerable.Range(afterOpen, quotes.Count - afterOpen).First(i => quotes[i].Time == quotes[i - 1].Time));
        cuts.Add(Enumerable.Range(afterOpen, quotes.Count - afterOpen).First(i => !quotes[i - 1].IsTwoSided));
        cuts.Add(Enumerable.Range(afterOpen, quotes.Count - afterOpen).First(i => !quotes[i].IsTwoSided));
        return cuts;
    }

    /// <summary>The outputs of one uninterrupted session: per quote its candidate and its observable state.</summary>
    private sealed class Reference
    {
        public List<long[]> Candidates { get; } = [];

        public List<long[]> Sessions { get; } = [];

        public long[] Initial { get; private set; } = [];

        public int FirstCandidate { get; private set; } = -1;

        public int CandidateCount { get; private set; }

        public int CompletedDays { get; private set; }

        public static Reference Run(CheckpointQuoteStream stream, SignalSessionOptions options)
        {
            var reference = new Reference();
            var session = new SymbolForecastSession(Ibm, options);
            reference.Initial = SessionObservation.Session(session);
            for (var i = 0; i < stream.Quotes.Count; i++)
            {
                var emitted = session.OnQuote(stream.Quotes[i], out var candidate);
                reference.Candidates.Add(SessionObservation.Candidate(emitted, candidate));
                reference.Sessions.Add(SessionObservation.Session(session));
                if (emitted)
                {
                    reference.CandidateCount++;
                    if (reference.FirstCandidate < 0)
                    {
                        reference.FirstCandidate = i;
                    }
                }

                if (session.LastCompletedDay is not null)
                {
                    reference.CompletedDays++;
                }
            }

            return reference;
        }
    }
}
