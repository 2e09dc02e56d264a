namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Finds files in a Lean data folder (the folder holding <c>equity/</c> and <c>forex/</c>). Lean lower-cases
/// tickers in paths: <c>equity/usa/tick/ibm/20131007_quote.zip</c>, <c>equity/usa/minute/ibm/20131007_trade.zip</c>,
/// <c>equity/usa/daily/ibm.zip</c>, <c>forex/fxcm/tick/eurusd/20140501_quote.zip</c>. The path methods only compose
/// paths; they do not check that the file exists.
/// </summary>
public sealed class LeanDataFolder
{
    /// <summary>Uses <paramref name="root"/> as the Lean data folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public LeanDataFolder(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"Lean data folder '{root}' does not exist.");
        }

        Root = Path.GetFullPath(root);
    }

    /// <summary>Absolute path of the folder.</summary>
    public string Root { get; }

    /// <summary>Path of the US equity file for <paramref name="symbol"/> on <paramref name="date"/>.</summary>
    /// <param name="symbol">The ticker.</param>
    /// <param name="resolution">Tick, second or minute (daily files are per symbol: use <see cref="EquityDailyPath"/>).</param>
    /// <param name="type">Trades or quotes.</param>
    /// <param name="date">Local (New York) trading date.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resolution"/> is <see cref="LeanResolution.Daily"/> or undefined.</exception>
    public string EquityPath(Symbol symbol, LeanResolution resolution, LeanTickType type, DateOnly date)
    {
        var folder = resolution switch
        {
            LeanResolution.Tick => "tick",
            LeanResolution.Second => "second",
            LeanResolution.Minute => "minute",
            _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Use EquityDailyPath for daily bars; resolution must be Tick, Second or Minute."),
        };
        return Path.Combine(Root, "equity", "usa", folder, Lower(symbol), $"{LeanFileNames.DateText(date)}_{TypeText(type)}.zip");
    }

    /// <summary>Path of the daily-bar file of <paramref name="symbol"/> (all dates).</summary>
    public string EquityDailyPath(Symbol symbol) => Path.Combine(Root, "equity", "usa", "daily", $"{Lower(symbol)}.zip");

    /// <summary>Path of the FX tick file of <paramref name="pair"/> (e.g. EURUSD) on <paramref name="date"/>.</summary>
    /// <param name="pair">The currency pair.</param>
    /// <param name="date">Local date of the file.</param>
    /// <param name="market">Lean market folder, e.g. "fxcm" or "oanda".</param>
    public string ForexTickPath(Symbol pair, DateOnly date, string market = "fxcm")
    {
        ArgumentException.ThrowIfNullOrEmpty(market);
        return Path.Combine(Root, "forex", market.ToLowerInvariant(), "tick", Lower(pair), $"{LeanFileNames.DateText(date)}_quote.zip");
    }

    /// <summary>The dates (ascending) for which an equity file of this resolution and type exists.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="resolution"/> is <see cref="LeanResolution.Daily"/>.</exception>
    public IReadOnlyList<DateOnly> EquityDates(Symbol symbol, LeanResolution resolution, LeanTickType type)
    {
        var folder = Path.GetDirectoryName(EquityPath(symbol, resolution, type, new DateOnly(2000, 1, 1)))!;
        var dates = new List<DateOnly>();
        if (!Directory.Exists(folder))
        {
            return dates;
        }

        var suffix = $"_{TypeText(type)}.zip";
        foreach (var file in Directory.EnumerateFiles(folder, "*" + suffix))
        {
            var name = Path.GetFileName(file);
            if (name.Length == 8 + suffix.Length && DateOnly.TryParseExact(name.AsSpan(0, 8), "yyyyMMdd", out var date))
            {
                dates.Add(date);
            }
        }

        dates.Sort();
        return dates;
    }

    private static string Lower(Symbol symbol) => symbol.Ticker.ToLowerInvariant();

    private static string TypeText(LeanTickType type) => type switch
    {
        LeanTickType.Trade => "trade",
        LeanTickType.Quote => "quote",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Type must be Trade or Quote."),
    };
}
