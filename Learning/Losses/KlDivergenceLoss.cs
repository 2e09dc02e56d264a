using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>Distillation loss between soft targets (Hinton et al. 2015): T²·KL(softmax(teacher/T) ‖ softmax(student/T)),
/// averaged over rows, as <c>F.kl_div(log_softmax(s/T), softmax(t/T), reduction='batchmean')·T²</c>. The teacher
/// receives no gradient.</summary>
public static class KlDivergenceLoss
{
    /// <summary>The loss, shape (); logits of shape (n, classes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is not positive.</exception>
    public static Tensor Compute(Tensor studentLogits, Tensor teacherLogits, float temperature = 1f)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(temperature);
        var teacher = Ops.MulScalar(teacherLogits.Detach(), 1f / temperature);
        var p = Ops.Softmax(teacher);
        var logp = Ops.LogSoftmax(teacher);
        var logq = Ops.LogSoftmax(Ops.MulScalar(studentLogits, 1f / temperature));
        var kl = Ops.SumAll(Ops.Mul(p, Ops.Sub(logp, logq)));
        return Ops.MulScalar(kl, temperature * temperature / studentLogits.Shape[0]);
    }
}
