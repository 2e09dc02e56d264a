namespace Quant.Orleans.Grid;

/// <summary>Marker for every grain interface (Orleans: <c>Orleans.IGrain</c>). Grain interfaces are source-generated
/// into typed references: their methods must return <see cref="Task"/>, <see cref="Task{TResult}"/>,
/// <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.</summary>
public interface IGrain
{
}

/// <summary>A grain identified by a string key, such as a symbol (Orleans: <c>IGrainWithStringKey</c>).</summary>
public interface IGrainWithStringKey : IGrain
{
}

/// <summary>A grain identified by a 64-bit integer key (Orleans: <c>IGrainWithIntegerKey</c>).</summary>
public interface IGrainWithIntegerKey : IGrain
{
}
