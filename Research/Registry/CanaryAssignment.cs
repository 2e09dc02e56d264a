using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Quant.Orleans.Research.Registry;

/// <summary>
/// Which symbols a canary version trades: a symbol is in the canary when
/// <c>u = top53(SHA-256(UTF-8(version_id + "\n" + symbol))) / 2^53</c> — the first 8 bytes of the digest read big-endian,
/// shifted right by 11 bits — is below the share. The same version and symbol give the same answer in every process
/// and on every machine (SHA-256, never <c>string.GetHashCode</c>, which is randomised per process); share 0 selects
/// none, share 1 all, and each symbol's u is uniform on [0, 1) in steps of 2^-53, so a share s selects about s of the
/// symbols, a different subset for each version.
/// </summary>
public static class CanaryAssignment
{
    /// <summary>The symbol's position u in [0, 1) for this version.</summary>
    /// <param name="versionId">The canary version's id.</param>
    /// <param name="symbol">The symbol (case-sensitive; the grid uses upper case).</param>
    /// <returns>u, a multiple of 2^-53 in [0, 1).</returns>
    /// <exception cref="ArgumentException">A blank version id or symbol.</exception>
    public static double Position(string versionId, string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(versionId + "\n" + symbol));
        var top = BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11;
        return top / 9007199254740992.0; // 2^53: exact.
    }

    /// <summary>True when the symbol is in the canary of <paramref name="versionId"/> at <paramref name="share"/>.</summary>
    /// <param name="versionId">The canary version's id.</param>
    /// <param name="symbol">The symbol.</param>
    /// <param name="share">Fraction of symbols in the canary, in [0, 1].</param>
    /// <returns>Whether <see cref="Position"/> &lt; share.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="share"/> outside [0, 1] or NaN.</exception>
    public static bool InCanary(string versionId, string symbol, double share)
    {
        if (!(share >= 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "the canary share must lie in [0, 1].");
        }

        return Position(versionId, symbol) < share;
    }
}
