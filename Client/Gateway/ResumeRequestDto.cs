namespace Quant.Orleans.Client.Gateway;

/// <summary>The body of <c>POST /api/risk/resume</c>.</summary>
/// <param name="Account">The account to resume; null resumes every account.</param>
/// <param name="State"><c>active</c> or <c>reducing</c> (only position-reducing orders accepted).</param>
public sealed record ResumeRequestDto(string? Account, string State);
