namespace Quant.Orleans.Client.Gateway;

/// <summary>An account's pre-trade risk state (SEC Rule 15c3-5 style controls), as <c>GET /api/risk/{account}</c>
/// returns it.</summary>
/// <param name="Account">The account.</param>
/// <param name="State"><c>Active</c> (orders accepted), <c>Reducing</c> (only orders that reduce a position) or
/// <c>Halted</c> (kill switch: every new order rejected).</param>
/// <param name="StateReason">Why the account is in its state (the kill reason, a breached threshold); null when Active.</param>
/// <param name="Limits">The limits the checks apply.</param>
/// <param name="Usage">How much of the limits is in use now.</param>
/// <param name="Rejections">Count of rejected orders per risk reason code, e.g. <c>{"MaxOrderQuantityExceeded": 2}</c>.</param>
public sealed record RiskViewDto(
    string Account,
    string State,
    string? StateReason,
    RiskLimitsDto? Limits,
    RiskUsageDto? Usage,
    Dictionary<string, long>? Rejections);
