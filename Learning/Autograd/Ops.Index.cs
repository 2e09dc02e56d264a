using Quant.Orleans.Core;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Autograd;

public static partial class Ops
{
    /// <summary>Rows of <paramref name="weight"/> (vocabulary, d) picked by <paramref name="indices"/>; output of
    /// shape (indexShape…, d). Gradients of repeated indices add up (as PyTorch's <c>nn.Embedding</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, vocabulary).</exception>
    public static Tensor Embedding(Tensor weight, int[] indices, params ReadOnlySpan<int> indexShape)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(indices);
        weight = weight.Contiguous();
        var (v, d) = (weight.Shape[0], weight.Shape[1]);
        Span<int> shape = stackalloc int[indexShape.Length + 1];
        indexShape.CopyTo(shape);
        shape[^1] = d;
        var y = Tensor.CreateOutput(shape);
        var ws = weight.Span;
        var ys = y.Span;
        for (var i = 0; i < indices.Length; i++)
        {
            if ((uint)indices[i] >= (uint)v)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"Index {i} is outside the vocabulary of {v}.");
            }

            ws.Slice(indices[i] * d, d).CopyTo(ys.Slice(i * d, d));
        }

        if (GradientTape.ShouldRecord(weight))
        {
            ref var node = ref GradientTape.Current.Record(y, EmbeddingBackward);
            (node.A, node.State, node.I0) = (weight, indices, d);
        }

        return y;
    }

    private static void EmbeddingBackward(in TapeNode node)
    {
        var (weight, indices, d) = (node.A!, (int[])node.State!, node.I0);
        var gw = weight.EnsureGrad().Span;
        var g = node.Output.Grad!.Span;
        for (var i = 0; i < indices.Length; i++)
        {
            System.Numerics.Tensors.TensorPrimitives.Add(gw.Slice(indices[i] * d, d), g.Slice(i * d, d), gw.Slice(indices[i] * d, d));
        }
    }

    /// <summary>Gathers along the last axis as <c>torch.gather(x, -1, index)</c>: x of shape (*, n), index of shape
    /// (*, m) given flat; output (*, m) with y[r, j] = x[r, index[r, j]].</summary>
    /// <exception cref="ArgumentException">The index count is not a multiple of the row count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside [0, n).</exception>
    public static Tensor Gather(Tensor x, int[] index)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(index);
        x = x.Contiguous();
        var n = x.Shape[^1];
        var rows = x.Length / n;
        if (index.Length % rows != 0)
        {
            throw new ArgumentException($"{index.Length} indices for {rows} rows.", nameof(index));
        }

        var m = index.Length / rows;
        Span<int> shape = stackalloc int[x.Rank];
        x.Shape.CopyTo(shape);
        shape[^1] = m;
        var y = Tensor.CreateOutput(shape);
        var xs = x.Span;
        var ys = y.Span;
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < m; j++)
            {
                var c = index[(r * m) + j];
                if ((uint)c >= (uint)n)
                {
                    throw new ArgumentOutOfRangeException(nameof(index), c, $"Index outside [0, {n}).");
                }

                ys[(r * m) + j] = xs[(r * n) + c];
            }
        }

        if (GradientTape.ShouldRecord(x))
        {
            ref var node = ref GradientTape.Current.Record(y, GatherBackward);
            (node.A, node.State, node.I0, node.I1, node.I2) = (x, index, n, m, rows);
        }

        return y;
    }

    private static void GatherBackward(in TapeNode node)
    {
        var (x, index, n, m, rows) = (node.A!, (int[])node.State!, node.I0, node.I1, node.I2);
        var gx = x.EnsureGrad().Span;
        var g = node.Output.Grad!.Span;
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < m; j++)
            {
                gx[(r * n) + index[(r * m) + j]] += g[(r * m) + j];
            }
        }
    }

    /// <summary>Joins tensors along an existing axis; all other axes must agree.</summary>
    /// <exception cref="ArgumentException">No tensors, or shapes differ off the axis.</exception>
    public static Tensor Concat(IReadOnlyList<Tensor> tensors, int axis)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Concat needs at least one tensor.", nameof(tensors));
        }

        if (tensors.Count == 2)
        {
            return Concat(tensors[0], tensors[1], axis);
        }

        var parts = tensors.Select(t => t.Contiguous()).ToArray();
        var first = parts[0];
        var a = ShapeUtil.NormalizeAxis(axis, first.Rank);
        var shape = (int[])first.Shape.Clone();
        shape[a] = 0;
        foreach (var p in parts)
        {
            for (var d = 0; d < first.Rank; d++)
            {
                if (d != a && p.Shape[d] != first.Shape[d])
                {
                    throw new ArgumentException($"Concat along axis {a}: shapes {ShapeUtil.Format(first.Shape)} and {ShapeUtil.Format(p.Shape)} differ on axis {d}.", nameof(tensors));
                }
            }

            shape[a] += p.Shape[a];
        }

        var outer = ShapeUtil.Count(shape.AsSpan(0, a));
        var inner = ShapeUtil.Count(shape.AsSpan(a + 1));
        var y = Tensor.CreateOutput(shape);
        var ys = y.Span;
        var start = 0;
        foreach (var p in parts)
        {
            var w = p.Shape[a] * inner;
            for (var o = 0; o < outer; o++)
            {
                p.Span.Slice(o * w, w).CopyTo(ys.Slice((o * shape[a] * inner) + start, w));
            }

            start += w;
        }

        if (GradientTape.IsEnabled && parts.Any(p => p.RequiresGrad))
        {
            // Concat takes a list of inputs (allocating its array of parts anyway): its backward is a closure, run
            // through the node's state.
            GradientTape.Current.Record(y, static (in node) => ((Action)node.State!)()).State = new Action(() =>
            {
                var g = y.Grad!.Span;
                var s = 0;
                foreach (var p in parts)
                {
                    var w = p.Shape[a] * inner;
                    if (p.RequiresGrad)
                    {
                        var gp = p.EnsureGrad().Span;
                        for (var o = 0; o < outer; o++)
                        {
                            System.Numerics.Tensors.TensorPrimitives.Add(gp.Slice(o * w, w), g.Slice((o * shape[a] * inner) + s, w), gp.Slice(o * w, w));
                        }
                    }

                    s += w;
                }
            });
        }

        return y;
    }

    /// <summary>Joins two tensors along an existing axis (all other axes must agree); the same result as
    /// <c>Concat([a, b], axis)</c> without the list, and recorded without allocating.</summary>
    /// <exception cref="ArgumentException">The shapes differ off the axis.</exception>
    public static Tensor Concat(Tensor a, Tensor b, int axis)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a = a.Contiguous();
        b = b.Contiguous();
        var ax = ShapeUtil.NormalizeAxis(axis, a.Rank);
        if (b.Rank != a.Rank)
        {
            throw new ArgumentException($"Concat needs tensors of one rank; got {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)}.", nameof(b));
        }

        for (var d = 0; d < a.Rank; d++)
        {
            if (d != ax && a.Shape[d] != b.Shape[d])
            {
                throw new ArgumentException($"Concat along axis {ax}: shapes {ShapeUtil.Format(a.Shape)} and {ShapeUtil.Format(b.Shape)} differ on axis {d}.", nameof(b));
            }
        }

        Span<int> shape = stackalloc int[a.Rank];
        a.Shape.CopyTo(shape);
        shape[ax] = a.Shape[ax] + b.Shape[ax];
        var outer = ShapeUtil.Count(shape[..ax]);
        var inner = ShapeUtil.Count(shape[(ax + 1)..]);
        var (wa, wb) = (a.Shape[ax] * inner, b.Shape[ax] * inner);
        var y = Tensor.CreateOutput(shape);
        var ys = y.Span;
        var sa = a.Span;
        var sb = b.Span;
        for (var o = 0; o < outer; o++)
        {
            sa.Slice(o * wa, wa).CopyTo(ys.Slice(o * (wa + wb), wa));
            sb.Slice(o * wb, wb).CopyTo(ys.Slice((o * (wa + wb)) + wa, wb));
        }

        if (GradientTape.ShouldRecord(a, b))
        {
            ref var node = ref GradientTape.Current.Record(y, ConcatPairBackward);
            (node.A, node.B, node.I0, node.I1, node.I2) = (a, b, outer, wa, wb);
        }

        return y;
    }

    private static void ConcatPairBackward(in TapeNode node)
    {
        var (a, b, outer, wa, wb) = (node.A!, node.B!, node.I0, node.I1, node.I2);
        var g = node.Output.Grad!.Span;
        if (a.RequiresGrad)
        {
            var ga = a.EnsureGrad().Span;
            for (var o = 0; o < outer; o++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(ga.Slice(o * wa, wa), g.Slice(o * (wa + wb), wa), ga.Slice(o * wa, wa));
            }
        }

        if (b.RequiresGrad)
        {
            var gb = b.EnsureGrad().Span;
            for (var o = 0; o < outer; o++)
            {
                System.Numerics.Tensors.TensorPrimitives.Add(gb.Slice(o * wb, wb), g.Slice((o * (wa + wb)) + wa, wb), gb.Slice(o * wb, wb));
            }
        }
    }

    /// <summary>
    /// Sliding windows along an axis, as PyTorch's <c>Tensor.unfold(axis, size, step)</c>: for x of shape
    /// (..., L, ...) the output has that axis replaced by n = (L - size) / step + 1 windows and a new last axis of
    /// <paramref name="size"/>; out[..., i, ..., k] = x[..., i·step + k, ...]. Overlapping windows sum their
    /// gradients. Recorded without allocating.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">size or step is not positive, or size exceeds the axis.</exception>
    public static Tensor Unfold(Tensor x, int axis, int size, int step)
    {
        ArgumentNullException.ThrowIfNull(x);
        x = x.Contiguous();
        var ax = ShapeUtil.NormalizeAxis(axis, x.Rank);
        var length = x.Shape[ax];
        if (size <= 0 || step <= 0 || size > length)
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"Unfold needs 0 < size ≤ {length} (axis {ax}) and step > 0; got size {size}, step {step}.");
        }

        var n = ((length - size) / step) + 1;
        Span<int> shape = stackalloc int[x.Rank + 1];
        x.Shape.CopyTo(shape);
        shape[ax] = n;
        shape[^1] = size;
        var outer = ShapeUtil.Count(x.Shape.AsSpan(0, ax));
        var inner = ShapeUtil.Count(x.Shape.AsSpan(ax + 1));
        var y = Tensor.CreateOutput(shape);
        var xs = x.Span;
        var ys = y.Span;
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < n; i++)
            {
                for (var r = 0; r < inner; r++)
                {
                    var dst = ys.Slice((((o * n) + i) * inner + r) * size, size);
                    var src = (((o * length) + (i * step)) * inner) + r;
                    for (var k = 0; k < size; k++)
                    {
                        dst[k] = xs[src + (k * inner)];
                    }
                }
            }
        }

        if (GradientTape.ShouldRecord(x))
        {
            ref var node = ref GradientTape.Current.Record(y, UnfoldBackward);
            (node.A, node.I0, node.I1, node.I2, node.I3, node.I4, node.I5) = (x, outer, length, inner, n, size, step);
        }

        return y;
    }

    private static void UnfoldBackward(in TapeNode node)
    {
        var (x, outer, length, inner, n, size, step) = (node.A!, node.I0, node.I1, node.I2, node.I3, node.I4, node.I5);
        var g = node.Output.Grad!.Span;
        var tmp = TensorPool.Rent(x.Length, clear: true);
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < n; i++)
            {
                for (var r = 0; r < inner; r++)
                {
                    var src = g.Slice((((o * n) + i) * inner + r) * size, size);
                    var dst = (((o * length) + (i * step)) * inner) + r;
                    for (var k = 0; k < size; k++)
                    {
                        tmp[dst + (k * inner)] += src[k];
                    }
                }
            }
        }

        x.AccumulateGrad(tmp.AsSpan(0, x.Length));
        TensorPool.Return(tmp);
    }

    /// <summary>Stacks equally shaped tensors along a new axis (output rank + 1).</summary>
    /// <exception cref="ArgumentException">No tensors, or shapes differ.</exception>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int axis)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        if (tensors.Count == 0)
        {
            throw new ArgumentException("Stack needs at least one tensor.", nameof(tensors));
        }

        var rank = tensors[0].Rank + 1;
        var a = ShapeUtil.NormalizeAxis(axis, rank);
        var expanded = tensors.Select(t =>
        {
            var s = t.Shape.ToList();
            s.Insert(a, 1);
            return Reshape(t, s.ToArray());
        }).ToArray();
        return Concat(expanded, a);
    }

    /// <summary>Inverted dropout (Srivastava et al. 2014): while <paramref name="training"/>, zeroes each element with
    /// probability p using <paramref name="random"/> and scales the rest by 1/(1-p); identity otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException">p is outside [0, 1).</exception>
    public static Tensor Dropout(Tensor x, float p, bool training, DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(random);
        if (!(p >= 0f && p < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "Dropout probability must lie in [0, 1).");
        }

        if (!training || p == 0f)
        {
            return x;
        }

        var mask = Tensor.CreateOutputLike(x);
        var ms = mask.Span;
        var scale = 1f / (1f - p);
        for (var i = 0; i < ms.Length; i++)
        {
            ms[i] = random.NextDouble() < p ? 0f : scale;
        }

        return Mul(x, mask);
    }
}
