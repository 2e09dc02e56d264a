using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Nn;

/// <summary>A layer with named parameters and sub-modules (parameter names join with '.', as PyTorch's state dict).</summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Module Module)> _children = [];
    private bool _training = true;

    /// <summary>Training mode (dropout active) or evaluation mode; set on a module it applies to all sub-modules.</summary>
    public bool Training
    {
        get => _training;
        set
        {
            _training = value;
            foreach (var (_, m) in _children)
            {
                m.Training = value;
            }
        }
    }

    /// <summary>Registers a trainable parameter (sets <see cref="Tensor.RequiresGrad"/>).</summary>
    protected Tensor Parameter(string name, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.RequiresGrad = true;
        _parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers a sub-module under <paramref name="name"/>.</summary>
    protected T Child<T>(string name, T module)
        where T : Module
    {
        _children.Add((name, module));
        return module;
    }

    /// <summary>Every parameter with its dotted path, this module's first, in registration order.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> NamedParameters()
    {
        foreach (var p in _parameters)
        {
            yield return p;
        }

        foreach (var (prefix, child) in _children)
        {
            foreach (var (name, t) in child.NamedParameters())
            {
                yield return ($"{prefix}.{name}", t);
            }
        }
    }

    /// <summary>Every parameter, in <see cref="NamedParameters"/> order.</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Tensor).ToArray();

    /// <summary>The parameters keyed by dotted path (for <see cref="Serialization.SafeTensors.Write"/>).</summary>
    public Dictionary<string, Tensor> StateDict() => NamedParameters().ToDictionary(p => p.Name, p => p.Tensor, StringComparer.Ordinal);

    /// <summary>Copies values into every parameter from <paramref name="state"/> (e.g. read from safetensors).</summary>
    /// <exception cref="KeyNotFoundException">A parameter is missing from the state.</exception>
    /// <exception cref="ArgumentException">A shape differs.</exception>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(state);
        foreach (var (name, t) in NamedParameters())
        {
            if (!state.TryGetValue(name, out var src))
            {
                throw new KeyNotFoundException($"Parameter '{name}' is missing from the state dict.");
            }

            if (!src.Shape.AsSpan().SequenceEqual(t.Shape))
            {
                throw new ArgumentException($"Parameter '{name}': shape {ShapeUtil.Format(src.Shape)} in the state, {ShapeUtil.Format(t.Shape)} in the module.", nameof(state));
            }

            t.CopyFrom(src.ToArray());
        }
    }

    /// <summary>Zeroes the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, t) in _parameters)
        {
            t.ZeroGrad();
        }

        foreach (var (_, child) in _children)
        {
            child.ZeroGrad();
        }
    }
}
