namespace Quant.Orleans.Grains;

/// <summary>The names of the grid's Orleans grain-storage providers (the silo registers a provider under each).</summary>
public static class GridStorage
{
    /// <summary>The provider of every grain state: the file provider in the embedded default, memory in replays and
    /// tests, Azure Blob storage in a cluster.</summary>
    public const string Name = "Default";
}
