namespace Quant.Orleans.Engine.Research;

/// <summary>A started grid (an in-process Orleans silo, or a client of a cluster) that a walk-forward window replays
/// through; disposing it stops the silo.</summary>
public interface IGridSession : IAsyncDisposable
{
    /// <summary>The grid's grain factory.</summary>
    IGrainFactory Grains { get; }
}

/// <summary>Starts a fresh grid for one walk-forward window (nothing carries over from another window).</summary>
/// <param name="cancellationToken">Stops the start.</param>
public delegate Task<IGridSession> GridSessionFactory(CancellationToken cancellationToken);
