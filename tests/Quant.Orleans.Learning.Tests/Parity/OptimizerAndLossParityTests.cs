using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;
using static Quant.Orleans.Learning.Tests.Parity.TorchFixtures;

namespace Quant.Orleans.Learning.Tests.Parity;

public sealed class OptimizerAndLossParityTests
{
    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("sgd")]
    public void TenStepsMatchTorch(string name)
    {
        var f = Load("optim.safetensors");
        var w = Leaf(f[$"{name}.initial"]);
        Optimizer opt = name switch
        {
            "adam" => new Adam([w], 0.05f, weightDecay: 0.01f),
            "adamw" => new AdamW([w], 0.05f, weightDecay: 0.1f),
            _ => new Sgd([w], 0.05f, momentum: 0.9f, weightDecay: 0.01f),
        };
        for (var i = 0; i < 10; i++)
        {
            opt.ZeroGrad();
            Ops.SumAll(Ops.Abs(Ops.Pow(Ops.Sub(w, f["target"]), 3f))).Backward();
            opt.Step();
            GradientTape.Current.EndStep();
        }

        AssertClose(f[$"{name}.final"], w, $"{name} after 10 steps");
    }

    [Fact]
    public void LossesMatchTorch()
    {
        var f = Load("losses.safetensors");
        Check(f, "ce", x => CrossEntropyLoss.Compute(x, f["ce.targets"].ToArray().Select(v => (int)v).ToArray(), 0.1f), f["ce.logits"]);
        Check(f, "kl", x => KlDivergenceLoss.Compute(x, f["kl.teacher"], 2f), f["kl.student"]);
        Check(f, "focal", x => FocalLoss.Compute(x, f["focal.targets"]), f["focal.logits"]);
        Check(f, "quantile", x => QuantileLoss.Compute(x, f["quantile.target"], f["quantile.q"]), f["quantile.pred"]);
        Check(f, "mse", x => MseLoss.Compute(x, f["mse.target"]), f["mse.pred"]);

        var a = Leaf(f["beta.alpha"]);
        var b = Leaf(f["beta.beta"]);
        var loss = BetaNllLoss.Compute(a, b, f["beta.y"]);
        AssertClose(f["beta.loss"], loss, "beta loss");
        loss.Backward();
        AssertClose(f["beta.grad_alpha"], a.Grad!, "beta dα");
        AssertClose(f["beta.grad_beta"], b.Grad!, "beta dβ");
        GradientTape.Current.EndStep();
    }

    private static void Check(Dictionary<string, Tensor> f, string name, Func<Tensor, Tensor> loss, Tensor input)
    {
        var x = Leaf(input);
        var l = loss(x);
        AssertClose(f[$"{name}.loss"], l, $"{name} loss");
        l.Backward();
        AssertClose(f[$"{name}.grad"], x.Grad!, $"{name} grad");
        GradientTape.Current.EndStep();
    }
}
