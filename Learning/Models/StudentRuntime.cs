namespace Quant.Orleans.Learning.Models;

/// <summary>Where a served student's network runs (configuration <c>Strategy:StudentRuntime</c>; names in
/// <see cref="StudentRuntimes"/>).</summary>
public enum StudentRuntime
{
    /// <summary><c>engine</c>: this library's inference engine (<see cref="ChronosStudentInference"/>), the default.</summary>
    Engine,

    /// <summary><c>onnx-cpu</c>: the model folder's ONNX export in ONNX Runtime with the CPU execution provider.</summary>
    OnnxCpu,

    /// <summary><c>onnx-cuda</c>: the ONNX export in ONNX Runtime with the CUDA execution provider (a silo built with
    /// the GPU runtime package on a machine with CUDA).</summary>
    OnnxCuda,
}

/// <summary>The configuration names of <see cref="StudentRuntime"/>.</summary>
public static class StudentRuntimes
{
    /// <summary>The names, in the order of the enum: <c>engine</c>, <c>onnx-cpu</c>, <c>onnx-cuda</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["engine", "onnx-cpu", "onnx-cuda"];

    /// <summary>The configuration name of <paramref name="runtime"/>.</summary>
    /// <param name="runtime">A runtime.</param>
    /// <returns>Its name, e.g. <c>onnx-cpu</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined value.</exception>
    public static string Name(StudentRuntime runtime) => runtime switch
    {
        StudentRuntime.Engine or StudentRuntime.OnnxCpu or StudentRuntime.OnnxCuda => Names[(int)runtime],
        _ => throw new ArgumentOutOfRangeException(nameof(runtime), runtime, "Not a student runtime."),
    };

    /// <summary>Parses a configuration name (exact, lower case).</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="runtime">The runtime, when the name is known.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string? name, out StudentRuntime runtime)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.Ordinal))
            {
                runtime = (StudentRuntime)i;
                return true;
            }
        }

        runtime = StudentRuntime.Engine;
        return false;
    }

    /// <summary>Parses a configuration name (exact, lower case).</summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <returns>The runtime.</returns>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/> (the message lists them).</exception>
    public static StudentRuntime Parse(string? name) => TryParse(name, out var runtime)
        ? runtime
        : throw new ArgumentException($"Student runtime '{name}' is not one of {string.Join(", ", Names)}.", nameof(name));
}
