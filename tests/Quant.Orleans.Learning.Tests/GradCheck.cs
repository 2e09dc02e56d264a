using Quant.Orleans.Core;
using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Learning.Tests;

/// <summary>Central finite-difference gradient check in float32 with the loss summed in double.</summary>
internal static class GradCheck
{
    /// <summary>Checks d/dx Σ f(x)·r against central differences for every input that requires grad.</summary>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, float eps = 1e-2f, double tol = Tolerance.FiniteDifferenceFloat32, ulong seed = 7)
    {
        GradientTape.Current.Clear();
        foreach (var x in inputs)
        {
            x.Grad = null;
        }

        var output = f(inputs);
        var rng = new DeterministicRandom(seed);
        var r = Initializers.Uniform(rng, -1f, 1f, output.Shape);
        Ops.SumAll(Ops.Mul(output, r)).Backward();
        for (var xi = 0; xi < inputs.Length; xi++)
        {
            var x = inputs[xi];
            if (!x.RequiresGrad)
            {
                continue;
            }

            Assert.NotNull(x.Grad);
            var analytic = x.Grad!.ToArray();
            for (var i = 0; i < x.Length; i++)
            {
                var old = x[i];
                x[i] = old + eps;
                var up = Loss(f, inputs, r);
                x[i] = old - eps;
                var down = Loss(f, inputs, r);
                x[i] = old;
                var numeric = (up - down) / (2.0 * eps);
                Tolerance.AssertClose(numeric, analytic[i], tol, $"input {xi} grad[{i}]");
            }
        }

        GradientTape.Current.Clear();
    }

    private static double Loss(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor r)
    {
        using var scope = GradientTape.NoGrad();
        var y = f(inputs).ToArray();
        var rs = r.ToArray();
        var s = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            s += (double)y[i] * rs[i];
        }

        return s;
    }

    /// <summary>A seeded input in [-2, 2] that requires grad.</summary>
    public static Tensor Input(ulong seed, params int[] shape)
    {
        var t = Initializers.Uniform(new DeterministicRandom(seed), -2f, 2f, shape);
        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A seeded input with |x| in [0.3, 1.5], away from the kinks of relu, abs and clamp.</summary>
    public static Tensor AwayFromZero(ulong seed, params int[] shape)
    {
        var rng = new DeterministicRandom(seed);
        var t = Tensor.Zeros(shape);
        var s = t.Span;
        for (var i = 0; i < s.Length; i++)
        {
            var m = 0.3 + (1.2 * rng.NextDouble());
            s[i] = (float)(rng.NextDouble() < 0.5 ? -m : m);
        }

        t.RequiresGrad = true;
        return t;
    }

    /// <summary>A seeded positive input in [0.5, 3].</summary>
    public static Tensor Positive(ulong seed, params int[] shape)
    {
        var t = Initializers.Uniform(new DeterministicRandom(seed), 0.5f, 3f, shape);
        t.RequiresGrad = true;
        return t;
    }
}
