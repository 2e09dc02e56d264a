namespace Quant.Orleans.Client.Gateway;

/// <summary>The body of <c>POST /api/risk/kill</c>.</summary>
/// <param name="Account">The account to halt; null halts every account.</param>
/// <param name="Reason">Why, kept as the state reason; null for none.</param>
public sealed record KillRequestDto(string? Account, string? Reason);
