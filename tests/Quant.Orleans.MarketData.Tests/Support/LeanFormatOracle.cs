using System.Globalization;
using System.Numerics;
using System.Text;
using Quant.Orleans.MarketData.Lean;

namespace Quant.Orleans.MarketData.Tests.Support;

/// <summary>The Lean files the fuzz tests write, one per reader.</summary>
public enum LeanFileKind
{
    TickQuote,
    TickTrade,
    MinuteTradeBar,
    SecondQuoteBar,
    DailyBar,
    FxTick,
}

/// <summary>An independent, strict reading of one line of each Lean format, for the fuzz tests to compare the readers with.</summary>
public static class LeanFormatOracle
{
    /// <summary>A strict reading of the documented formats (<c>docs/market-data.md</c>): integers are an optional sign
    /// and ASCII digits; ms in [0, 86,400,000); deci-cents and shares within the readers' ranges; one exchange letter
    /// A-Z; 1 to 8 hexadecimal digits of condition; a 0/1 flag; FX prices a plain decimal of at most 8 fractional
    /// digits whose 1e-8 units fit in 64 bits; a daily bar's <c>yyyyMMdd HH:mm</c> a real New York time that
    /// <see cref="UnixNanos"/> can hold. Null when the line is not valid.</summary>
    public static object? Parse(LeanFileKind kind, byte[] line, long lineNumber, DateOnly day, Symbol symbol)
    {
        var f = Encoding.Latin1.GetString(line).Split(',');
        var midnight = LocalDayClock.Create(day, LeanTimeZones.NewYork).ToUtc(0).Value;
        UnixNanos At(long ms) => new(midnight + (ms * UnixNanos.NanosPerMillisecond));
        switch (kind)
        {
            case LeanFileKind.TickQuote:
                return f.Length == 8 && Ms(f[0], out var qms) && DeciCents(f[1], out var bid) && Shares(f[2], out var bidSize) && DeciCents(f[3], out var ask)
                    && Shares(f[4], out var askSize) && Exchange(f[5], out var exchange) && Hex(f[6], out var condition) && Flag(f[7], out var suspicious)
                    ? new ExchangeQuote(At(qms), exchange, Price.FromDeciCents(bid), Quantity.FromUnits(bidSize), Price.FromDeciCents(ask), Quantity.FromUnits(askSize), condition, suspicious, lineNumber)
                    : null;
            case LeanFileKind.TickTrade:
                return f.Length == 6 && Ms(f[0], out var tms) && DeciCents(f[1], out var price) && Shares(f[2], out var size) && Exchange(f[3], out var venue)
                    && Hex(f[4], out var saleCondition) && Flag(f[5], out var flagged)
                    ? new ExchangeTrade(At(tms), venue, Price.FromDeciCents(price), Quantity.FromUnits(size), saleCondition, flagged, lineNumber)
                    : null;
            case LeanFileKind.MinuteTradeBar:
                return f.Length == 6 && Ms(f[0], out var bms) && Ohlc(f[1..5], out var bar) && Shares(f[5], out var volume)
                    ? new Bar(symbol, At(bms), TimeSpan.FromMinutes(1), bar[0], bar[1], bar[2], bar[3], Quantity.FromUnits(volume))
                    : null;
            case LeanFileKind.SecondQuoteBar:
                return f.Length == 11 && Ms(f[0], out var sms) && Ohlc(f[1..5], out var b) && Shares(f[5], out var bs) && Ohlc(f[6..10], out var a) && Shares(f[10], out var @as)
                    ? new QuoteBar(symbol, At(sms), TimeSpan.FromSeconds(1), b[0], b[1], b[2], b[3], Quantity.FromUnits(bs), a[0], a[1], a[2], a[3], Quantity.FromUnits(@as))
                    : null;
            case LeanFileKind.DailyBar:
                return f.Length == 6 && LocalTime(f[0], out var time) && Ohlc(f[1..5], out var daily) && Shares(f[5], out var dayVolume)
                    ? new Bar(symbol, time, TimeSpan.FromDays(1), daily[0], daily[1], daily[2], daily[3], Quantity.FromUnits(dayVolume))
                    : null;
            default:
                return f.Length == 3 && Ms(f[0], out var fms) && Fixed8(f[1], out var fxBid) && Fixed8(f[2], out var fxAsk)
                    ? new FxTick(At(fms), new Price(fxBid), new Price(fxAsk), lineNumber)
                    : null;
        }

        static bool Integer(string s, out long value)
        {
            value = 0;
            var digits = s.Length > 0 && s[0] is '-' or '+' ? s[1..] : s;
            return digits.Length > 0 && digits.All(char.IsAsciiDigit) && long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
        }

        static bool Ms(string s, out long value) => Integer(s, out value) && value is >= 0 and < 86_400_000L;

        static bool DeciCents(string s, out long value) => Integer(s, out value) && value is > -922_337_203_685_477L and < 922_337_203_685_477L;

        static bool Shares(string s, out long value) => Integer(s, out value) && value is > -92_233_720_368L and < 92_233_720_368L;

        static bool Ohlc(string[] s, out Price[] prices)
        {
            prices = new Price[4];
            for (var i = 0; i < 4; i++)
            {
                if (!DeciCents(s[i], out var value))
                {
                    return false;
                }

                prices[i] = Price.FromDeciCents(value);
            }

            return true;
        }

        static bool Exchange(string s, out char value)
        {
            value = s.Length == 1 ? s[0] : '\0';
            return value is >= 'A' and <= 'Z';
        }

        static bool Hex(string s, out uint value)
        {
            value = 0;
            return s.Length is >= 1 and <= 8 && s.All(char.IsAsciiHexDigit) && uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
        }

        static bool Flag(string s, out bool value)
        {
            value = s == "1";
            return s is "0" or "1";
        }

        static bool Fixed8(string s, out long raw)
        {
            raw = 0;
            var body = s.StartsWith('-') ? s[1..] : s;
            var dot = body.IndexOf('.', StringComparison.Ordinal);
            var whole = dot < 0 ? body : body[..dot];
            var fraction = dot < 0 ? string.Empty : body[(dot + 1)..];
            if (!whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit) || (dot >= 0 && fraction.Length is 0 or > 8) || whole.Length + fraction.Length == 0)
            {
                return false;
            }

            var units = BigIntegerOf(whole + fraction.PadRight(8, '0'));
            if (s.StartsWith('-'))
            {
                units = -units;
            }

            if (units > long.MaxValue || units < -long.MaxValue)
            {
                return false;
            }

            raw = (long)units;
            return true;
        }

        static BigInteger BigIntegerOf(string digits) => BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);

        static bool LocalTime(string s, out UnixNanos time)
        {
            time = default;
            if (s.Length != 14 || s[8] != ' ' || s[11] != ':' || !s.Remove(11, 1).Remove(8, 1).All(char.IsAsciiDigit)
                || !DateTime.TryParseExact(s, "yyyyMMdd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            {
                return false;
            }

            var ticks = (BigInteger)(local.Ticks - LeanTimeZones.NewYork.GetUtcOffset(local).Ticks - DateTime.UnixEpoch.Ticks) * 100;
            if (ticks > long.MaxValue || ticks < long.MinValue)
            {
                return false;
            }

            time = new UnixNanos((long)ticks);
            return true;
        }
    }
}
