using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Losses;

/// <summary>StudentTradingLoss against PyTorch (Fixtures/make_student_loss_fixture.py), finite differences, a hand
/// case of the Sortino ratio, argument checks and the minimum of the uncertainty weighting.</summary>
public sealed class StudentTradingLossTests
{
    private static readonly float[] FixtureLogVars = [0.3f, -0.2f, 0.1f, 0.5f];

    [Fact]
    public void ValueTermsAndGradientsMatchTorch()
    {
        var f = Load("student_loss.safetensors");
        var options = new StudentTradingLossOptions
        {
            Temperature = f["opt.temperature"].ToScalar(),
            FocalGamma = f["opt.focal_gamma"].ToScalar(),
            FeeRate = f["opt.fee_rate"].ToScalar(),
            SortinoEpsilon = f["opt.sortino_epsilon"].ToScalar(),
            Quantiles = f["opt.quantiles"].ToArray(),
        };
        var loss = new StudentTradingLoss(options);
        loss.LoadStateDict(new Dictionary<string, Tensor> { [StudentTradingLoss.LogVariancesName] = f["in.log_vars"] });
        var student = Leaf(f["in.student"]);
        var teacher = Leaf(f["in.teacher"]);
        var quantiles = Leaf(f["in.quantiles"]);
        var position = Leaf(f["in.position"]);
        var barrierLogits = Leaf(f["in.barrier_logits"]);

        var terms = loss.Compute(student, teacher, quantiles, f["in.targets"], position, f["in.realised_return"], f["in.half_spread"], f["in.barrier_label"], barrierLogits);

        AssertClose(f["loss"], terms.Total, "total");
        AssertScalar(f["kl"], terms.Kl, "KL");
        AssertScalar(f["pinball"], terms.Pinball, "pinball");
        AssertScalar(f["sortino_loss"], terms.SortinoLoss, "Sortino loss");
        AssertScalar(f["sortino"], terms.Sortino, "Sortino");
        AssertScalar(f["focal"], terms.Focal, "focal");
        Assert.Equal(f["in.log_vars"].ToArray(), terms.LogVariances);

        terms.Total.Backward();
        var (b, h, q) = (student.Shape[0], student.Shape[1], quantiles.Shape[2]);
        AssertGradient(f["grad.student"], student.Grad!, b * h, "d/d student logits");
        AssertGradient(f["grad.quantiles"], quantiles.Grad!, b * h * q, "d/d quantiles");
        AssertGradient(f["grad.position"], position.Grad!, b, "d/d position");
        AssertGradient(f["grad.barrier_logits"], barrierLogits.Grad!, b, "d/d barrier logits");
        AssertGradient(f["grad.log_vars"], loss.LogVariances.Grad!, 1, "d/d log variances");
        Assert.Null(teacher.Grad);
        GradientTape.Current.EndStep();
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        var options = new StudentTradingLossOptions { Quantiles = [0.25f, 0.5f, 0.75f], FeeRate = 0.005f };
        var loss = new StudentTradingLoss(options);
        loss.LogVariances.CopyFrom(FixtureLogVars);
        var c = SmallCase();
        c.Position.RequiresGrad = true;

        // Kinks kept out of reach of the ±1e-2 steps: every |y - ŷ_q| ≥ 0.2 (targets 0.1, |ŷ_q| ≥ 0.3) and every
        // |Δposition| ≥ 0.3, so the exact |x| and the pinball's max are differentiable around each point.
        GradCheck.Check(
            x => loss.Compute(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7], x[8]).Total,
            [GradCheck.Input(1, 6, 2, 5), Constant(2, 6, 2, 5), GradCheck.AwayFromZero(3, 6, 2, 3), Tensor.Full(0.1f, 6, 2),
             c.Position, c.Return, c.Spread, c.Label, GradCheck.Input(4, 6, 3), loss.LogVariances]);
    }

    [Fact]
    public void TeacherLogitsGetNoGradient()
    {
        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = [0.25f, 0.5f, 0.75f] });
        var c = SmallCase();
        var student = GradCheck.Input(1, 6, 2, 5);
        var teacher = GradCheck.Input(2, 6, 2, 5);
        var terms = loss.Compute(student, teacher, GradCheck.Input(3, 6, 2, 3), Tensor.Zeros(6, 2), c.Position, c.Return, c.Spread, c.Label, GradCheck.Input(4, 6, 3));
        terms.Total.Backward();
        Assert.Null(teacher.Grad);
        Assert.NotNull(student.Grad);
        Assert.Contains(student.Grad!.ToArray(), g => g != 0f);
        GradientTape.Current.EndStep();
    }

    [Fact]
    public void SortinoMatchesHandComputation()
    {
        // Positions 0.5, -0.5, -0.5, 1 from flat; returns 2%, -1%, 3%, -2%; fee 10 bp; half spreads 5, 10, 0, 20 bp.
        // Costs: 0.0015·0.5, 0.002·1, 0.001·0, 0.003·1.5 → net r = 0.00925, 0.003, -0.015, -0.0245.
        double[] r = [0.01 - 0.00075, 0.005 - 0.002, -0.015, -0.02 - 0.0045];
        var mean = r.Average();
        var downside = Math.Sqrt(r.Select(v => Math.Min(v, 0) * Math.Min(v, 0)).Average() + 1e-6);
        var expected = mean / downside;
        Assert.Equal(-0.0068125, mean, 12);
        Assert.Equal(-0.473144, expected, 6);

        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = [0.5f], FeeRate = 0.001f, SortinoEpsilon = 1e-6f });
        var terms = ComputeTrading(loss, [0.5f, -0.5f, -0.5f, 1f], [0.02f, -0.01f, 0.03f, -0.02f], [0.0005f, 0.001f, 0f, 0.002f]);

        // float32 against the double closed form: about ten float32 roundings of values below 1.
        Tolerance.AssertClose(expected, terms.Sortino, Tolerance.TorchParityFloat32, "Sortino");
        Tolerance.AssertClose(Math.Log(1 + Math.Exp(-expected)), terms.SortinoLoss, Tolerance.TorchParityFloat32, "softplus(-Sortino)");
    }

    [Fact]
    public void SingleSamplePaysTheEntryCost()
    {
        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = [0.5f], FeeRate = 0.001f, SortinoEpsilon = 1e-6f });
        var terms = ComputeTrading(loss, [-0.8f], [0.01f], [0.0004f]);
        var r = (-0.8 * 0.01) - (0.0014 * 0.8);
        Tolerance.AssertClose(r / Math.Sqrt((r * r) + 1e-6), terms.Sortino, Tolerance.TorchParityFloat32, "Sortino of one step");
    }

    [Fact]
    public void LogVariancesAreAParameterStartingAtZeroAndTheFirstTotalIsThePlainSum()
    {
        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = [0.25f, 0.5f, 0.75f] });
        var state = loss.StateDict();
        Assert.Equal([StudentTradingLoss.LogVariancesName], state.Keys);
        Assert.Equal(new float[4], state["log_vars"].ToArray());
        Assert.Same(loss.LogVariances, Assert.Single(loss.Parameters()));

        var c = SmallCase();
        var terms = loss.Compute(GradCheck.Input(1, 6, 2, 5), GradCheck.Input(2, 6, 2, 5), GradCheck.Input(3, 6, 2, 3), Tensor.Zeros(6, 2), c.Position, c.Return, c.Spread, c.Label, GradCheck.Input(4, 6, 3));
        Assert.True(terms.Kl > 0 && terms.Pinball > 0 && terms.SortinoLoss > 0 && terms.Focal > 0);
        Tolerance.AssertClose(terms.Kl + terms.Pinball + terms.SortinoLoss + terms.Focal, terms.Total.ToScalar(), Tolerance.TorchParityFloat32, "total at s = 0");
        GradientTape.Current.EndStep();
    }

    [Fact]
    public void UncertaintyWeightsConvergeToLogOfConstantTerms()
    {
        // With the inputs fixed each term Lᵢ is a constant, and exp(-s)·Lᵢ + s is minimised at s = log Lᵢ.
        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = [0.25f, 0.5f, 0.75f] });
        var c = SmallCase();
        var (student, teacher, quantiles) = (Constant(1, 6, 2, 5), Constant(2, 6, 2, 5), Constant(3, 6, 2, 3));
        var barrier = Constant(4, 6, 3);
        var targets = Tensor.Zeros(6, 2);
        var optimizer = new AdamW(loss.Parameters(), learningRate: 0.05f, weightDecay: 0f);
        StudentLossTerms terms = default;
        for (var step = 0; step < 1500; step++)
        {
            optimizer.ZeroGrad();
            terms = loss.Compute(student, teacher, quantiles, targets, c.Position, c.Return, c.Spread, c.Label, barrier);
            terms.Total.Backward();
            optimizer.Step();
            GradientTape.Current.EndStep();
        }

        float[] l = [terms.Kl, terms.Pinball, terms.SortinoLoss, terms.Focal];
        var s = loss.LogVariances.ToArray();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(Math.Abs(s[i] - Math.Log(l[i])) < 1e-2, $"s[{i}] = {s[i]}, log L[{i}] = {Math.Log(l[i])}");
        }
    }

    [Theory]
    [InlineData("teacherLogits", "(6, 2, 4)")]
    [InlineData("quantiles", "(6, 2, 4)")]
    [InlineData("targets", "(6, 3)")]
    [InlineData("position", "(5)")]
    [InlineData("realisedReturn", "(7)")]
    [InlineData("halfSpread", "(6, 1)")]
    [InlineData("barrierLabel", "(1, 6)")]
    [InlineData("barrierLogits", "(6, 2)")]
    public void MismatchedShapeNamesTheArgumentAndBothShapes(string argument, string badShape)
    {
        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = [0.25f, 0.5f, 0.75f] });
        var c = SmallCase();
        Tensor[] args = [GradCheck.Input(1, 6, 2, 5), GradCheck.Input(2, 6, 2, 5), GradCheck.Input(3, 6, 2, 3), Tensor.Zeros(6, 2), c.Position, c.Return, c.Spread, c.Label, GradCheck.Input(4, 6, 3)];
        string[] names = ["studentLogits", "teacherLogits", "quantiles", "targets", "position", "realisedReturn", "halfSpread", "barrierLabel", "barrierLogits"];
        var index = Array.IndexOf(names, argument);
        var expected = ShapeUtil.Format(args[index].Shape);
        var shape = badShape.Trim('(', ')').Split(", ").Select(int.Parse).ToArray();
        args[index] = Tensor.Zeros(shape);

        var e = Assert.Throws<ArgumentException>(() => loss.Compute(args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8]));
        Assert.Equal(argument, e.ParamName);
        Assert.Contains(badShape, e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        GradientTape.Current.Clear();
    }

    [Fact]
    public void BadStudentRankLabelAndSpreadAreRejected()
    {
        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = [0.25f, 0.5f, 0.75f] });
        var c = SmallCase();
        var student = GradCheck.Input(1, 6, 2, 5);
        var rank = Assert.Throws<ArgumentException>(() => loss.Compute(Tensor.Zeros(6, 10), student, Tensor.Zeros(6, 2, 3), Tensor.Zeros(6, 2), c.Position, c.Return, c.Spread, c.Label, Tensor.Zeros(6, 3)));
        Assert.Equal("studentLogits", rank.ParamName);

        var label = Tensor.FromArray([0f, 1f, 2f, 1.5f, 0f, 2f], 6);
        var bad = Assert.Throws<ArgumentException>(() => loss.Compute(student, student, Tensor.Zeros(6, 2, 3), Tensor.Zeros(6, 2), c.Position, c.Return, c.Spread, label, Tensor.Zeros(6, 3)));
        Assert.Equal("barrierLabel", bad.ParamName);
        Assert.Contains("barrierLabel[3] = 1.5", bad.Message, StringComparison.Ordinal);

        var spread = Tensor.FromArray([0f, 0f, -1e-4f, 0f, 0f, 0f], 6);
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => loss.Compute(student, student, Tensor.Zeros(6, 2, 3), Tensor.Zeros(6, 2), c.Position, c.Return, spread, c.Label, Tensor.Zeros(6, 3)));
        Assert.Equal("halfSpread", negative.ParamName);
        GradientTape.Current.Clear();
    }

    [Theory]
    [InlineData("Temperature")]
    [InlineData("Quantiles")]
    [InlineData("FocalGamma")]
    [InlineData("FeeRate")]
    [InlineData("SortinoEpsilon")]
    public void InvalidOptionIsNamed(string option)
    {
        var good = new StudentTradingLossOptions();
        good.Validate();
        StudentTradingLossOptions[] bad = option switch
        {
            "Temperature" => [good with { Temperature = 0f }, good with { Temperature = float.NaN }, good with { Temperature = float.PositiveInfinity }],
            "Quantiles" => [good with { Quantiles = [] }, good with { Quantiles = [0f, 0.5f] }, good with { Quantiles = [0.5f, 1f] }, good with { Quantiles = [0.5f, 0.5f] }, good with { Quantiles = [0.6f, 0.4f] }, good with { Quantiles = null! }],
            "FocalGamma" => [good with { FocalGamma = -0.5f }, good with { FocalGamma = float.NaN }],
            "FeeRate" => [good with { FeeRate = -1e-4f }, good with { FeeRate = float.PositiveInfinity }],
            _ => [good with { SortinoEpsilon = 0f }, good with { SortinoEpsilon = float.NaN }],
        };
        foreach (var o in bad)
        {
            var e = Assert.ThrowsAny<ArgumentException>(o.Validate);
            Assert.Equal(option, e.ParamName);
            Assert.ThrowsAny<ArgumentException>(() => new StudentTradingLoss(o));
        }
    }

    [Fact]
    public void QuantileLevelsAreCopiedAtConstruction()
    {
        float[] levels = [0.25f, 0.5f, 0.75f];
        var loss = new StudentTradingLoss(new StudentTradingLossOptions { Quantiles = levels });
        levels[0] = 0.01f;
        Assert.Equal([0.25f, 0.5f, 0.75f], loss.Quantiles);
    }

    private static StudentLossTerms ComputeTrading(StudentTradingLoss loss, float[] position, float[] realisedReturn, float[] halfSpread)
    {
        var b = position.Length;
        using var scope = GradientTape.NoGrad();
        return loss.Compute(
            Tensor.Zeros(b, 1, 2), Tensor.Zeros(b, 1, 2), Tensor.Zeros(b, 1, 1), Tensor.Zeros(b, 1),
            Tensor.FromArray(position, b), Tensor.FromArray(realisedReturn, b), Tensor.FromArray(halfSpread, b),
            Tensor.Zeros(b), Tensor.Zeros(b, 3));
    }

    /// <summary>Six consecutive samples: |Δposition| ≥ 0.3 at every step (entry from flat included), returns of tens
    /// of percent (a well-scaled Sortino ratio for finite differences), half spreads of 1-2%, labels 0, 1, 2.</summary>
    private static (Tensor Position, Tensor Return, Tensor Spread, Tensor Label) SmallCase() =>
        (Tensor.FromArray([0.5f, -0.3f, 0.2f, 0.9f, -0.6f, -0.1f], 6),
         Tensor.FromArray([0.2f, -0.1f, 0.3f, -0.25f, 0.15f, -0.05f], 6),
         Tensor.FromArray([0.01f, 0.02f, 0.015f, 0.01f, 0.02f, 0.01f], 6),
         Tensor.FromArray([0f, 2f, 1f, 2f, 0f, 1f], 6));

    /// <summary>A seeded input in [-2, 2] that does not require grad.</summary>
    private static Tensor Constant(ulong seed, params int[] shape) => Initializers.Uniform(new DeterministicRandom(seed), -2f, 2f, shape);

    /// <summary>Gradients of a mean over n terms are O(1/n) (here 1e-3 to 1e-2), below the 1e-5 absolute floor of
    /// <see cref="Tolerance.AssertClose"/> by only a few hundred times; compared as n·gradient (the gradient of the
    /// sum), the check is relative to the size of each term's contribution.</summary>
    private static void AssertGradient(Tensor expected, Tensor actual, int n, string what)
    {
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Tolerance.AssertClose(n * (double)e[i], n * (double)a[i], Tolerance.TorchParityFloat32, $"{what}[{i}] x {n}");
        }
    }

    private static void AssertScalar(Tensor expected, float actual, string what) =>
        Tolerance.AssertClose(expected.ToScalar(), actual, Tolerance.TorchParityFloat32, what);
}
