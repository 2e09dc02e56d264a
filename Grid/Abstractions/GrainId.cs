namespace Quant.Orleans.Grid;

/// <summary>The identity of a grain: its grain type (the implementation class's short name) and its key.
/// Integer keys are held as their invariant decimal text.</summary>
/// <param name="Type">The grain type name, e.g. <c>SymbolGrain</c>.</param>
/// <param name="Key">The primary key, e.g. <c>IBM</c> or <c>42</c>.</param>
public readonly record struct GrainId(string Type, string Key)
{
    /// <summary><c>type/key</c>, e.g. <c>SymbolGrain/IBM</c>.</summary>
    public override string ToString() => $"{Type}/{Key}";
}
