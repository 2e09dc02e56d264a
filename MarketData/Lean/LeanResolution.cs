namespace Quant.Orleans.MarketData.Lean;

/// <summary>Resolution of a Lean data file (the folder under <c>equity/usa</c>).</summary>
public enum LeanResolution
{
    /// <summary>Individual ticks, one file per day (<c>tick/</c>).</summary>
    Tick,

    /// <summary>One-second bars, one file per day (<c>second/</c>).</summary>
    Second,

    /// <summary>One-minute bars, one file per day (<c>minute/</c>).</summary>
    Minute,

    /// <summary>Daily bars, one file per symbol for all dates (<c>daily/</c>).</summary>
    Daily,
}

/// <summary>Which stream a Lean file carries.</summary>
public enum LeanTickType
{
    /// <summary>Trades (prints), or trade bars.</summary>
    Trade,

    /// <summary>Quotes, or quote bars.</summary>
    Quote,
}
