namespace Quant.Orleans.Numerics.Wavelets;

/// <summary>
/// A checkpoint of a <see cref="SlidingWaveletDenoiser"/> (<see cref="SlidingWaveletDenoiser.Capture"/>): its ring of
/// the last W observations as stored (slot <see cref="Head"/> is the next to be written, so the oldest once the window
/// is full), the count and the last noise scale. The MODWT work arrays are not part of it: every call rebuilds them from
/// the ring. Plain data; the array is a copy.
/// </summary>
/// <param name="Ring">The ring buffer, length W, finite (zeros in slots not yet written).</param>
/// <param name="Head">The next slot to write, in [0, W); equals <paramref name="Count"/> mod W.</param>
/// <param name="Count">Observations pushed since construction or the last reset, ≥ 0.</param>
/// <param name="LastNoiseScale">σ̂₁ of the last denoising, observation unit (0 before one).</param>
public sealed record SlidingWaveletDenoiserState(double[] Ring, int Head, long Count, double LastNoiseScale);
