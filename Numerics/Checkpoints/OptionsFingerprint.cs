using System.Globalization;
using System.Text;

namespace Quant.Orleans.Numerics.Checkpoints;

/// <summary>
/// A canonical text of the options that shape a checkpointed object: <c>Key=Value</c> pairs joined by <c>;</c>, in a
/// fixed order, doubles in round-trip form (<c>"R"</c>, invariant culture), durations in ticks of 100 ns. Two option
/// sets give the same text exactly when every listed option is equal, and <see cref="RequireMatch"/> names the first
/// option that differs.
/// </summary>
internal sealed class OptionsFingerprint
{
    private readonly StringBuilder _text = new();

    /// <summary>Appends <c>key=value</c>.</summary>
    public OptionsFingerprint Add(string key, string value)
    {
        if (_text.Length > 0)
        {
            _text.Append(';');
        }

        _text.Append(key).Append('=').Append(value);
        return this;
    }

    /// <summary>Appends a double in round-trip form.</summary>
    public OptionsFingerprint Add(string key, double value) => Add(key, value.ToString("R", CultureInfo.InvariantCulture));

    /// <summary>Appends an integer.</summary>
    public OptionsFingerprint Add(string key, long value) => Add(key, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Appends a duration as ticks of 100 ns.</summary>
    public OptionsFingerprint Add(string key, TimeSpan value) => Add(key, value.Ticks);

    /// <summary>Appends integers joined by commas.</summary>
    public OptionsFingerprint Add(string key, IEnumerable<int> values) =>
        Add(key, string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture))));

    /// <summary>The fingerprint text.</summary>
    public override string ToString() => _text.ToString();

    /// <summary>Throws unless the captured fingerprint equals the current one, naming the first option that differs.</summary>
    /// <param name="captured">The checkpoint's fingerprint.</param>
    /// <param name="current">The fingerprint of the options being restored into.</param>
    /// <param name="record">The checkpoint record's name, for the message.</param>
    /// <exception cref="ArgumentException">The fingerprints differ (the option, both values and the rule are named).</exception>
    public static void RequireMatch(string? captured, string current, string record)
    {
        if (string.Equals(captured, current, StringComparison.Ordinal))
        {
            return;
        }

        if (string.IsNullOrEmpty(captured))
        {
            throw new ArgumentException($"{record}.OptionsFingerprint is missing; expected '{current}'.", CheckpointGuard.Parameter);
        }

        var was = Parse(captured);
        var now = Parse(current);
        foreach (var (key, value) in now)
        {
            if (!was.TryGetValue(key, out var old))
            {
                throw Mismatch(record, key, "(absent)", value);
            }

            if (!string.Equals(old, value, StringComparison.Ordinal))
            {
                throw Mismatch(record, key, old, value);
            }
        }

        foreach (var (key, value) in was)
        {
            if (!now.ContainsKey(key))
            {
                throw Mismatch(record, key, value, "(absent)");
            }
        }

        throw new ArgumentException($"{record}.OptionsFingerprint '{captured}' is malformed; expected '{current}'.", CheckpointGuard.Parameter);
    }

    private static ArgumentException Mismatch(string record, string key, string captured, string current) =>
        new($"{record}.OptionsFingerprint: the checkpoint was captured with {key} = {captured}, the options have {key} = {current}; "
            + "a checkpoint restores only under the options it was captured with.", CheckpointGuard.Parameter);

    private static Dictionary<string, string> Parse(string text)
    {
        var pairs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in text.Split(';'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                pairs[part[..eq]] = part[(eq + 1)..];
            }
        }

        return pairs;
    }
}
