namespace Quant.Orleans.Research.Trials;

/// <summary>What produced a trial record; serialized and stored snake_case (<c>backtest</c>, <c>walk_forward_window</c>,
/// <c>walk_forward</c>, <c>strategy_profile</c>, <c>hyperparameter</c>).</summary>
public enum TrialKind
{
    /// <summary>A backtest over a range (e.g. the <c>replay</c> command).</summary>
    Backtest,

    /// <summary>One walk-forward window (its out-of-sample day or days).</summary>
    WalkForwardWindow,

    /// <summary>A walk-forward evaluation: its windows' out-of-sample days chained.</summary>
    WalkForward,

    /// <summary>A strategy profile evaluated to be compared with others.</summary>
    StrategyProfile,

    /// <summary>One trial of a hyperparameter search.</summary>
    Hyperparameter,
}
