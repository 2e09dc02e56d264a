using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Optim;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Tests.Training;

/// <summary>Tiny models learn (seeded, a few seconds at most).</summary>
public sealed class LearningTests
{
    [Fact]
    public void MlpFitsXor()
    {
        var rng = new DeterministicRandom(3);
        var mlp = new Mlp([2, 8, 1], Activation.Tanh, rng);
        var x = Tensor.FromArray([0, 0, 0, 1, 1, 0, 1, 1], 4, 2);
        var y = Tensor.FromArray([0, 1, 1, 0], 4, 1);
        var opt = new Adam(mlp.Parameters(), 0.05f);
        for (var step = 0; step < 400; step++)
        {
            opt.ZeroGrad();
            MseLoss.Compute(mlp.Forward(x), y).Backward();
            opt.Step();
            GradientTape.Current.EndStep();
        }

        using var scope = GradientTape.NoGrad();
        var p = mlp.Forward(x).ToArray();
        Assert.True(p[0] < 0.2 && p[1] > 0.8 && p[2] > 0.8 && p[3] < 0.2, string.Join(", ", p));
    }

    [Fact]
    public void TransformerForecastsNoisySineFromItsPast()
    {
        const int Window = 16;
        const int Batch = 32;
        const int Model = 16;
        var rng = new DeterministicRandom(5);
        var embed = new Linear(1, Model, rng);
        var encoder = new TransformerEncoder(1, Model, 2, 32, rng);
        var head = new Linear(Model, 1, rng);
        var position = Initializers.Normal(rng, 0f, 0.1f, Window, Model);
        position.RequiresGrad = true;
        var parameters = embed.Parameters().Concat(encoder.Parameters()).Concat(head.Parameters()).Append(position).ToArray();
        var opt = new AdamW(parameters, 1e-2f, weightDecay: 0f);
        var data = new DeterministicRandom(9);

        (Tensor X, Tensor Y) Sample()
        {
            var xs = new float[Batch * Window];
            var ys = new float[Batch];
            for (var b = 0; b < Batch; b++)
            {
                var phase = data.NextDouble() * 2 * Math.PI;
                for (var t = 0; t <= Window; t++)
                {
                    var v = (float)(Math.Sin(phase + (0.4 * t)) + (0.05 * data.NextGaussian()));
                    if (t < Window)
                    {
                        xs[(b * Window) + t] = v;
                    }
                    else
                    {
                        ys[b] = (float)Math.Sin(phase + (0.4 * t));
                    }
                }
            }

            return (Tensor.FromArray(xs, Batch, Window, 1), Tensor.FromArray(ys, Batch, 1));
        }

        Tensor Predict(Tensor x)
        {
            var h = encoder.Forward(Ops.Add(embed.Forward(x), position), causal: true);
            return head.Forward(Ops.Reshape(Ops.Slice(h, 1, Window - 1, 1), Batch, Model));
        }

        double firstLoss = 0;
        for (var step = 0; step < 200; step++)
        {
            var (x, y) = Sample();
            opt.LearningRate = LearningRateSchedule.WarmupCosine(step, 1e-2f, 20, 200, 3e-4f);
            opt.ZeroGrad();
            var loss = MseLoss.Compute(Predict(x), y);
            loss.Backward();
            GradientClipping.ClipByGlobalNorm(parameters, 1f);
            opt.Step();
            if (step == 0)
            {
                firstLoss = loss.ToScalar();
            }

            GradientTape.Current.EndStep();
        }

        using var scope = GradientTape.NoGrad();
        var (tx, ty) = Sample();
        var mse = MseLoss.Compute(Predict(tx), ty).ToScalar();
        // Predicting zero costs about 0.5 (the variance of a sine): the model must do ten times better.
        Assert.True(mse < 0.05, $"held-out MSE {mse} (first training loss {firstLoss})");
    }
}
