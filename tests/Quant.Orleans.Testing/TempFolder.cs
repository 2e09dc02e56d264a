namespace Quant.Orleans.Testing;

/// <summary>A unique folder under the system temp folder (<c>{temp}/{prefix}/{guid}</c>), created on first use of
/// <see cref="Path"/> by the code under test and deleted with everything in it on <see cref="Dispose"/>.</summary>
/// <param name="prefix">The parent folder's name, e.g. <c>qo-journal</c>.</param>
public sealed class TempFolder(string prefix) : IDisposable
{
    /// <summary>The folder's full path (not created here: the code under test creates it, or the test does).</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix, Guid.NewGuid().ToString("N"));

    /// <summary>Deletes the folder and everything in it, if it exists.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
