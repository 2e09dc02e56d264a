using Quant.Orleans.Core;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Adaptation;

/// <summary>
/// An independent copy of a student's parameters with its sizes: what a served student is (a model folder's
/// <c>architecture</c> and weights, as <c>StudentModel</c> holds them) and what an adaptation returns. The tensors are
/// copied in and never written afterwards (do not write into <see cref="State"/>'s tensors); every student made by
/// <see cref="CreateStudent"/> gets its own copy, so a <see cref="StudentForecaster"/> built from one is unaffected by
/// anything done to another.
/// </summary>
public sealed class StudentWeights
{
    private readonly Dictionary<string, Tensor> _state;

    /// <summary>Copies <paramref name="state"/> and checks it against <paramref name="config"/>.</summary>
    /// <param name="config">The student's sizes (dropout is ignored: students made here run in evaluation mode).</param>
    /// <param name="state">Every parameter of <see cref="ChronosStudent"/> by its state-dict path (extra entries are
    /// ignored and not kept).</param>
    /// <exception cref="ArgumentOutOfRangeException">The config is invalid.</exception>
    /// <exception cref="KeyNotFoundException">A parameter is missing (named).</exception>
    /// <exception cref="ArgumentException">A parameter's shape differs (named), or a value is not finite (named).</exception>
    public StudentWeights(ChronosStudentConfig config, IReadOnlyDictionary<string, Tensor> state)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        config.Validate();
        var probe = new ChronosStudent(config, new DeterministicRandom(0));
        probe.LoadStateDict(state);
        _state = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (name, p) in probe.NamedParameters())
        {
            var values = p.ToArray();
            var bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"Parameter '{name}' holds {values[bad]} at flat index {bad}; a student's weights must be finite.", nameof(state));
            }

            _state[name] = Tensor.FromArray(values, p.Shape);
        }

        Config = config;
    }

    /// <summary>The sizes.</summary>
    public ChronosStudentConfig Config { get; }

    /// <summary>The parameters by state-dict path (<c>patch_embedding.*</c>, <c>encoder.*</c> and the four heads);
    /// read-only by contract.</summary>
    public IReadOnlyDictionary<string, Tensor> State => _state;

    /// <summary>A copy of a student's current parameters.</summary>
    /// <param name="student">The student (read, not changed).</param>
    /// <returns>The copy.</returns>
    public static StudentWeights FromStudent(ChronosStudent student)
    {
        ArgumentNullException.ThrowIfNull(student);
        return new StudentWeights(student.Config, student.StateDict());
    }

    /// <summary>A new student holding a copy of these weights, in evaluation mode (no dropout) — the form
    /// <see cref="StudentForecaster"/>'s constructor takes.</summary>
    /// <returns>The student.</returns>
    public ChronosStudent CreateStudent()
    {
        var student = new ChronosStudent(Config, new DeterministicRandom(0));
        student.LoadStateDict(_state);
        student.Training = false;
        return student;
    }
}
