using System.ComponentModel;

namespace Quant.Orleans.Grid.Invocation;

/// <summary>Adapters used by generated requests to turn a grain method's task into the request's
/// <see cref="ValueTask{TResult}"/> without allocating when the method completed synchronously.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class GrainInvoke
{
    /// <summary>Adapts a <see cref="Task"/>-returning method.</summary>
    public static ValueTask<NoResult> FromTask(Task task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.IsCompletedSuccessfully ? default : AwaitTask(task);
    }

    /// <summary>Adapts a <see cref="ValueTask"/>-returning method.</summary>
    public static ValueTask<NoResult> FromValueTask(ValueTask task)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return default;
        }

        return AwaitValueTask(task);
    }

    /// <summary>Adapts a <see cref="Task{TResult}"/>-returning method.</summary>
    public static ValueTask<T> FromTask<T>(Task<T> task) => new(task);

    private static async ValueTask<NoResult> AwaitTask(Task task)
    {
        await task.ConfigureAwait(false);
        return default;
    }

    private static async ValueTask<NoResult> AwaitValueTask(ValueTask task)
    {
        await task.ConfigureAwait(false);
        return default;
    }
}
