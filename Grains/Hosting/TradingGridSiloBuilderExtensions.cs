using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;
using Orleans.Serialization.Configuration;
using Quant.Orleans.Grains.Events;
using Quant.Orleans.Numerics.Signals;

namespace Quant.Orleans.Grains.Hosting;

/// <summary>Adds the trading grid's grains and what they take in their constructors to an Orleans silo. The silo's
/// composition root (the <c>serve</c> and <c>replay</c> commands) and the test clusters call the same method, so tests
/// run the grains exactly as the silo does; storage providers are the caller's choice.</summary>
public static class TradingGridSiloBuilderExtensions
{
    /// <summary>The root types of checkpoint documents that Orleans carries with its System.Text.Json codec: the exact
    /// state records of <c>Numerics</c>, which does not reference Orleans (DESIGN §2). Everything under them is
    /// written by System.Text.Json too.</summary>
    public static IReadOnlySet<Type> JsonCodecTypes { get; } = new HashSet<Type>
    {
        typeof(SymbolSessionState), typeof(HmmRegimeGateState), typeof(VolatilityPercentileGateState),
    };

    /// <summary>System.Text.Json options of the checkpoint documents: doubles round-trip exactly, and NaN or
    /// infinities are written as the strings <c>"NaN"</c>, <c>"Infinity"</c>.</summary>
    public static JsonSerializerOptions CheckpointJson { get; } = new()
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Registers the strategy's settings, the accounts' journal store (<see cref="StrategyOptions.ResolveJournalStore"/>,
    /// when there is one), the silo's event hub and the codecs; turns on Orleans's check that
    /// every type crossing a grain boundary has a codec and a copier (so a missing one fails the silo's start instead of
    /// the first cross-silo call).</summary>
    /// <param name="silo">The silo.</param>
    /// <param name="strategy">The settings every grain reads.</param>
    /// <param name="hub">The silo's live event hub (the gateway subscribes to it).</param>
    public static ISiloBuilder AddTradingGrid(this ISiloBuilder silo, StrategyOptions strategy, TradingEventHub hub)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(hub);
        silo.Services.AddSingleton(strategy);
        if (strategy.ResolveJournalStore() is { } journal)
        {
            silo.Services.AddSingleton(journal);
        }

        silo.Services.AddSingleton(hub);
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddSerializer(serializer => serializer.AddJsonSerializer(JsonCodecTypes.Contains, CheckpointJson));
        silo.Configure<TypeManifestOptions>(o => o.EnableConfigurationAnalysis = true);

        // The domain's exceptions (a damaged journal, a journal that could not be written, a refused transition) cross
        // silos with their type and message, as System's and Azure's do.
        silo.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add(ExceptionNamespace));
        return silo;
    }

    /// <summary>The namespace prefix of the exceptions Orleans carries between silos and to clients by type and message.</summary>
    public const string ExceptionNamespace = "Quant.Orleans";

    /// <summary>Makes the silo's event hub one of the cluster's (<see cref="ClusterEventRelay"/>): its grains' events
    /// reach every silo's subscribers, and other silos' events reach its own. For silos that each have a hub of their
    /// own (one per process); silos sharing one hub in a process must not add it.</summary>
    /// <param name="silo">The silo, after <see cref="AddTradingGrid"/>.</param>
    public static ISiloBuilder AddClusterEventRelay(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddSingleton<ClusterEventRelay>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ClusterEventRelay>());
        return silo;
    }
}
