namespace Quant.Orleans.Trading.Sizing;

/// <summary>
/// A served sizing policy: the serving position of a policy head for one state row. Trading does not reference the
/// learning library; the silo adapts Learning's <c>PolicyHeadInference</c> (the Beta head's mean position
/// (α − β)/(α + β)) to this interface. One instance per account (<see cref="PolicySizing.CreateServer"/>); an instance
/// need not be thread-safe.
/// </summary>
public interface IPolicyServer
{
    /// <summary>The serving position p ∈ [−1, 1] for one state row: a signed fraction of the per-symbol risk budget
    /// (−1 all of it short, 0 flat, +1 all of it long).</summary>
    /// <param name="state">One state row of <see cref="Core.PolicyState.Width"/> floats, written by
    /// <see cref="Core.PolicyState.Write"/>.</param>
    /// <returns>p, in [−1, 1].</returns>
    double Position(ReadOnlySpan<float> state);
}
