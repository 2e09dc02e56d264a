using Quant.Orleans.Silo.Configuration;

namespace Quant.Orleans.Silo.Tests.Storage;

/// <summary>Orleans's memory provider (replays and tests) passes the contract, minus what needs durable bytes.</summary>
public sealed class MemoryGrainStorageContractTests : GrainStorageContract
{
    /// <inheritdoc />
    protected override bool Durable => false;

    /// <inheritdoc />
    protected override Task<SiloSettings> SettingsAsync() => Task.FromResult(new SiloSettings { Storage = { Provider = "memory" } });
}
