namespace Quant.Orleans.Learning.Models;

/// <summary>The checks shared by <see cref="ChronosTeacherConfig"/> and <see cref="ChronosStudentConfig"/>; each
/// message names the setting, its value and the rule.</summary>
internal static class ChronosConfigChecks
{
    public static void Positive(int value, string name)
    {
        if (value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive; got {value}.");
        }
    }

    public static void AtLeast(int value, int minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}; got {value}.");
        }
    }

    public static void HeadsDivideModel(int model, int heads)
    {
        if (model % heads != 0)
        {
            throw new ArgumentOutOfRangeException("Model", model, $"Model width {model} must be a multiple of Heads ({heads}).");
        }
    }

    public static void Dropout(float dropout)
    {
        if (!(dropout >= 0f && dropout < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Dropout), dropout, $"Dropout must lie in [0, 1); got {dropout}.");
        }
    }

    /// <summary>x must be (batch, steps, features) with the configured steps and features.</summary>
    public static void Input(Tensors.Tensor x, int steps, int features, string name)
    {
        ArgumentNullException.ThrowIfNull(x, name);
        if (x.Rank != 3 || x.Shape[1] != steps || x.Shape[2] != features || x.Shape[0] == 0)
        {
            throw new ArgumentException($"Input must have shape (batch, {steps}, {features}) with batch > 0; got {Tensors.ShapeUtil.Format(x.Shape)}.", name);
        }
    }
}
