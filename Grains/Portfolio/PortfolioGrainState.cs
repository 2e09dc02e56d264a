namespace Quant.Orleans.Grains.Portfolio;

/// <summary>An account's persisted state (Orleans grain state <c>account</c>): the engine's snapshot as written by
/// <see cref="Trading.Accounts.AccountSnapshotJson"/> (Trading's own versioned format, checked on load). It covers the
/// first <see cref="Trading.Accounts.AccountSnapshot.JournalEntries"/> journal entries; recovery restores it and
/// replays the journal's later entries. Written at the end of each trading day, on kill and resume, after recovery and
/// on deactivation.</summary>
[GenerateSerializer, Alias("qo.PortfolioGrainState")]
public sealed class PortfolioGrainState
{
    /// <summary>UTF-8 JSON of the account snapshot; null before the first write.</summary>
    [Id(0)] public byte[]? Snapshot { get; set; }
}
