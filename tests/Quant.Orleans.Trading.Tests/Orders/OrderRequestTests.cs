using Quant.Orleans.Core;
using Quant.Orleans.Trading.Orders;
using static Quant.Orleans.Trading.Tests.TestValues;

namespace Quant.Orleans.Trading.Tests.Orders;

public sealed class OrderRequestTests
{
    [Fact]
    public void LimitOrderNeedsAPriceAndMarketOrderRefusesOne()
    {
        var id = new ClOrdId("A-1");
        var e = Assert.Throws<ArgumentException>(() => new OrderRequest(id, Account, Ibm, Side.Buy, Qty(1), OrderType.Limit, null, TimeInForce.Day, At(0)));
        Assert.Equal("limitPrice", e.ParamName);
        Assert.Throws<ArgumentException>(() => new OrderRequest(id, Account, Ibm, Side.Buy, Qty(1), OrderType.Market, Px(1), TimeInForce.Day, At(0)));
    }

    [Fact]
    public void UndefinedEnumsAndDefaultSymbolAreRefused()
    {
        var id = new ClOrdId("A-1");
        Assert.Throws<ArgumentException>(() => new OrderRequest(id, Account, Ibm, (Side)9, Qty(1), OrderType.Market, null, TimeInForce.Day, At(0)));
        Assert.Throws<ArgumentException>(() => new OrderRequest(id, Account, Ibm, Side.Buy, Qty(1), (OrderType)9, null, TimeInForce.Day, At(0)));
        Assert.Throws<ArgumentException>(() => new OrderRequest(id, Account, Ibm, Side.Buy, Qty(1), OrderType.Market, null, (TimeInForce)9, At(0)));
        Assert.Throws<ArgumentException>(() => new OrderRequest(id, Account, default, Side.Buy, Qty(1), OrderType.Market, null, TimeInForce.Day, At(0)));
    }

    [Fact]
    public void FixCodesAreTheEnumValues()
    {
        Assert.Equal((byte)'2', (byte)OrderType.Limit);
        Assert.Equal((byte)'3', (byte)TimeInForce.Ioc);
        Assert.Equal((byte)'1', (byte)OrdStatus.PartiallyFilled);
        Assert.Equal((byte)'F', (byte)ExecType.Trade);
        Assert.Equal(6, (int)OrdRejReason.DuplicateOrder);
    }

    [Fact]
    public void FillRefusesNonPositiveQuantityPriceAndNegativeFee()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MakeFill("F1", Side.Buy, 0m, 10m));
        Assert.Throws<ArgumentOutOfRangeException>(() => MakeFill("F1", Side.Buy, 1m, 0m));
        Assert.Throws<ArgumentOutOfRangeException>(() => MakeFill("F1", Side.Buy, 1m, 10m, -0.01m));
        Assert.Equal(Qty(-3), MakeFill("F1", Side.Sell, 3m, 10m).SignedQuantity);
        Assert.Equal(30m, MakeFill("F1", Side.Sell, 3m, 10m).Notional);
    }
}
