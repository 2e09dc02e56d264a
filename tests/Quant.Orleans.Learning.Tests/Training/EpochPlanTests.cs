using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Learning.Tests.Training;

public sealed class EpochPlanTests
{
    [Theory]
    [InlineData(BatchOrder.Shuffled)]
    [InlineData(BatchOrder.ContiguousBlocks)]
    [InlineData(BatchOrder.Sequential)]
    public void EveryEpochVisitsEverySampleOnceAndIsAFunctionOfSeedAndEpoch(BatchOrder order)
    {
        var plan = EpochPlan.Create(order, 50, 8, seed: 3, epoch: 1);
        Assert.Equal(7, plan.Batches);
        var seen = Enumerable.Range(0, plan.Batches).SelectMany(j => plan.Batch(j).ToArray()).ToArray();
        Assert.Equal(Enumerable.Range(0, 50), seen.Order());
        var again = EpochPlan.Create(order, 50, 8, seed: 3, epoch: 1);
        Assert.Equal(seen, Enumerable.Range(0, again.Batches).SelectMany(j => again.Batch(j).ToArray()));
        var next = EpochPlan.Create(order, 50, 8, seed: 3, epoch: 2);
        var nextSeen = Enumerable.Range(0, next.Batches).SelectMany(j => next.Batch(j).ToArray()).ToArray();
        if (order == BatchOrder.Sequential)
        {
            Assert.Equal(Enumerable.Range(0, 50), seen);
            Assert.Equal(seen, nextSeen);
        }
        else
        {
            Assert.NotEqual(seen, nextSeen);
        }
    }

    [Fact]
    public void ContiguousBlocksAreRunsOfConsecutiveSamplesInShuffledOrder()
    {
        var plan = EpochPlan.Create(BatchOrder.ContiguousBlocks, 50, 8, seed: 5, epoch: 0);
        var firsts = new List<int>();
        for (var j = 0; j < plan.Batches; j++)
        {
            var batch = plan.Batch(j).ToArray();
            Assert.Equal(0, batch[0] % 8);
            Assert.Equal(Enumerable.Range(batch[0], batch.Length), batch);
            Assert.Equal(batch[0] == 48 ? 2 : 8, batch.Length);
            firsts.Add(batch[0]);
        }

        Assert.NotEqual(firsts.Order(), firsts);
    }
}
