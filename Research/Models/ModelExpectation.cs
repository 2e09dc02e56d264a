using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Research.Models;

/// <summary>What the loading code requires of a model folder: every field here must equal the manifest's.</summary>
/// <param name="ModelType">Model type, e.g. <c>chronos-student</c>.</param>
/// <param name="Schema">The feature schema the code produces (version and column order).</param>
/// <param name="HorizonsSeconds">Horizons the code reads from the model, seconds.</param>
/// <param name="CadenceSeconds">Grid step the code feeds, seconds.</param>
/// <param name="Window">Window length the code feeds, grid steps.</param>
/// <param name="Quantiles">Quantile levels the code reads.</param>
public sealed record ModelExpectation(string ModelType, FeatureSchema Schema, double[] HorizonsSeconds, double CadenceSeconds, int Window, double[] Quantiles);
