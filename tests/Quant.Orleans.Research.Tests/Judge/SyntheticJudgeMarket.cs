using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Research.Tests.Judge;

/// <summary>
/// A seeded synthetic market with the structure the judge is meant to find: ln mid follows
/// r[t] = α[t−1] + σ_regime · ε[t], with a latent drift α (AR(1), persistence 0.998, stationary sd 6.3e-6 per step in the calm regime) that the trade-flow and NBBO size
/// imbalances observe with noise; two volatility regimes (Markov, mean stay 3,000 steps) whose causal posterior is an
/// EWMA of |r|; a half-spread of half a cent on a price near 40 USD, wider in the volatile regime; and a primary forecast
/// μ = h·α + noise every <c>every</c> steps. Days of 23,400 one-second steps from 09:30 New York time (13:30 UTC).
/// </summary>
internal static class SyntheticJudgeMarket
{
    internal const long Second = 1_000_000_000L;

    internal static (JudgeMarketData Market, List<JudgeCandidate> Candidates) Create(int days, int seed, int every = 30, int stepsPerDay = 23_400, int horizon = 300)
    {
        var random = new Random(seed);
        var n = days * stepsPerDay;
        var times = new long[n];
        var mid = new double[n];
        var half = new double[n];
        var bid = new double[n];
        var ask = new double[n];
        var flow = new double[n];
        var regimes = new double[n * 2];
        var candidates = new List<JudgeCandidate>();
        var logMid = Math.Log(40.0);
        var alpha = 0.0;
        var volatile_ = false;
        var absEwma = 1e-4;
        var flowEwma = 0.0;
        var open = new DateTimeOffset(2013, 10, 7, 13, 30, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * 1_000_000L;
        for (var i = 0; i < n; i++)
        {
            var day = i / stepsPerDay;
            times[i] = open + (day * 86_400L * Second) + (((i % stepsPerDay) + 1) * Second);
            if (random.NextDouble() < 1.0 / 3000)
            {
                volatile_ = !volatile_;
            }

            var sigma = volatile_ ? 2.5e-4 : 1e-4;
            var r = alpha + (sigma * Normal(random));
            logMid += r;
            alpha = (0.998 * alpha) + (4e-7 * Normal(random) * (volatile_ ? 2 : 1));
            mid[i] = Math.Exp(logMid);
            half[i] = (volatile_ ? 0.01 : 0.005) / 2 / mid[i] * (1 + (0.2 * random.NextDouble()));
            flowEwma = (0.95 * flowEwma) + (0.05 * Math.Tanh((alpha / 6e-6) + (0.8 * Normal(random))));
            flow[i] = Math.Clamp(flowEwma, -1, 1);
            var tilt = Math.Tanh((alpha / 8e-6) + (0.7 * Normal(random)));
            bid[i] = Math.Round(300 * (1 + tilt) * (0.5 + random.NextDouble())) + 100;
            ask[i] = Math.Round(300 * (1 - tilt) * (0.5 + random.NextDouble())) + 100;
            absEwma = (0.99 * absEwma) + (0.01 * Math.Abs(r));
            var pVolatile = 1 / (1 + Math.Exp(-(absEwma - 1.4e-4) / 2e-5));
            regimes[2 * i] = 1 - pVolatile;
            regimes[(2 * i) + 1] = pVolatile;
            if (i % every == every - 1)
            {
                var mu = (horizon * alpha) + (0.6 * sigma * Math.Sqrt(horizon) * Normal(random));
                if (mu != 0)
                {
                    var sd = sigma * Math.Sqrt(horizon) * (0.8 + (0.4 * random.NextDouble()));
                    candidates.Add(new JudgeCandidate(i, mu, sd, mu - (1.2816 * sd), mu + (1.2816 * sd)));
                }
            }
        }

        return (new JudgeMarketData(times, mid, half, bid, ask, flow, regimes, 2), candidates);
    }

    private static double Normal(Random random)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
