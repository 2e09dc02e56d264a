using System.ComponentModel;
using Quant.Orleans.Grid.Metrics;

namespace Quant.Orleans.Grid.Invocation;

/// <summary>
/// Describes one grain interface method: its names for errors and metrics, and its call statistics. One instance per
/// method, created once by generated code, so recording a call touches no dictionary.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MethodDescriptor
{
    /// <summary>Creates a descriptor; registers it with <see cref="GridMetrics"/>.</summary>
    /// <param name="interfaceType">The grain interface declaring the method.</param>
    /// <param name="methodName">The method's name.</param>
    public MethodDescriptor(Type interfaceType, string methodName)
    {
        ArgumentNullException.ThrowIfNull(interfaceType);
        ArgumentException.ThrowIfNullOrEmpty(methodName);
        InterfaceName = interfaceType.Name;
        MethodName = methodName;
        Stats = new MethodStats(InterfaceName, methodName);
        GridMetrics.Register(Stats);
    }

    /// <summary>The interface's short name, e.g. <c>ISymbolGrain</c>.</summary>
    public string InterfaceName { get; }

    /// <summary>The method's name.</summary>
    public string MethodName { get; }

    /// <summary>Calls, errors, timeouts and latency of this method, over the process lifetime.</summary>
    public MethodStats Stats { get; }

    /// <summary><c>Interface.Method</c>.</summary>
    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
