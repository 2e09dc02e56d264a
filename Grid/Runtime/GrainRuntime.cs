using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Quant.Orleans.Grid.Hosting;
using Quant.Orleans.Grid.Invocation;
using Quant.Orleans.Grid.Storage;

namespace Quant.Orleans.Grid.Runtime;

/// <summary>
/// A silo's grain runtime: the activation directory (one activation per grain id), grain class registry, storage
/// providers, idle collection and response timeouts. It is the <see cref="IGrainFactory"/> of the silo.
/// Start it with <see cref="StartAsync"/>; <see cref="StopAsync"/> deactivates every grain (so grains can persist
/// their state) before it returns.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _directory = new();
    private readonly ConcurrentDictionary<GrainId, StatelessWorkerPool> _workers = new();
    private readonly Dictionary<Type, GrainClassInfo> _byInterface = [];
    private readonly Dictionary<string, GrainClassInfo> _byTypeName = [];
    private readonly Dictionary<string, IGrainStorage> _storage = new(StringComparer.Ordinal);
    private ITimer? _collector;
    private ITimer? _sweeper;
    private int _phase; // 0 created, 1 running, 2 stopping, 3 stopped

    /// <summary>Creates a runtime.</summary>
    /// <param name="options">Runtime options; validated here.</param>
    /// <param name="services">Application services for grain constructors; null when grains need none.</param>
    /// <param name="timeProvider">The clock for timers, idle collection and timeouts; <see cref="TimeProvider.System"/> by default.</param>
    /// <param name="loggerFactory">Logging; none by default.</param>
    /// <exception cref="ArgumentException">An option is invalid (the message lists every problem).</exception>
    public GrainRuntime(GridOptions options, IServiceProvider? services = null, TimeProvider? timeProvider = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid grid options: " + string.Join(" ", errors), nameof(options));
        }

        Options = options;
        Services = services;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Quant.Orleans.Grid");
        TimeoutTicks = (long)(options.ResponseTimeout.TotalSeconds * TimeProvider.TimestampFrequency);
        UsesSystemClock = ReferenceEquals(TimeProvider, TimeProvider.System);
    }

    /// <summary>The options this runtime runs with.</summary>
    public GridOptions Options { get; }

    /// <summary>Application services for grain constructors.</summary>
    public IServiceProvider? Services { get; }

    /// <summary>The runtime's clock.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>True between <see cref="StartAsync"/> and the end of <see cref="StopAsync"/>.</summary>
    public bool IsRunning => Volatile.Read(ref _phase) is 1 or 2;

    /// <summary>Number of activations currently in the directory (stateless workers included).</summary>
    public int ActivationCount => _directory.Count + _workers.Values.Sum(p => p.Count);

    internal ILogger Logger { get; }

    internal long TimeoutTicks { get; }

    /// <summary>True when <see cref="TimeProvider"/> is <see cref="TimeProvider.System"/>, whose timestamps are
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamps: the send path then reads the clock once.</summary>
    internal bool UsesSystemClock { get; }

    /// <summary>Registers a grain class.</summary>
    /// <exception cref="ArgumentException">Not a grain class, or one of its interfaces already has a class.</exception>
    /// <exception cref="InvalidOperationException">The runtime has already started.</exception>
    public void AddGrainClass(Type grainClass)
    {
        EnsureNotStarted();
        var info = GrainClassInfo.Create(grainClass);
        foreach (var iface in info.Interfaces)
        {
            if (_byInterface.TryGetValue(iface, out var existing) && existing.ClassType != grainClass)
            {
                throw new ArgumentException($"Grain interface '{iface.Name}' is implemented by both '{existing.ClassType.Name}' and '{grainClass.Name}'.", nameof(grainClass));
            }

            _byInterface[iface] = info;
        }

        _byTypeName[info.GrainTypeName] = info;
    }

    /// <summary>Registers every concrete grain class in <paramref name="assembly"/>.</summary>
    public void AddGrainClasses(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        foreach (var type in assembly.GetTypes().Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract && !t.IsGenericTypeDefinition))
        {
            AddGrainClass(type);
        }
    }

    /// <summary>Registers a storage provider under <paramref name="name"/> (see <see cref="GridOptions.DefaultStorageName"/>).</summary>
    /// <exception cref="ArgumentException">The name is empty or already used.</exception>
    public void AddStorage(string name, IGrainStorage storage)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(storage);
        EnsureNotStarted();
        if (!_storage.TryAdd(name, storage))
        {
            throw new ArgumentException($"A storage provider named '{name}' is already registered.", nameof(name));
        }
    }

    /// <summary>Starts idle collection and the response-timeout sweeper; calls are accepted from now on.</summary>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _phase, 1, 0) != 0)
        {
            throw new InvalidOperationException("The grain runtime was already started.");
        }

        _collector = TimeProvider.CreateTimer(static s => ((GrainRuntime)s!).CollectIdle(), this, Options.CollectionQuantum, Options.CollectionQuantum);
        var sweep = TimeSpan.FromTicks(Math.Clamp(Options.ResponseTimeout.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        _sweeper = TimeProvider.CreateTimer(static s => ((GrainRuntime)s!).SweepTimeouts(), this, sweep, sweep);
        return Task.CompletedTask;
    }

    /// <summary>Graceful shutdown: every activation is deactivated (<c>OnDeactivateAsync</c> with
    /// <see cref="DeactivationReason.ShuttingDown"/>) within <see cref="GridOptions.DeactivationTimeout"/>; calls that
    /// are still queued afterwards fail.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _phase, 2, 1) != 1)
        {
            return;
        }

        _collector?.Dispose();
        var deadline = DateTime.UtcNow + Options.DeactivationTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var all = AllActivations().ToArray();
            if (all.Length == 0)
            {
                break;
            }

            foreach (var activation in all)
            {
                activation.RequestDeactivation(DeactivationReason.ShuttingDown);
            }

            var remaining = deadline - DateTime.UtcNow;
            try
            {
                await Task.WhenAll(all.Select(a => a.Deactivated)).WaitAsync(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Logger.LogWarning("Shutdown: {Count} activations did not deactivate within {Timeout}.", AllActivations().Count(), Options.DeactivationTimeout);
                break;
            }
        }

        _sweeper?.Dispose();
        Volatile.Write(ref _phase, 3);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return CreateReference<TGrainInterface>(key);
    }

    /// <inheritdoc />
    public TGrainInterface GetGrain<TGrainInterface>(long key)
        where TGrainInterface : IGrainWithIntegerKey => CreateReference<TGrainInterface>(key.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The grain type (class name) that implements each registered grain interface, keyed by the interface's
    /// short name (as in <see cref="Metrics.MethodStats.InterfaceName"/>), e.g. <c>ISymbolGrain</c> → <c>SymbolGrain</c>.</summary>
    public IReadOnlyDictionary<string, string> GrainTypesByInterface =>
        _byInterface.ToDictionary(static kv => kv.Key.Name, static kv => kv.Value.GrainTypeName, StringComparer.Ordinal);

    /// <summary>A snapshot of the live activations: grain id and whether it is serving.</summary>
    public IReadOnlyList<GrainId> GetActivations() => AllActivations().Select(a => a.Id).ToArray();

    internal ActivationData? FindActivation(GrainId id) => _directory.TryGetValue(id, out var a) ? a : null;

    internal IGrainStorage GetStorage(string? name, GrainId grainId, string stateName)
    {
        var key = name ?? Options.DefaultStorageName;
        return _storage.TryGetValue(key, out var storage)
            ? storage
            : throw new InvalidOperationException($"No storage provider named '{key}' is registered (grain {grainId}, state '{stateName}').");
    }

    internal ActivationData Dispatch(GrainId id, GrainClassInfo info, GrainTurn turn)
    {
        while (true)
        {
            var activation = _directory.GetOrAdd(id, static (gid, arg) => new ActivationData(arg.Runtime, gid, arg.Info), (Runtime: this, Info: info));
            if (activation.TryEnqueue(turn))
            {
                return activation;
            }

            _directory.TryRemove(KeyValuePair.Create(id, activation));
        }
    }

    internal void DispatchToWorker(GrainId id, GrainClassInfo info, GrainTurn turn) =>
        _workers.GetOrAdd(id, static (gid, arg) => new StatelessWorkerPool(arg.Runtime, gid, arg.Info), (Runtime: this, Info: info)).Dispatch(turn);

    internal void Forward(GrainTurn turn)
    {
        if (Volatile.Read(ref _phase) != 1 || turn.ForwardTarget is not { } target || !_byTypeName.TryGetValue(target.Type, out var info))
        {
            turn.Abandon(new InvalidOperationException($"The grid silo is shutting down: the call to grain {turn.ForwardTarget} was not delivered."));
            return;
        }

        if (info.MaxLocalWorkers > 0)
        {
            DispatchToWorker(target, info, turn);
        }
        else
        {
            Dispatch(target, info, turn);
        }
    }

    internal void OnActivationGone(ActivationData activation)
    {
        if (activation.ClassInfo.MaxLocalWorkers > 0)
        {
            if (_workers.TryGetValue(activation.Id, out var pool))
            {
                pool.Remove(activation);
            }
        }
        else
        {
            _directory.TryRemove(KeyValuePair.Create(activation.Id, activation));
        }
    }

    /// <summary>Fails a call made while the runtime does not run.</summary>
    internal bool RejectIfStopped(GrainTurn turn)
    {
        if (Volatile.Read(ref _phase) is 1 or 2)
        {
            return false;
        }

        turn.Abandon(new InvalidOperationException($"The grid silo is not running: the call to grain {turn.ForwardTarget} was not delivered."));
        return true;
    }

    private TGrainInterface CreateReference<TGrainInterface>(string key)
        where TGrainInterface : IGrain
    {
        if (!_byInterface.TryGetValue(typeof(TGrainInterface), out var info))
        {
            throw new ArgumentException($"No registered grain class implements '{typeof(TGrainInterface).FullName}'.", nameof(TGrainInterface));
        }

        var factory = GrainReferenceFactory<TGrainInterface>.Factory;
        if (factory is null)
        {
            RuntimeHelpers.RunModuleConstructor(typeof(TGrainInterface).Module.ModuleHandle);
            factory = GrainReferenceFactory<TGrainInterface>.Factory
                ?? throw new InvalidOperationException(
                    $"No generated reference for '{typeof(TGrainInterface).FullName}': its project must reference Quant.Orleans.Grid.CodeGen as an analyzer.");
        }

        return factory(new GrainReferenceTarget(this, new GrainId(info.GrainTypeName, key), info));
    }

    private IEnumerable<ActivationData> AllActivations() =>
        _directory.Values.Concat(_workers.Values.SelectMany(p => p.Snapshot()));

    private void CollectIdle()
    {
        var now = TimeProvider.GetTimestamp();
        foreach (var activation in AllActivations())
        {
            if (activation.State == ActivationState.Valid && activation.IsIdle
                && TimeProvider.GetElapsedTime(activation.LastActivityTimestamp, now) >= Options.CollectionAge)
            {
                activation.RequestDeactivation(DeactivationReason.IdleCollection);
            }
        }
    }

    private void SweepTimeouts()
    {
        var now = TimeProvider.GetTimestamp();
        foreach (var activation in AllActivations())
        {
            activation.ExpireRequests(now, Options.ResponseTimeout);
        }
    }

    private void EnsureNotStarted()
    {
        if (Volatile.Read(ref _phase) != 0)
        {
            throw new InvalidOperationException("Grain classes and storage providers must be registered before the runtime starts.");
        }
    }
}
