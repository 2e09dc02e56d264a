using System.Diagnostics;

namespace Quant.Orleans.Testing;

/// <summary>Environment of a silo process started by a test.</summary>
public static class SiloEnvironment
{
    /// <summary>
    /// Removes every inherited <c>QO_</c> variable from <paramref name="start"/>: the silo reads each one as a setting
    /// and refuses unknown keys, so a developer's own <c>QO_</c> overrides must not change a test's silo. (The tests'
    /// own variables use the <c>QUANT_TEST_</c> prefix for the same reason.) Set the silo's settings after this call.
    /// </summary>
    /// <param name="start">The silo's start info (its environment is a copy of the test process's).</param>
    public static void RemoveInheritedSettings(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("QO_", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(key);
        }
    }
}
