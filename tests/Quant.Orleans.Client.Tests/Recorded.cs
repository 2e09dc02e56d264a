namespace Quant.Orleans.Client.Tests;

/// <summary>Gateway answers written from the HTTP contract (field names, PascalCase FIX enum names, ISO-8601 UTC
/// times), for the client-side tests.</summary>
internal static class Recorded
{
    /// <summary><c>GET /api/cluster</c> of a three-silo cluster: one silo just killed (Dead), the account and the
    /// replay's driver on silo 2.</summary>
    public const string Cluster = """
        {"clusterId":"chaos-1","serviceId":"chaos-1","answering":"S127.0.0.1:11112:155581705","silos":[
          {"address":"S127.0.0.1:11111:155581704","name":"silo-1","host":"lab","status":"Active","roles":["gpu"],"grains":41,
           "startedUtc":"2026-12-06T17:08:20.0000000Z","uptimeSeconds":3725.5,"lastAliveUtc":"2026-12-06T18:10:00.0000000Z","gatewayPort":30000},
          {"address":"S127.0.0.1:11112:155581705","name":"silo-2","host":"lab","status":"Active","roles":[],"grains":12,
           "startedUtc":"2026-12-06T17:08:21.0000000Z","uptimeSeconds":90061,"lastAliveUtc":"2026-12-06T18:10:01.0000000Z","gatewayPort":30001},
          {"address":"S127.0.0.1:11113:155581699","name":"silo-3","host":"lab","status":"Dead","roles":[],
           "startedUtc":"2026-12-06T17:08:19.0000000Z","lastAliveUtc":"2026-12-06T18:09:30.0000000Z","gatewayPort":30002}],
         "accounts":[{"account":"SIM-1","silo":"S127.0.0.1:11112:155581705"},{"account":"SIM-2"}],
         "replay":{"account":"SIM-1","driver":"S127.0.0.1:11112:155581705","generation":3,"completed":false,"eventsProcessed":123456,
           "marketTime":"2013-10-07T15:00:00.0000000Z"}}
        """;

    public const string RestingOrder = """
        {"order":{"clOrdId":"T-1","origClOrdId":null,"orderId":"V-7","account":"SIM-1","symbol":"IBM","side":"Buy","ordType":"Limit",
          "timeInForce":"Day","quantity":100,"limitPrice":150.25,"stopPrice":null,"ordStatus":"New","cumQty":0,"leavesQty":100,
          "avgPx":null,"createdTime":"2013-10-07T14:00:01.250Z","updatedTime":"2013-10-07T14:00:01.250Z","text":null},
         "reports":[{"execId":"E-1","clOrdId":"T-1","origClOrdId":null,"orderId":"V-7","symbol":"IBM","side":"Buy","execType":"New",
          "ordStatus":"New","lastQty":null,"lastPx":null,"cumQty":0,"leavesQty":100,"avgPx":null,"ordRejReason":null,"riskReason":null,
          "text":null,"transactTime":"2013-10-07T14:00:01.250Z"}]}
        """;

    public const string RejectedOrder = """
        {"order":{"clOrdId":"T-2","orderId":"V-8","account":"SIM-1","symbol":"IBM","side":"Buy","ordType":"Limit","timeInForce":"Day",
          "quantity":1000000,"limitPrice":150.25,"ordStatus":"Rejected","cumQty":0,"leavesQty":0,
          "createdTime":"2013-10-07T14:00:02Z","updatedTime":"2013-10-07T14:00:02Z","text":"order quantity 1000000 exceeds the limit 10000"},
         "reports":[{"execId":"E-2","clOrdId":"T-2","orderId":"V-8","symbol":"IBM","side":"Buy","execType":"Rejected","ordStatus":"Rejected",
          "cumQty":0,"leavesQty":0,"ordRejReason":"OrderExceedsLimit","riskReason":"MaxOrderQuantityExceeded",
          "text":"order quantity 1000000 exceeds the limit 10000","transactTime":"2013-10-07T14:00:02Z"}]}
        """;

    /// <summary>An accepted order whose response also carries a report the venue had queued for another order.</summary>
    public const string AcceptedWithQueuedReports = """
        {"order":{"clOrdId":"T-5","orderId":"V-11","account":"SIM-1","symbol":"IBM","side":"Sell","ordType":"Market","timeInForce":"Day",
          "quantity":10,"ordStatus":"PendingNew","cumQty":0,"leavesQty":10,
          "createdTime":"2013-10-07T14:00:05.0000000Z","updatedTime":"2013-10-07T14:00:05.0000000Z"},
         "reports":[{"execId":"E-9","clOrdId":"T-4","orderId":"V-10","account":"SIM-1","symbol":"IBM","side":"Buy","execType":"Expired","ordStatus":"Expired",
           "cumQty":0,"leavesQty":0,"text":"DAY order expired","transactTime":"2013-10-07T14:00:04.9990000Z"},
          {"execId":"E-10","clOrdId":"T-5","orderId":"V-11","account":"SIM-1","symbol":"IBM","side":"Sell","execType":"PendingNew","ordStatus":"PendingNew",
           "cumQty":0,"leavesQty":10,"transactTime":"2013-10-07T14:00:05.0000000Z"}]}
        """;

    public const string CanceledOrder = """
        {"order":{"clOrdId":"T-1","orderId":"V-7","account":"SIM-1","symbol":"IBM","side":"Buy","ordType":"Limit","timeInForce":"Day",
          "quantity":100,"limitPrice":150.25,"ordStatus":"Canceled","cumQty":0,"leavesQty":0,
          "createdTime":"2013-10-07T14:00:01.250Z","updatedTime":"2013-10-07T14:00:03Z","text":"cancelled at the client's request"},
         "reports":[{"execId":"E-3","clOrdId":"T-1","orderId":"V-7","symbol":"IBM","side":"Buy","execType":"Canceled","ordStatus":"Canceled",
          "cumQty":0,"leavesQty":0,"text":"cancelled at the client's request","transactTime":"2013-10-07T14:00:03Z"}]}
        """;

    public const string ReplacedOrder = """
        {"order":{"clOrdId":"T-1b","origClOrdId":"T-1","orderId":"V-7","account":"SIM-1","symbol":"IBM","side":"Buy","ordType":"Limit",
          "timeInForce":"Day","quantity":200,"limitPrice":149.5,"ordStatus":"New","cumQty":0,"leavesQty":200,
          "createdTime":"2013-10-07T14:00:01.250Z","updatedTime":"2013-10-07T14:00:04Z"},
         "reports":[{"execId":"E-4","clOrdId":"T-1b","origClOrdId":"T-1","orderId":"V-7","symbol":"IBM","side":"Buy","execType":"Replaced",
          "ordStatus":"New","cumQty":0,"leavesQty":200,"transactTime":"2013-10-07T14:00:04Z"}]}
        """;

    public const string Orders = """
        [{"clOrdId":"T-1","orderId":"V-7","account":"SIM-1","symbol":"IBM","side":"Buy","ordType":"Market","timeInForce":"Day",
          "quantity":100,"ordStatus":"Filled","cumQty":100,"leavesQty":0,"avgPx":182.43,
          "createdTime":"2013-10-07T14:00:01.250Z","updatedTime":"2013-10-07T14:00:01.251Z"},
         {"clOrdId":"T-2b","origClOrdId":"T-2","orderId":"V-8","account":"SIM-1","symbol":"IBM","side":"Sell","ordType":"StopLimit","timeInForce":"Gtc",
          "quantity":50,"limitPrice":179.5,"stopPrice":180,"ordStatus":"New","cumQty":0,"leavesQty":50,
          "createdTime":"2013-10-07T14:00:05Z","updatedTime":"2013-10-07T14:00:06Z"},
         {"clOrdId":"T-3","orderId":"V-9","account":"SIM-1","symbol":"IBM","side":"Buy","ordType":"Limit","timeInForce":"Day",
          "quantity":100,"limitPrice":280,"ordStatus":"Rejected","cumQty":0,"leavesQty":0,
          "createdTime":"2013-10-07T14:00:07Z","updatedTime":"2013-10-07T14:00:07Z","text":"limit buy 280 is more than 50 bps above the ask",
          "ordRejReason":"OrderExceedsLimit","riskReason":"PriceCollarBreached"},
         {"clOrdId":"T-4","orderId":"V-10","account":"SIM-1","symbol":"IBM","side":"Buy","ordType":"Limit","timeInForce":"Day",
          "quantity":100,"limitPrice":150,"ordStatus":"Canceled","cumQty":0,"leavesQty":0,
          "createdTime":"2013-10-07T14:00:08Z","updatedTime":"2013-10-07T14:00:09Z","text":"cancelled by the kill switch"}]
        """;

    public const string Risk = """
        {"account":"SIM-1","state":"Halted","stateReason":"kill switch: fat finger",
         "limits":{"maxOrderQuantity":10000,"maxOrderNotional":1000000,"priceCollarBps":50,"maxPositionPerSymbol":20000,
           "maxGrossExposure":5000000,"capitalThreshold":900000,"maxOrdersPerSecond":50,"duplicateWindowMillis":500,"restrictedSymbols":["XYZ"]},
         "usage":{"grossExposure":18250.5,"equity":1000005,"ordersLastSecond":1,"workingOrders":2},
         "rejections":{"MaxOrderQuantityExceeded":2,"Halted":5,"PriceCollarBreached":0}}
        """;

    public const string Kill = """
        {"accounts":["SIM-1"],"ordersCanceled":2,"blockedMicros":85.4,"canceledMicros":1234.5,"state":"Halted"}
        """;

    public const string Resume = """
        [{"account":"SIM-1","state":"Reducing","stateReason":"resumed reducing only","limits":null,"usage":null,"rejections":{}}]
        """;

    public const string Portfolio = """
        {"account":"SIM-1","initialCash":1000000,"cash":999890,"equity":1000100,"realizedPnl":100,"unrealizedPnl":1.5,"fees":1.5,
         "positions":[{"symbol":"IBM","quantity":50,"costBasis":500,"realizedPnl":100,"fees":1.5,"mark":14.03,"averageCost":10,"marketValue":701.5,"unrealizedPnl":201.5}],
         "orderCount":2,"fillCount":2,"riskRejections":1,"reconciled":true}
        """;

    public const string Fills = """
        [{"execId":"F-1","clOrdId":"T-1","symbol":"IBM","side":"Buy","lastQty":100,"lastPx":10,"fee":1,"transactTime":"2013-10-07T14:00:01Z","quoteTime":"2013-10-07T14:00:01Z"},
         {"execId":"F-2","clOrdId":"T-2","symbol":"IBM","side":"Sell","lastQty":50,"lastPx":12,"fee":0.5,"transactTime":"2013-10-07T14:00:02Z","quoteTime":"2013-10-07T14:00:02Z"}]
        """;

    public const string EventStream =
        ": keep-alive\n\n"
        + "event: fill\ndata: {\"execId\":\"F-1\",\"clOrdId\":\"T-1\",\"symbol\":\"IBM\",\"side\":\"Buy\",\"lastQty\":100,\"lastPx\":182.45,\"fee\":0.5,\"transactTime\":\"2013-10-07T14:00:01.250Z\",\"quoteTime\":\"2013-10-07T14:00:01.249Z\"}\n\n"
        + "event: signal\ndata: {\"symbol\":\"IBM\",\"time\":\"2013-10-07T14:00:02Z\",\"forecast\":0.00123,\"level\":182.41,\"slope\":-0.0002,\"regimePass\":true,\"judgePass\":false}\n\n"
        + "event: order\ndata: {\"execId\":\"E-2\",\"clOrdId\":\"T-2\",\"orderId\":\"V-8\",\"symbol\":\"IBM\",\"side\":\"Buy\",\"execType\":\"Rejected\",\"ordStatus\":\"Rejected\",\"cumQty\":0,\"leavesQty\":0,\"ordRejReason\":\"OrderExceedsLimit\",\"riskReason\":\"Halted\",\"text\":\"account SIM-1 is halted\",\"transactTime\":\"2013-10-07T14:00:03Z\"}\n\n"
        + "event: risk\ndata: {\"account\":\"SIM-1\",\"state\":\"Halted\",\"stateReason\":\"kill switch\"}\n\n";
}
