using System.Buffers.Text;

namespace Quant.Orleans.MarketData.Lean;

/// <summary>
/// Walks the comma-separated fields of one ASCII line and parses them in place (no strings are created unless a
/// field is malformed, when the exception message quotes it). Every failure names the 1-based field index, the
/// field's name and its text (at most <see cref="MarketDataFormatException.MaxQuotedBytes"/> bytes of it, bytes
/// outside printable ASCII as <c>\xNN</c>), at the reader's current line.
/// </summary>
internal ref struct LeanFieldCursor
{
    private readonly LeanCsvReader _reader;
    private ReadOnlySpan<byte> _rest;
    private int _index;
    private bool _exhausted;

    public LeanFieldCursor(ReadOnlySpan<byte> line, LeanCsvReader reader)
    {
        _reader = reader;
        _rest = line;
        _exhausted = line.IsEmpty;
        if (line.IsEmpty)
        {
            throw reader.Error("empty line");
        }
    }

    /// <summary>The next raw field.</summary>
    public ReadOnlySpan<byte> Next(string name)
    {
        if (_exhausted)
        {
            throw _reader.Error($"expected field {_index + 1} ({name}) but the line has only {_index} fields");
        }

        _index++;
        var comma = _rest.IndexOf((byte)',');
        ReadOnlySpan<byte> field;
        if (comma < 0)
        {
            field = _rest;
            _rest = default;
            _exhausted = true;
        }
        else
        {
            field = _rest[..comma];
            _rest = _rest[(comma + 1)..];
        }

        return field;
    }

    /// <summary>A signed decimal integer.</summary>
    public long NextInt64(string name)
    {
        var field = Next(name);
        if (field.IsEmpty || !Utf8Parser.TryParse(field, out long value, out var consumed) || consumed != field.Length)
        {
            throw Bad(name, field, "is not an integer");
        }

        return value;
    }

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public long NextInt64InRange(string name, long maxExclusive)
    {
        var value = NextInt64(name);
        if (value < 0 || value >= maxExclusive)
        {
            throw _reader.Error($"field {_index} ({name}) = {value} is outside [0, {maxExclusive})");
        }

        return value;
    }

    /// <summary>An integer count of deci-cents (1e-4 currency units, Lean's equity price unit) as a <see cref="Price"/>.</summary>
    public Price NextDeciCents(string name)
    {
        var value = NextInt64(name);
        if (value is <= -922_337_203_685_477L or >= 922_337_203_685_477L)
        {
            throw _reader.Error($"field {_index} ({name}) = {value} deci-cents is out of range");
        }

        return Price.FromDeciCents(value);
    }

    /// <summary>An integer count of shares as a <see cref="Quantity"/>.</summary>
    public Quantity NextShares(string name)
    {
        var value = NextInt64(name);
        if (value is <= -92_233_720_368L or >= 92_233_720_368L)
        {
            throw _reader.Error($"field {_index} ({name}) = {value} shares is out of range");
        }

        return Quantity.FromUnits(value);
    }

    /// <summary>A plain decimal such as <c>1.38727</c> or <c>-2</c> as a count of 1e-8 units (at most 8 fractional digits).</summary>
    public long NextFixed8(string name)
    {
        var field = Next(name);
        if (!TryParseFixed8(field, out var raw))
        {
            throw Bad(name, field, "is not a decimal number with at most 8 fractional digits");
        }

        return raw;
    }

    /// <summary>Exactly one upper-case ASCII letter (a Lean/AlgoSeek exchange code).</summary>
    public char NextExchange(string name)
    {
        var field = Next(name);
        if (field.Length != 1 || field[0] < (byte)'A' || field[0] > (byte)'Z')
        {
            throw Bad(name, field, "is not a single upper-case exchange letter");
        }

        return (char)field[0];
    }

    /// <summary>Hexadecimal condition flags (Lean parses sale and quote conditions as hexadecimal).</summary>
    public uint NextHex(string name)
    {
        var field = Next(name);
        if (field.IsEmpty || field.Length > 8 || !Utf8Parser.TryParse(field, out uint value, out var consumed, 'X') || consumed != field.Length)
        {
            throw Bad(name, field, "is not a hexadecimal condition of at most 8 digits");
        }

        return value;
    }

    /// <summary>A 0/1 flag.</summary>
    public bool NextFlag(string name)
    {
        var field = Next(name);
        if (field.Length == 1 && field[0] is (byte)'0' or (byte)'1')
        {
            return field[0] == (byte)'1';
        }

        throw Bad(name, field, "is not 0 or 1");
    }

    /// <summary>Checks that no field is left.</summary>
    public readonly void End()
    {
        if (!_exhausted)
        {
            throw _reader.Error($"expected {_index} fields but the line has more");
        }
    }

    /// <summary>Parses a plain decimal (optional '-', digits, optional '.' and up to 8 digits) into 1e-8 units; false
    /// when the text is not one, or its magnitude is over <see cref="long.MaxValue"/> units (92,233,720,368.54775807).</summary>
    public static bool TryParseFixed8(ReadOnlySpan<byte> text, out long raw)
    {
        raw = 0;
        var i = 0;
        var negative = false;
        if (text.Length > 0 && text[0] == (byte)'-')
        {
            negative = true;
            i = 1;
        }

        // The result is whole * 1e8 + fraction and must fit in a long: whole at most 92,233,720,368.
        const long MaxWhole = long.MaxValue / 100_000_000L;
        long whole = 0;
        var digits = 0;
        for (; i < text.Length && text[i] != (byte)'.'; i++, digits++)
        {
            var d = text[i] - (byte)'0';
            if ((uint)d > 9 || whole > (MaxWhole - d) / 10)
            {
                return false;
            }

            whole = (whole * 10) + d;
        }

        long fraction = 0;
        var fractionDigits = 0;
        if (i < text.Length)
        {
            for (i++; i < text.Length; i++, fractionDigits++)
            {
                var d = text[i] - (byte)'0';
                if ((uint)d > 9 || fractionDigits == 8)
                {
                    return false;
                }

                fraction = (fraction * 10) + d;
            }

            if (fractionDigits == 0)
            {
                return false;
            }
        }

        if (digits == 0 && fractionDigits == 0)
        {
            return false;
        }

        for (var k = fractionDigits; k < 8; k++)
        {
            fraction *= 10;
        }

        if (whole == MaxWhole && fraction > long.MaxValue % 100_000_000L)
        {
            return false;
        }

        raw = (whole * 100_000_000L) + fraction;
        if (negative)
        {
            raw = -raw;
        }

        return true;
    }

    private readonly MarketDataFormatException Bad(string name, ReadOnlySpan<byte> field, string rule) =>
        _reader.Error($"field {_index} ({name}) {rule}: '{RawText.Format(field, MarketDataFormatException.MaxQuotedBytes)}'");
}
