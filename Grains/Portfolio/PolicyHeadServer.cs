using Quant.Orleans.Learning.Models;
using Quant.Orleans.Trading.Sizing;

namespace Quant.Orleans.Grains.Portfolio;

/// <summary>Serves a Beta policy head to the account's sizing (<see cref="IPolicyServer"/>): the serving position
/// (α − β)/(α + β) of <see cref="PolicyHeadInference"/> (tape-free, no allocation per call). Holds its own copy of the
/// weights, so each account gets one and none shares scratch buffers; not thread-safe.</summary>
public sealed class PolicyHeadServer : IPolicyServer
{
    private readonly PolicyHeadInference _inference;

    /// <summary>Copies <paramref name="head"/>'s weights into a serving path.</summary>
    /// <param name="head">The head; it must read <see cref="Core.PolicyState.Width"/> columns.</param>
    /// <exception cref="ArgumentException">The head does not read <see cref="Core.PolicyState.Width"/> columns.</exception>
    /// <exception cref="InvalidOperationException">A weight is not finite (from <see cref="PolicyHeadInference"/>).</exception>
    public PolicyHeadServer(PolicyHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        if (head.Config.Features != Core.PolicyState.Width)
        {
            throw new ArgumentException($"The head reads {head.Config.Features} columns; PolicyState version {Core.PolicyState.Version} writes {Core.PolicyState.Width}.", nameof(head));
        }

        _inference = new PolicyHeadInference(head);
    }

    /// <inheritdoc />
    public double Position(ReadOnlySpan<float> state) => _inference.Position(state);
}
