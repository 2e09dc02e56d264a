using Quant.Orleans.Trading.Orders;

namespace Quant.Orleans.Trading.Tests.Orders;

public sealed class ClOrdIdTests
{
    [Fact]
    public void AcceptsSixtyFourCharactersAndRejectsSixtyFive()
    {
        Assert.Equal(64, new ClOrdId(new string('A', 64)).Value.Length);
        var e = Assert.Throws<ArgumentException>(() => new ClOrdId(new string('A', 65)));
        Assert.Contains("65", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("tab\t")]
    public void RejectsEmptyAndNonPrintable(string text) => Assert.Throws<ArgumentException>(() => new ClOrdId(text));

    [Fact]
    public void DefaultIsFlaggedAndRefusedByOrders()
    {
        Assert.True(default(ClOrdId).IsDefault);
        Assert.Throws<ArgumentException>(() => OrderRequest.Market(default, TestValues.Account, TestValues.Ibm, Core.Side.Buy, TestValues.Qty(1), TestValues.At(0)));
    }

    [Fact]
    public void GeneratorIsDeterministicAndResumesAfterLastSequence()
    {
        var a = new ClOrdIdGenerator("ACC1");
        var b = new ClOrdIdGenerator("ACC1");
        Assert.Equal("ACC1-0000000001", a.Next().Value);
        Assert.Equal("ACC1-0000000002", a.Next().Value);
        Assert.Equal(2, a.LastSequence);
        Assert.Equal("ACC1-0000000001", b.Next().Value);
        Assert.Equal("ACC1-0000000003", new ClOrdIdGenerator("ACC1", a.LastSequence).Next().Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ClOrdIdGenerator("ACC1", -1));
        Assert.Throws<ArgumentException>(() => new ClOrdIdGenerator("bad account"));
    }

    [Fact]
    public void LongestAccountStillGivesAValidClOrdId()
    {
        var id = new ClOrdIdGenerator(new string('X', AccountName.MaxLength), long.MaxValue - 1).Next();
        Assert.True(id.Value.Length <= ClOrdId.MaxLength);
    }
}
