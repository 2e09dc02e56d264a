namespace Quant.Orleans.Research.Datasets;

/// <summary>One source file of a data set: where it is, what its bytes were, how many records it held.</summary>
/// <param name="RelativePath">Path relative to the Lean data folder, '/'-separated, e.g. <c>equity/usa/tick/ibm/20131007_quote.zip</c>.</param>
/// <param name="Sha256">SHA-256 of the file's bytes (the zip as stored), 64 lower-case hexadecimal digits — what <c>sha256sum</c> prints.</param>
/// <param name="Records">Lines (records) of the file's CSV entry, all of them, quarantined ones included.</param>
public sealed record DatasetSource(string RelativePath, string Sha256, long Records);
