using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>e^x element-wise.</summary>
    public static Tensor Exp(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Exp(s, d), static (_, y, _, _) => y);

    /// <summary>Natural logarithm element-wise (NaN below 0, -∞ at 0).</summary>
    public static Tensor Log(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Log(s, d), static (v, _, _, _) => 1f / v);

    /// <summary>Square root element-wise (NaN below 0).</summary>
    public static Tensor Sqrt(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Sqrt(s, d), static (_, y, _, _) => 0.5f / y);

    /// <summary>|x| element-wise; the gradient at 0 is 0 (as PyTorch).</summary>
    public static Tensor Abs(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Abs(s, d), static (v, _, _, _) => MathF.Sign(v));

    /// <summary>x² element-wise.</summary>
    public static Tensor Square(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Multiply(s, s, d), static (v, _, _, _) => 2f * v);

    /// <summary>x^p element-wise for a scalar exponent p.</summary>
    public static Tensor Pow(Tensor x, float p)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var y = Tensor.CreateOutputLike(x);
        var s = x.Span;
        var d = y.Span;
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = MathF.Pow(s[i], p);
        }

        RecordUnary(x, y, static (v, _, q, _) => q * MathF.Pow(v, q - 1f), p);
        return y;
    }

    /// <summary>min(max(x, low), high) element-wise; the gradient passes where low ≤ x ≤ high (as PyTorch).</summary>
    public static Tensor Clamp(Tensor x, float low, float high)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var y = Tensor.CreateOutputLike(x);
        var s = x.Span;
        var d = y.Span;
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = Math.Clamp(s[i], low, high);
        }

        RecordUnary(x, y, static (v, _, lo, hi) => v >= lo && v <= hi ? 1f : 0f, low, high);
        return y;
    }

    /// <summary>max(x, 0); gradient 0 at x = 0.</summary>
    public static Tensor Relu(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Max(s, 0f, d), static (v, _, _, _) => v > 0f ? 1f : 0f);

    /// <summary>Exact GELU, x·Φ(x) with Φ the standard normal CDF through erf (Hendrycks and Gimpel 2016; PyTorch's
    /// default approximate='none'); erf from a float32 rational approximation (<see cref="GeluMath"/>, error below
    /// 1e-6).</summary>
    public static Tensor Gelu(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var y = Tensor.CreateOutputLike(x);
        GeluMath.Forward(x.Span, y.Span);
        if (GradientTape.ShouldRecord(x))
        {
            GradientTape.Current.Record(y, GeluBackward).A = x;
        }

        return y;
    }

    private static void GeluBackward(in TapeNode node)
    {
        var x = node.A!;
        var tmp = TensorPool.Rent(x.Length, clear: false);
        GeluMath.Backward(x.Span, node.Output.Grad!.Span, tmp.AsSpan(0, x.Length));
        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    /// <summary>SiLU (swish), x·σ(x).</summary>
    public static Tensor Silu(Tensor x) => UnaryElement(
        x,
        static v => v / (1f + MathF.Exp(-v)),
        static (v, _, _, _) =>
        {
            var s = 1f / (1f + MathF.Exp(-v));
            return s * (1f + (v * (1f - s)));
        });

    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor Tanh(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Tanh(s, d), static (_, y, _, _) => 1f - (y * y));

    /// <summary>Logistic sigmoid 1 / (1 + e^-x).</summary>
    public static Tensor Sigmoid(Tensor x) => Unary(x, static (s, d) => TensorPrimitives.Sigmoid(s, d), static (_, y, _, _) => y * (1f - y));

    /// <summary>Softplus log(1 + e^x), linear above x = 20 (PyTorch's beta = 1, threshold = 20).</summary>
    public static Tensor Softplus(Tensor x) => UnaryElement(
        x,
        static v => v > 20f ? v : (float)Math.Log(1.0 + Math.Exp(v)),
        static (v, _, _, _) => v > 20f ? 1f : 1f / (1f + MathF.Exp(-v)));

    /// <summary>log Γ(x) element-wise (double-precision evaluation, Lanczos through Math.NET), gradient ψ(x).</summary>
    public static Tensor LGamma(Tensor x) => UnaryElement(
        x,
        static v => (float)MathNet.Numerics.SpecialFunctions.GammaLn(v),
        static (v, _, _, _) => (float)MathNet.Numerics.SpecialFunctions.DiGamma(v));

    /// <summary>Digamma ψ(x) = d/dx log Γ(x), gradient the trigamma ψ₁(x) (<see cref="SpecialMath.Trigamma"/>).</summary>
    public static Tensor Digamma(Tensor x) => UnaryElement(
        x,
        static v => (float)MathNet.Numerics.SpecialFunctions.DiGamma(v),
        static (v, _, _, _) => (float)SpecialMath.Trigamma(v));

    private static Tensor Unary(Tensor x, SpanMap forward, UnaryDerivative derivative)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var y = Tensor.CreateOutputLike(x);
        forward(x.Span, y.Span);
        RecordUnary(x, y, derivative);
        return y;
    }

    private static Tensor UnaryElement(Tensor x, Func<float, float> forward, UnaryDerivative derivative)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var y = Tensor.CreateOutputLike(x);
        var s = x.Span;
        var d = y.Span;
        for (var i = 0; i < s.Length; i++)
        {
            d[i] = forward(s[i]);
        }

        RecordUnary(x, y, derivative);
        return y;
    }

    /// <summary>Records dL/dx = dL/dy · f'(x, y) for an element-wise y = f(x); <paramref name="derivative"/> gets
    /// (x, y, p0, p1) with two optional scalar parameters, and must be static (non-capturing).</summary>
    private static void RecordUnary(Tensor x, Tensor y, UnaryDerivative derivative, float p0 = 0f, float p1 = 0f)
    {
        if (!GradientTape.ShouldRecord(x))
        {
            return;
        }

        ref var node = ref GradientTape.Current.Record(y, UnaryBackward);
        (node.A, node.State, node.F0, node.F1) = (x, derivative, p0, p1);
    }

    private static void UnaryBackward(in TapeNode node)
    {
        var (x, y, derivative, p0, p1) = (node.A!, node.Output, (UnaryDerivative)node.State!, node.F0, node.F1);
        var tmp = TensorPool.Rent(x.Length, clear: false);
        var g = y.Grad!.Span;
        var xs = x.Span;
        var ys = y.Span;
        for (var i = 0; i < g.Length; i++)
        {
            tmp[i] = g[i] * derivative(xs[i], ys[i], p0, p1);
        }

        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    private delegate void SpanMap(ReadOnlySpan<float> source, Span<float> destination);

    private delegate float UnaryDerivative(float x, float y, float p0, float p1);
}
