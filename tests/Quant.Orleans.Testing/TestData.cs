using Xunit;

namespace Quant.Orleans.Testing;

/// <summary>
/// Locates the real market data in <c>../shared/data</c> beside the repository (or <c>QUANT_TEST_DATA</c> when set).
/// Tests that need it call <see cref="Require"/>, which skips the test with a clear message when it is absent.
/// </summary>
public static class TestData
{
    /// <summary>The repository root (the folder holding <c>Quant.Orleans.sln</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The data root, or null when it is not present on this machine.</summary>
    public static string? Root { get; } = FindDataRoot();

    /// <summary>Returns the absolute path of <paramref name="relative"/> under the data root; skips the test when absent.</summary>
    public static string Require(string relative)
    {
        if (Root is null)
        {
            Assert.Skip($"Real market data not found: expected '{Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"))}' or the QUANT_TEST_DATA variable.");
        }

        var path = Path.Combine(Root, relative);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            Assert.Skip($"Real market data file not found: '{path}'.");
        }

        return path;
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Quant.Orleans.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }

    private static string? FindDataRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("QUANT_TEST_DATA");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return Path.GetFullPath(fromEnv);
        }

        var beside = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(beside) ? beside : null;
    }
}
