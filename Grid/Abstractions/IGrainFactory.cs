namespace Quant.Orleans.Grid;

/// <summary>Creates typed references to grains (Orleans: <c>IGrainFactory</c>). A reference is cheap, can be kept and
/// shared between threads; the grain is activated on the first call made through it.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrainInterface"/> with the string key <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">No registered grain class implements the interface, or the key is null or empty.</exception>
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;

    /// <summary>A reference to the grain of interface <typeparamref name="TGrainInterface"/> with the integer key <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">No registered grain class implements the interface.</exception>
    TGrainInterface GetGrain<TGrainInterface>(long key)
        where TGrainInterface : IGrainWithIntegerKey;
}
