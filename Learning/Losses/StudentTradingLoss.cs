using Quant.Orleans.Learning.Autograd;
using Quant.Orleans.Learning.Nn;
using Quant.Orleans.Learning.Tensors;

namespace Quant.Orleans.Learning.Losses;

/// <summary>
/// The student's training loss: four terms combined by learned homoscedastic uncertainty weights. For a batch of B
/// consecutive samples (one time-ordered sequence), H forecast horizons, K target bins and Q quantile levels:
/// <list type="number">
/// <item><description><b>L₁, distillation</b> (Hinton, Vinyals and Dean 2015, "Distilling the Knowledge in a Neural
/// Network"): τ²·(1/(B·H))·Σ_{b,h} KL(softmax(teacher[b,h]/τ) ‖ softmax(student[b,h]/τ)), i.e.
/// <see cref="KlDivergenceLoss"/> on the (B·H, K) rows (PyTorch's <c>reduction='batchmean'</c> over B·H rows, times
/// τ²). The teacher's logits are detached: no gradient reaches them.</description></item>
/// <item><description><b>L₂, pinball</b> (Koenker and Bassett 1978; the quantile loss of Chronos-Bolt, Ansari et al.
/// 2024): mean over (B, H, Q) of max(q·(y - ŷ_q), (q - 1)·(y - ŷ_q)), i.e. <see cref="QuantileLoss"/> on (B·H, Q)
/// rows.</description></item>
/// <item><description><b>L₃, trading</b>: net strategy return per step r_t = p_t·R_t - (f + h_t)·|p_t - p_{t-1}| with
/// p_{-1} = 0 (the first sample pays for entering from flat), p the position, R the realised log return, f =
/// <see cref="StudentTradingLossOptions.FeeRate"/>, h the half spread. |x| is exact (its gradient at 0 is 0, as
/// PyTorch's <c>abs</c>). Sortino ratio (Sortino and Price 1994, target return 0) S = mean(r) / √(mean(min(r, 0)²)
/// + ε), all means over the B steps, ε = <see cref="StudentTradingLossOptions.SortinoEpsilon"/>. The term is
/// L₃ = softplus(-S) = log(1 + e^(-S)) (PyTorch's softplus, linear above 20): positive and decreasing in S. S itself
/// can be negative, and for a negative Lᵢ the weighted term e^(-s)·Lᵢ + s has no minimum (it falls without bound as
/// s → -∞), so S is not used directly.</description></item>
/// <item><description><b>L₄, barrier classification</b> (Lin et al. 2017, "Focal Loss for Dense Object Detection",
/// multi-class form without α): mean over B of -(1 - p_y)^γ·log p_y, p = softmax(barrier logits), y the
/// triple-barrier label (López de Prado 2018, AFML §3.4: 0 lower, 1 vertical, 2 upper); see
/// <see cref="MultiClassFocalLoss"/>.</description></item>
/// </list>
/// Total = Σᵢ exp(-sᵢ)·Lᵢ + sᵢ over i = KL, pinball, trading, focal, with the learned log variances sᵢ = log σᵢ²
/// (parameter <c>log_vars</c>, shape (4), initialised 0, so the first total is the plain sum). This is twice the
/// Gaussian-likelihood objective of Kendall, Gal and Cipolla 2018 ("Multi-Task Learning Using Uncertainty to Weigh
/// Losses", eq. 7: Lᵢ/(2σᵢ²) + log σᵢ), applied to all four terms alike (their eq. 10 form for classification
/// terms, Lᵢ/σᵢ² + log σᵢ, is not used). For fixed Lᵢ &gt; 0 each summand is minimised at sᵢ = log Lᵢ, where it equals
/// 1 + log Lᵢ; the total is bounded below because every Lᵢ ≥ 0.
/// </summary>
public sealed class StudentTradingLoss : Module
{
    /// <summary>The state-dict name of the log variances.</summary>
    public const string LogVariancesName = "log_vars";

    /// <summary>The number of weighted terms (KL, pinball, trading, focal).</summary>
    public const int TermCount = 4;

    /// <summary>The number of triple-barrier classes (lower, vertical, upper).</summary>
    public const int BarrierClasses = 3;

    private readonly float _temperature;
    private readonly float _focalGamma;
    private readonly float _feeRate;
    private readonly float _sortinoEpsilon;
    private readonly float[] _levelValues;
    private readonly Tensor _levels;
    private readonly Tensor _zero;
    private readonly Tensor _logVars;

    /// <summary>A loss with log variances 0 (<paramref name="options"/> is validated; its quantile levels are
    /// copied).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="StudentTradingLossOptions.Validate"/>).</exception>
    public StudentTradingLoss(StudentTradingLossOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _temperature = options.Temperature;
        _focalGamma = options.FocalGamma;
        _feeRate = options.FeeRate;
        _sortinoEpsilon = options.SortinoEpsilon;
        _levelValues = (float[])options.Quantiles.Clone();
        _levels = Tensor.FromArray(_levelValues, _levelValues.Length);
        _zero = Tensor.Zeros(1);
        _logVars = Parameter(LogVariancesName, Tensor.Zeros(TermCount));
    }

    /// <summary>The learned log variances s = (s_KL, s_pinball, s_trading, s_focal), shape (4); a parameter (also in
    /// <see cref="Module.Parameters"/>).</summary>
    public Tensor LogVariances => _logVars;

    /// <summary>The quantile levels, in the order of the last axis of the quantile predictions.</summary>
    public IReadOnlyList<float> Quantiles => _levelValues;

    /// <summary>Computes the four terms and the uncertainty-weighted total (see the class summary for each formula).
    /// Gradients flow to <paramref name="studentLogits"/>, <paramref name="quantiles"/>, <paramref name="position"/>,
    /// <paramref name="barrierLogits"/> and <see cref="LogVariances"/> (and to the other data inputs only if they
    /// require grad themselves), never to <paramref name="teacherLogits"/>. The float terms are copied out before
    /// returning. NaN or ±∞ in an input propagates to the total.</summary>
    /// <param name="studentLogits">The student's logits over the K target bins, shape (B, H, K).</param>
    /// <param name="teacherLogits">The teacher's logits, shape (B, H, K); treated as constants.</param>
    /// <param name="quantiles">The student's quantile predictions in scaled target units, shape (B, H, Q), Q =
    /// the number of <see cref="StudentTradingLossOptions.Quantiles"/>.</param>
    /// <param name="targets">The scaled targets (units of <paramref name="quantiles"/>), shape (B, H).</param>
    /// <param name="position">The student's position per sample, shape (B), expected in [-1, 1] (not checked); the
    /// batch is one time-ordered sequence of consecutive samples.</param>
    /// <param name="realisedReturn">The realised future log return over the trading horizon per sample, shape (B).</param>
    /// <param name="halfSpread">The relative half spread per sample (≥ 0), shape (B); changing the position by 1
    /// costs FeeRate + halfSpread.</param>
    /// <param name="barrierLabel">The triple-barrier class per sample as a float (0 lower, 1 vertical, 2 upper),
    /// shape (B).</param>
    /// <param name="barrierLogits">The student's barrier-class logits, shape (B, 3).</param>
    /// <returns>The total (shape (), on the tape) and each term as a float.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">A shape differs from the one implied by <paramref name="studentLogits"/>
    /// (the message names the argument and both shapes), <paramref name="studentLogits"/> is not of rank 3 or has an
    /// empty axis, or a barrier label is not 0, 1 or 2.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A half spread is negative or not finite.</exception>
    public StudentLossTerms Compute(
        Tensor studentLogits,
        Tensor teacherLogits,
        Tensor quantiles,
        Tensor targets,
        Tensor position,
        Tensor realisedReturn,
        Tensor halfSpread,
        Tensor barrierLabel,
        Tensor barrierLogits)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        ArgumentNullException.ThrowIfNull(quantiles);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(position);
        ArgumentNullException.ThrowIfNull(realisedReturn);
        ArgumentNullException.ThrowIfNull(halfSpread);
        ArgumentNullException.ThrowIfNull(barrierLabel);
        ArgumentNullException.ThrowIfNull(barrierLogits);
        if (studentLogits.Rank != 3 || studentLogits.Length == 0)
        {
            throw new ArgumentException($"studentLogits must have shape (B, H, K) with no empty axis; got {ShapeUtil.Format(studentLogits.Shape)}.", nameof(studentLogits));
        }

        var (b, h, k) = (studentLogits.Shape[0], studentLogits.Shape[1], studentLogits.Shape[2]);
        var q = _levelValues.Length;
        RequireShape(teacherLogits, nameof(teacherLogits), studentLogits.Shape, "the shape of studentLogits");
        RequireShape(quantiles, nameof(quantiles), [b, h, q], $"(B, H, Q) with Q = {q} quantile levels");
        RequireShape(targets, nameof(targets), [b, h], "(B, H)");
        RequireShape(position, nameof(position), [b], "(B)");
        RequireShape(realisedReturn, nameof(realisedReturn), [b], "(B)");
        RequireShape(halfSpread, nameof(halfSpread), [b], "(B)");
        RequireShape(barrierLabel, nameof(barrierLabel), [b], "(B)");
        RequireShape(barrierLogits, nameof(barrierLogits), [b, BarrierClasses], "(B, 3)");
        var labels = new int[b];
        for (var i = 0; i < b; i++)
        {
            var label = barrierLabel[i];
            if (label is not (0f or 1f or 2f))
            {
                throw new ArgumentException($"barrierLabel[{i}] = {label}; a triple-barrier label must be 0 (lower), 1 (vertical) or 2 (upper).", nameof(barrierLabel));
            }

            labels[i] = (int)label;
            var spread = halfSpread[i];
            if (!(spread >= 0f) || !float.IsFinite(spread))
            {
                throw new ArgumentOutOfRangeException(nameof(halfSpread), spread, $"halfSpread[{i}] must be finite and >= 0.");
            }
        }

        var kl = KlDivergenceLoss.Compute(Ops.Reshape(studentLogits, b * h, k), Ops.Reshape(teacherLogits.Detach(), b * h, k), _temperature);
        var pinball = QuantileLoss.Compute(Ops.Reshape(quantiles, b * h, q), Ops.Reshape(targets, b * h, 1), _levels);
        var sortino = Sortino(position, realisedReturn, halfSpread);
        var sortinoLoss = Ops.Softplus(Ops.Neg(sortino));
        var focal = MultiClassFocalLoss.Compute(barrierLogits, labels, _focalGamma);

        var terms = Ops.Concat(
            Ops.Concat(Ops.Reshape(kl, 1), Ops.Reshape(pinball, 1), 0),
            Ops.Concat(Ops.Reshape(sortinoLoss, 1), Ops.Reshape(focal, 1), 0),
            0);
        var total = Ops.SumAll(Ops.Add(Ops.Mul(Ops.Exp(Ops.Neg(_logVars)), terms), _logVars));
        return new StudentLossTerms(
            total,
            kl.ToScalar(),
            pinball.ToScalar(),
            sortinoLoss.ToScalar(),
            sortino.ToScalar(),
            focal.ToScalar(),
            _logVars.ToArray());
    }

    /// <summary>S = mean(r) / √(mean(min(r, 0)²) + ε), r_t = p_t·R_t - (f + h_t)·|p_t - p_{t-1}|, p_{-1} = 0; shape ().</summary>
    private Tensor Sortino(Tensor position, Tensor realisedReturn, Tensor halfSpread)
    {
        var b = position.Shape[0];
        var previous = b == 1 ? _zero : Ops.Concat(_zero, Ops.Slice(position, 0, 0, b - 1), 0);
        var turnover = Ops.Abs(Ops.Sub(position, previous));
        var cost = Ops.Mul(Ops.AddScalar(halfSpread, _feeRate), turnover);
        var r = Ops.Sub(Ops.Mul(position, realisedReturn), cost);
        var downside = Ops.Sqrt(Ops.AddScalar(Ops.MeanAll(Ops.Square(Ops.Relu(Ops.Neg(r)))), _sortinoEpsilon));
        return Ops.Div(Ops.MeanAll(r), downside);
    }

    private static void RequireShape(Tensor tensor, string name, ReadOnlySpan<int> expected, string rule)
    {
        if (!tensor.Shape.AsSpan().SequenceEqual(expected))
        {
            throw new ArgumentException($"{name} has shape {ShapeUtil.Format(tensor.Shape)}; expected {ShapeUtil.Format(expected)} ({rule}).", name);
        }
    }
}
