using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Research.Judge;

namespace Quant.Orleans.Research.Tests.Judge;

/// <summary>
/// A judge data set from recorded Lean days (<see cref="DistillationDatasetBuilder"/>), one symbol, its days concatenated
/// on the 1-second grid. The primary model is the engine's causal slope: μ = slope · 300 s, σ = realised volatility ·
/// √300 s; a candidate every 30 steps once the engine is warm, and only where the 300-step vertical barrier stays inside
/// the session. No quantiles, no regimes. Training rows: the first days; held out: the last <c>testDays</c>.
/// </summary>
internal static class RealJudgeData
{
    internal static (JudgeDataset Set, int[] Train, int[] Test, FractionalDifferenceFit Fit) Create(string leanRoot, string symbol, int testDays)
    {
        var dates = DistillationDatasetBuilder.AvailableDays(leanRoot, symbol);
        var days = DistillationDatasetBuilder.BuildMany(leanRoot, [.. dates.Select(d => (symbol, d))], maxDegreeOfParallelism: Environment.ProcessorCount);
        var student = DistillationSchemas.Student.Columns;
        var teacher = DistillationSchemas.Teacher.Columns;
        int slope = Array.IndexOf(student, "slope"), vol = Array.IndexOf(student, "realised_volatility"), flow = Array.IndexOf(student, "trade_flow_imbalance");
        int bidSize = Array.IndexOf(teacher, "bid_size_at_best"), askSize = Array.IndexOf(teacher, "ask_size_at_best");
        var times = new List<long>();
        var mid = new List<double>();
        var half = new List<double>();
        var bid = new List<double>();
        var ask = new List<double>();
        var imbalance = new List<double>();
        var candidates = new List<JudgeCandidate>();
        var testStart = 0;
        const int Horizon = 300;
        for (var k = 0; k < days.Count; k++)
        {
            var day = days[k];
            if (k == days.Count - testDays)
            {
                testStart = times.Count;
            }

            var offset = times.Count;
            var last = double.NaN;
            var firstFinite = day.LogMid.FirstOrDefault(double.IsFinite);
            for (var i = 0; i < day.Steps; i++)
            {
                last = double.IsFinite(day.LogMid[i]) ? day.LogMid[i] : double.IsFinite(last) ? last : firstFinite;
                times.Add(day.Times[i]);
                mid.Add(Math.Exp(last));
                half.Add(float.IsFinite(day.HalfSpread[i]) ? Math.Max(0, day.HalfSpread[i]) : 0);
                var s = day.StudentRow(i);
                var t = day.TeacherRow(i);
                bid.Add(Math.Max(0, t[bidSize]));
                ask.Add(Math.Max(0, t[askSize]));
                imbalance.Add(Math.Clamp(s[flow], -1, 1));
                if (i % 30 == 29 && i + Horizon < day.Steps && day.Warm[i] && s[slope] != 0 && s[vol] > 0)
                {
                    candidates.Add(new JudgeCandidate(offset + i, s[slope] * Horizon, s[vol] * Math.Sqrt(Horizon)));
                }
            }
        }

        var market = new JudgeMarketData([.. times], [.. mid], [.. half], [.. bid], [.. ask], [.. imbalance], [], 0);
        var fit = FractionalDifferenceFit.Fit([.. mid.Take(testStart).Select(m => Math.Log(m))]);
        var features = new JudgeFeatures(new JudgeFeatureOptions(), fit);
        var labels = JudgeLabeler.Label(market, candidates, new JudgeLabelOptions());
        var set = JudgeDataset.Create(features.Schema, features.Compute(market, candidates), labels, market.Length);
        var train = Enumerable.Range(0, set.Rows).Where(r => set.Spans[r].End < testStart).ToArray();
        var test = Enumerable.Range(0, set.Rows).Where(r => set.Spans[r].Start >= testStart).ToArray();
        return (set, train, test, fit);
    }
}
