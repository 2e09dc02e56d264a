using System.Collections.Concurrent;

namespace Quant.Orleans.Grid.Tests.Grains;

/// <summary>Process-wide observations made by test grains, keyed by grain key so parallel tests do not mix.</summary>
public static class TestProbe
{
    public static ConcurrentDictionary<string, int> Constructions { get; } = new();

    public static ConcurrentDictionary<string, ConcurrentQueue<string>> Events { get; } = new();

    public static ConcurrentDictionary<string, TaskCompletionSource> Gates { get; } = new();

    public static void Record(string key, string evt) => Events.GetOrAdd(key, _ => new()).Enqueue(evt);

    public static string[] EventsOf(string key) => Events.TryGetValue(key, out var q) ? q.ToArray() : [];

    public static TaskCompletionSource Gate(string name) => Gates.GetOrAdd(name, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
