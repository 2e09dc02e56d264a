using Quant.Orleans.Research.Registry;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Silo.Tests.Registry;

/// <summary>The file store (<see cref="FileModelRegistry"/>) passes the registry contract in a fresh folder.</summary>
public sealed class FileModelRegistryContractTests : ModelRegistryContract
{
    private readonly TempFolder _root = new("qo-registry-contract");

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _root.Dispose();
    }

    /// <inheritdoc />
    protected override Task<IModelRegistry> OpenAsync(TimeSpan? lockTimeout = null) =>
        Task.FromResult<IModelRegistry>(new FileModelRegistry(_root.Path, Clock, lockTimeout));

    /// <inheritdoc />
    protected override Task WriteVersionFileAsync(string versionId, string name, byte[] bytes) =>
        File.WriteAllBytesAsync(Path.Combine(Store.VersionFolder(Family, versionId), name), bytes, Token);

    /// <inheritdoc />
    protected override Task<byte[]> ReadVersionFileAsync(string versionId, string name) =>
        File.ReadAllBytesAsync(Path.Combine(Store.VersionFolder(Family, versionId), name), Token);

    /// <inheritdoc />
    protected override Task DeleteVersionFileAsync(string versionId, string name)
    {
        File.Delete(Path.Combine(Store.VersionFolder(Family, versionId), name));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override Task<string> ReadStateTextAsync() => File.ReadAllTextAsync(Path.Combine(Store.FamilyFolder(Family), FileModelRegistry.StateFile), Token);

    /// <inheritdoc />
    protected override Task WriteStateTextAsync(string text) => File.WriteAllTextAsync(Path.Combine(Store.FamilyFolder(Family), FileModelRegistry.StateFile), text, Token);

    /// <inheritdoc />
    protected override Task<IAsyncDisposable> HoldLockAsync(IModelRegistry registry) => ((FileModelRegistry)registry).LockAsync(Family, Token);

    /// <inheritdoc />
    protected override string LockName(IModelRegistry registry) => Path.Combine(((FileModelRegistry)registry).FamilyFolder(Family), FileModelRegistry.LockFile);

    private FileModelRegistry Store => new(_root.Path, Clock);
}
