using Quant.Orleans.Learning.Models;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>
/// The strategy's sizing setting (<c>Strategy:Sizing</c>): empty or <c>kelly</c> (the default) sizes signals by
/// fractional Kelly; <c>policy@&lt;folder&gt;</c> loads the policy model folder (<see cref="PolicyModelFolder"/>) and sizes
/// by its head's serving position times the per-symbol risk budget (<see cref="PolicySizer"/>). The head is read once;
/// every account of the silo then gets its own serving copy (<see cref="PolicySizing.CreateServer"/>). The audit trail
/// names the policy by its manifest's version (<c>policy@&lt;version&gt;</c>), not by the folder.
/// </summary>
public static class SizingSetting
{
    /// <summary>Why <paramref name="setting"/> cannot be served, or null when it can (a policy folder is read and checked).</summary>
    /// <param name="setting">The setting's value.</param>
    /// <returns>A message naming the setting, its value and the reason; null when valid.</returns>
    public static string? Problem(string? setting)
    {
        try
        {
            _ = Load(setting);
            return null;
        }
        catch (Exception e) when (e is PolicyModelMismatchException or InvalidDataException or IOException or ArgumentException or InvalidOperationException)
        {
            return $"Strategy:Sizing '{setting}' cannot be served: {e.Message}";
        }
    }

    /// <summary>The sizing method of <paramref name="setting"/>: null for Kelly, else the loaded policy.</summary>
    /// <param name="setting">Empty, <c>kelly</c> or <c>policy@&lt;folder&gt;</c>.</param>
    /// <returns>Null (Kelly) or the policy sizing.</returns>
    /// <exception cref="ArgumentException">The setting is neither form.</exception>
    /// <exception cref="PolicyModelMismatchException">The folder does not match this code or was altered (names the field).</exception>
    /// <exception cref="InvalidDataException">A file of the folder is missing or malformed.</exception>
    /// <exception cref="InvalidOperationException">A weight is not finite.</exception>
    public static PolicySizing? Load(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting) || string.Equals(setting, SizingAudit.Kelly, StringComparison.Ordinal))
        {
            return null;
        }

        if (!setting.StartsWith(SizingAudit.PolicyPrefix, StringComparison.Ordinal) || setting.Length == SizingAudit.PolicyPrefix.Length)
        {
            throw new ArgumentException($"Strategy:Sizing must be 'kelly' or 'policy@<model folder>'; got '{setting}'.", nameof(setting));
        }

        var loaded = PolicyModelFolder.Read(setting[SizingAudit.PolicyPrefix.Length..]);
        var head = loaded.Head;
        _ = new PolicyHeadServer(head); // refuses non-finite weights now, not at the first signal
        return new PolicySizing(loaded.Manifest.Version, () => new PolicyHeadServer(head));
    }
}
