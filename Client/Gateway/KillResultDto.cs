namespace Quant.Orleans.Client.Gateway;

/// <summary>The answer of <c>POST /api/risk/kill</c>.</summary>
/// <param name="Accounts">The accounts halted.</param>
/// <param name="OrdersCanceled">Working orders cancelled.</param>
/// <param name="BlockedMicros">Microseconds from receipt of the command until every new order was blocked.</param>
/// <param name="CanceledMicros">Microseconds from receipt of the command until every working order was cancelled.</param>
/// <param name="State">The accounts' state after the command (<c>Halted</c>).</param>
public sealed record KillResultDto(string[] Accounts, long OrdersCanceled, double BlockedMicros, double CanceledMicros, string State);
