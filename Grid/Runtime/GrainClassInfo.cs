using System.Reflection;
using Quant.Orleans.Grid.Storage;

namespace Quant.Orleans.Grid.Runtime;

/// <summary>
/// What the runtime knows about a grain class, found once by reflection at registration: its grain type name,
/// concurrency attributes, the grain interfaces it serves, and a factory that builds it with its constructor
/// arguments (persistent states, runtime services, application services). Nothing here runs per call.
/// </summary>
internal sealed class GrainClassInfo
{
    private GrainClassInfo(Type classType, bool isReentrant, int maxLocalWorkers, IReadOnlyList<Type> interfaces, Func<GrainRuntime, ActivationData, object> factory)
    {
        ClassType = classType;
        GrainTypeName = classType.Name;
        IsReentrant = isReentrant;
        MaxLocalWorkers = maxLocalWorkers;
        Interfaces = interfaces;
        Factory = factory;
    }

    public Type ClassType { get; }

    /// <summary>The grain type in grain ids: the class's short name.</summary>
    public string GrainTypeName { get; }

    public bool IsReentrant { get; }

    /// <summary>0 for an ordinary grain; the worker limit for a <see cref="StatelessWorkerAttribute"/> grain.</summary>
    public int MaxLocalWorkers { get; }

    public IReadOnlyList<Type> Interfaces { get; }

    public Func<GrainRuntime, ActivationData, object> Factory { get; }

    /// <summary>Inspects a grain class.</summary>
    /// <exception cref="ArgumentException">The type is not a concrete grain class, or a constructor parameter cannot be served.</exception>
    public static GrainClassInfo Create(Type classType)
    {
        ArgumentNullException.ThrowIfNull(classType);
        if (!typeof(Grain).IsAssignableFrom(classType) || classType.IsAbstract || classType.IsGenericTypeDefinition)
        {
            throw new ArgumentException($"'{classType.FullName}' is not a concrete class derived from Grain.", nameof(classType));
        }

        var interfaces = classType.GetInterfaces()
            .Where(i => typeof(IGrain).IsAssignableFrom(i) && i != typeof(IGrain) && i != typeof(IGrainWithStringKey) && i != typeof(IGrainWithIntegerKey))
            .ToArray();
        if (interfaces.Length == 0)
        {
            throw new ArgumentException($"Grain class '{classType.FullName}' implements no grain interface.", nameof(classType));
        }

        var constructors = classType.GetConstructors(BindingFlags.Public | BindingFlags.Instance);
        if (constructors.Length != 1)
        {
            throw new ArgumentException($"Grain class '{classType.FullName}' must have exactly one public constructor, found {constructors.Length}.", nameof(classType));
        }

        var constructor = constructors[0];
        var binders = constructor.GetParameters().Select(p => BindParameter(classType, p)).ToArray();
        object Factory(GrainRuntime runtime, ActivationData activation)
        {
            var args = new object?[binders.Length];
            for (var i = 0; i < binders.Length; i++)
            {
                args[i] = binders[i](runtime, activation);
            }

            try
            {
                return constructor.Invoke(args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }

        var workers = classType.GetCustomAttribute<StatelessWorkerAttribute>()?.MaxLocalWorkers ?? 0;
        var reentrant = classType.GetCustomAttribute<ReentrantAttribute>() is not null;
        return new GrainClassInfo(classType, reentrant, workers, interfaces, Factory);
    }

    private static Func<GrainRuntime, ActivationData, object?> BindParameter(Type classType, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } state)
        {
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new ArgumentException($"Parameter '{parameter.Name}' of '{classType.Name}' has [PersistentState] but its type is '{type.Name}', not IPersistentState<T>.", nameof(classType));
            }

            var create = typeof(PersistentState<>).MakeGenericType(type.GetGenericArguments()[0])
                .GetMethod(nameof(PersistentState<object>.Create), BindingFlags.Static | BindingFlags.NonPublic)!
                .CreateDelegate<Func<GrainRuntime, ActivationData, string, string?, object>>();
            return (runtime, activation) => create(runtime, activation, state.StateName, state.StorageName);
        }

        if (type == typeof(IGrainFactory))
        {
            return static (runtime, _) => runtime;
        }

        if (type == typeof(TimeProvider))
        {
            return static (runtime, _) => runtime.TimeProvider;
        }

        return (runtime, _) => runtime.Services?.GetService(type)
            ?? throw new InvalidOperationException(
                $"Constructor parameter '{parameter.Name}' of grain class '{classType.Name}' has type '{type.FullName}', which is not registered in the silo's services.");
    }
}
