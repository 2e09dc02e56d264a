namespace Quant.Orleans.Learning.Optim;

/// <summary>Learning-rate schedules as pure functions of the step (0-based).</summary>
public static class LearningRateSchedule
{
    /// <summary>Linear warm-up from 0 to <paramref name="peak"/> over <paramref name="warmupSteps"/> steps
    /// (lr = peak·(step+1)/warmup), then cosine decay to <paramref name="minimum"/> at <paramref name="totalSteps"/>
    /// (Loshchilov and Hutter 2017, without restarts); <paramref name="minimum"/> after the end.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Steps are negative or warm-up exceeds the total.</exception>
    public static float WarmupCosine(int step, float peak, int warmupSteps, int totalSteps, float minimum = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(warmupSteps, totalSteps);
        if (step < warmupSteps)
        {
            return peak * (step + 1) / warmupSteps;
        }

        if (step >= totalSteps)
        {
            return minimum;
        }

        var progress = (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps);
        return (float)(minimum + (0.5 * (peak - minimum) * (1.0 + Math.Cos(Math.PI * progress))));
    }
}
