using System.Diagnostics;

namespace Quant.Orleans.Testing;

/// <summary>Environment of a silo process started by a test.</summary>
public static class SiloEnvironment
{
    /// <summary>
    /// Removes every inherited <c>QO_</c> variable from <paramref name="start"/>: the silo reads each one as a setting
    /// and refuses unknown keys, so the tests' own variables (<c>QO_DATA</c>, <c>QO_TEST_ARTIFACTS</c>,
    /// <c>QO_CHROMIUM</c>) must not reach it. Set the silo's own <c>QO_</c> settings after this call.
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
