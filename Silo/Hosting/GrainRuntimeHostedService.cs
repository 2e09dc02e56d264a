using Quant.Orleans.Grid.Runtime;

namespace Quant.Orleans.Silo.Hosting;

/// <summary>Starts the grain runtime with the host and stops it gracefully (every grain deactivated) on shutdown.</summary>
public sealed class GrainRuntimeHostedService : IHostedService
{
    private readonly GrainRuntime _runtime;

    /// <summary>Wraps <paramref name="runtime"/>.</summary>
    public GrainRuntimeHostedService(GrainRuntime runtime) => _runtime = runtime;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => _runtime.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => _runtime.StopAsync(cancellationToken);
}
