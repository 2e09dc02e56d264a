namespace Quant.Orleans.Grid.Runtime;

/// <summary>Lifecycle of an activation.</summary>
internal enum ActivationState
{
    /// <summary>In the directory; the grain object is not constructed yet.</summary>
    Created = 0,

    /// <summary>The grain is constructed; its state is being read and <c>OnActivateAsync</c> runs.</summary>
    Activating = 1,

    /// <summary>Serving requests.</summary>
    Valid = 2,

    /// <summary><c>OnDeactivateAsync</c> runs; new requests wait and go to the next activation.</summary>
    Deactivating = 3,

    /// <summary>Gone: removed from the directory; requests that reach it are forwarded.</summary>
    Invalid = 4,
}
