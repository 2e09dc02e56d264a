namespace Quant.Orleans.Research.Validation;

/// <summary>One train/test split: sample indices into the data set, each array ascending.</summary>
/// <param name="Train">Training samples left after purging and embargo.</param>
/// <param name="Test">Test samples.</param>
/// <param name="Purged">Samples removed from training because their label interval overlaps a test block's interval
/// hull (AFML §7.4.1).</param>
/// <param name="Embargoed">Samples removed from training by the embargo after a test block (AFML §7.4.2).</param>
public sealed record Fold(int[] Train, int[] Test, int[] Purged, int[] Embargoed);
