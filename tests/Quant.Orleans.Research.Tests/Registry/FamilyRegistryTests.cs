using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;

namespace Quant.Orleans.Research.Tests.Registry;

public sealed class FamilyRegistryTests
{
    private static readonly DateTime T = RegistryTestData.T0;

    private static FamilyRegistryState ToLive(FamilyRegistryState state, string id)
    {
        foreach (var stage in new[] { RegistryStage.Shadow, RegistryStage.Canary, RegistryStage.Live })
        {
            state = FamilyRegistry.Promote(state, id, stage, "gates passed", "nightly", PromotionMode.Automatic, T).State;
        }

        return state;
    }

    [Fact]
    public void LiveV1ThenLiveV2ThenRollbackLeavesV1LiveAndV2Retired()
    {
        var (state, ids) = RegistryTestData.StateWith(2);
        var (v1, v2) = (ids[0], ids[1]);
        state = ToLive(state, v1);
        Assert.Equal(v1, state.Live!.VersionId);
        state = ToLive(state, v2);
        Assert.Equal(v2, state.Live!.VersionId);
        Assert.Equal(RegistryStage.Retired, state.Get(v1).Stage);
        Assert.Single(state.Versions, v => v.Stage == RegistryStage.Live);

        var change = FamilyRegistry.Rollback(state, v2, "reject_rate 0.12 > 0.05", "rollout-rules", manual: false, T);
        state = change.State;
        Assert.Equal(v1, state.Live!.VersionId);
        Assert.Equal(RegistryStage.Retired, state.Get(v2).Stage);
        Assert.Equal([v1], state.LiveHistory);

        // The journal lines of the rollback: v2 live → retired, then v1 retired → live, both with reason and actor.
        Assert.Collection(
            change.Transitions,
            t =>
            {
                Assert.Equal((v2, RegistryStage.Live, RegistryStage.Retired, RegistryAction.Rollback), (t.VersionId, t.From!.Value, t.To, t.Action));
                Assert.Equal("reject_rate 0.12 > 0.05", t.Reason);
                Assert.Equal("rollout-rules", t.Actor);
            },
            t =>
            {
                Assert.Equal((v1, RegistryStage.Retired, RegistryStage.Live, RegistryAction.Restore), (t.VersionId, t.From!.Value, t.To, t.Action));
                Assert.Contains("reject_rate 0.12 > 0.05", t.Reason, StringComparison.Ordinal);
            });

        // 2 registrations + 3 promotions of v1 + 3 promotions of v2 and the supersede of v1 + rollback and restore.
        Assert.Equal(2 + 3 + 4 + 2, state.JournalLength);
        Assert.Equal(state.JournalLength, change.Transitions[^1].Sequence);

        // Rolling back the first live version leaves the family with none.
        state = FamilyRegistry.Rollback(state, v1, "manual stop", "alice", manual: true, T).State;
        Assert.Null(state.Live);
        Assert.Empty(state.LiveHistory);
    }

    [Fact]
    public void RollbacksChainBackThroughEveryEarlierLiveVersion()
    {
        var (state, ids) = RegistryTestData.StateWith(3);
        foreach (var id in ids)
        {
            state = ToLive(state, id);
        }

        Assert.Equal(ids, state.LiveHistory);
        state = FamilyRegistry.Rollback(state, ids[2], "r3", "a", manual: true, T).State;
        Assert.Equal(ids[1], state.Live!.VersionId);
        state = FamilyRegistry.Rollback(state, ids[1], "r2", "a", manual: true, T).State;
        Assert.Equal(ids[0], state.Live!.VersionId);
        Assert.Equal([RegistryStage.Live, RegistryStage.Retired, RegistryStage.Retired], state.Versions.Select(v => v.Stage));
    }

    [Theory]
    [InlineData(DataRegime.MaintenanceReplay)]
    [InlineData(DataRegime.Mixed)]
    public void AMonitorOnlyVersionIsNeverPromotedAutomatically(DataRegime regime)
    {
        var (state, ids) = RegistryTestData.StateWith(1, regime);
        Assert.Equal(RegistryStage.MonitorOnly, state.Get(ids[0]).Stage);
        foreach (var to in new[] { RegistryStage.Shadow, RegistryStage.Canary, RegistryStage.Live })
        {
            var e = Assert.Throws<InvalidOperationException>(() => FamilyRegistry.Promote(state, ids[0], to, "looks good", "nightly", PromotionMode.Automatic, T));
            Assert.Contains("monitor-only", e.Message, StringComparison.Ordinal);
            Assert.Contains("never be promoted automatically", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AManualPromotionOfAMonitorOnlyVersionIsJournaledAsAnOverride()
    {
        var (state, ids) = RegistryTestData.StateWith(1, DataRegime.MaintenanceReplay);
        var change = FamilyRegistry.Promote(state, ids[0], RegistryStage.Shadow, "replay model reviewed by risk", "alice", PromotionMode.Manual, T);
        var t = Assert.Single(change.Transitions);
        Assert.True(t.MonitorOnlyOverride);
        Assert.True(t.Manual);
        Assert.Equal(RegistryStage.MonitorOnly, t.From);
        Assert.Equal("alice", t.Actor);
        var entry = change.State.Get(ids[0]);
        Assert.Equal(RegistryStage.Shadow, entry.Stage);
        Assert.True(entry.MonitorOnly);

        // Once out of the monitor-only stage the flag stays: an automatic step is still refused, every further step is a
        // person's, journaled as an override.
        var refused = Assert.Throws<InvalidOperationException>(() => FamilyRegistry.Promote(change.State, ids[0], RegistryStage.Canary, "shadow clean", "nightly", PromotionMode.Automatic, T));
        Assert.Contains("monitor-only", refused.Message, StringComparison.Ordinal);
        var next = FamilyRegistry.Promote(change.State, ids[0], RegistryStage.Canary, "shadow clean, reviewed", "alice", PromotionMode.Manual, T);
        Assert.True(Assert.Single(next.Transitions).MonitorOnlyOverride);
    }

    [Fact]
    public void AutomaticPromotionsMoveOneStageAndManualOnesMaySkipForward()
    {
        var (state, ids) = RegistryTestData.StateWith(1);
        var e = Assert.Throws<InvalidOperationException>(() => FamilyRegistry.Promote(state, ids[0], RegistryStage.Live, "r", "nightly", PromotionMode.Automatic, T));
        Assert.Contains("may go to shadow, not live", e.Message, StringComparison.Ordinal);
        var live = FamilyRegistry.Promote(state, ids[0], RegistryStage.Live, "urgent fix", "alice", PromotionMode.Manual, T).State;
        Assert.Equal(ids[0], live.Live!.VersionId);
        Assert.Throws<InvalidOperationException>(() => FamilyRegistry.Promote(live, ids[0], RegistryStage.Canary, "r", "alice", PromotionMode.Manual, T));
    }

    [Fact]
    public void EveryChangeNeedsAReasonAndAnActorAndTheLiveVersionCannotBeRetired()
    {
        var (state, ids) = RegistryTestData.StateWith(1);
        Assert.Throws<ArgumentException>(() => FamilyRegistry.Promote(state, ids[0], RegistryStage.Shadow, " ", "nightly", PromotionMode.Automatic, T));
        Assert.Throws<ArgumentException>(() => FamilyRegistry.Promote(state, ids[0], RegistryStage.Shadow, "r", "", PromotionMode.Automatic, T));
        Assert.Throws<ArgumentException>(() => FamilyRegistry.Promote(state, ids[0], RegistryStage.Retired, "r", "a", PromotionMode.Manual, T));
        Assert.Throws<KeyNotFoundException>(() => FamilyRegistry.Promote(state, "ffffffffffffffff", RegistryStage.Shadow, "r", "a", PromotionMode.Manual, T));
        var live = ToLive(state, ids[0]);
        var e = Assert.Throws<InvalidOperationException>(() => FamilyRegistry.Retire(live, ids[0], "r", "a", manual: true, T));
        Assert.Contains("rollback", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => FamilyRegistry.Rollback(state, ids[0], "r", "a", manual: true, T));
    }

    /// <summary>Property: whatever sequence of allowed and refused operations runs (seeded), at most one version is
    /// live, the live version is the last of the live history, and the journal is numbered 1, 2, 3, … without gaps.</summary>
    [Fact]
    public void RandomOperationSequencesKeepAtMostOneLiveVersionAndAGaplessJournal()
    {
        var random = new Random(20261206);
        for (var run = 0; run < 50; run++)
        {
            var (state, ids) = RegistryTestData.StateWith(5, run % 5 == 0 ? DataRegime.MaintenanceReplay : DataRegime.ProdLive);
            var sequence = state.JournalLength;
            for (var step = 0; step < 60; step++)
            {
                var id = ids[random.Next(ids.Length)];
                RegistryChange? change = null;
                try
                {
                    change = random.Next(4) switch
                    {
                        0 => FamilyRegistry.Promote(state, id, (RegistryStage)(1 + random.Next(3)), "r", "a", PromotionMode.Automatic, T),
                        1 => FamilyRegistry.Promote(state, id, (RegistryStage)(1 + random.Next(3)), "r", "a", PromotionMode.Manual, T),
                        2 => FamilyRegistry.Rollback(state, id, "r", "a", manual: false, T),
                        _ => FamilyRegistry.Retire(state, id, "r", "a", manual: true, T),
                    };
                }
                catch (InvalidOperationException)
                {
                }

                if (change is null)
                {
                    continue;
                }

                foreach (var t in change.Transitions)
                {
                    Assert.Equal(++sequence, t.Sequence);
                    Assert.False(t.MonitorOnlyOverride && !t.Manual, "an override is always manual");
                }

                state = change.State;
                Assert.Equal(sequence, state.JournalLength);
                var live = state.Versions.Where(v => v.Stage == RegistryStage.Live).ToArray();
                Assert.True(live.Length <= 1, $"{live.Length} live versions");
                if (live.Length == 0)
                {
                    Assert.Empty(state.LiveHistory);
                }
                else
                {
                    Assert.Equal(live[0].VersionId, state.LiveHistory[^1]);
                    Assert.All(state.LiveHistory[..^1], h => Assert.Equal(RegistryStage.Retired, state.Get(h).Stage));
                }
            }
        }
    }
}
