using System.Text;
using Quant.Orleans.Core;
using Microsoft.Extensions.Logging;
using Quant.Orleans.Grains.Interfaces;
using Quant.Orleans.Grains.Interfaces.Rollout;
using Quant.Orleans.Research.Drift;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Trading.Orders;
using Registry_ = Quant.Orleans.Grains.Registry;

namespace Quant.Orleans.Grains.Rollout;

/// <summary>
/// See <see cref="IModelRolloutGrain"/>. The stages are the registry's (<see cref="FileModelRegistry"/>, read through
/// the catalog's registry at most once per <see cref="StudentRolloutOptions.PollInterval"/> and after every change this
/// grain makes); the monitors are in memory and start again when the grain re-activates (a version's observations count
/// from when this activation first saw it in its stage). An evaluation, on the grain's timer or on request, goes once
/// through the rules in stage order:
/// <list type="number">
/// <item>candidate → shadow: the newest candidate that is not monitor-only, when no version is in shadow (a shadow
/// trades nothing);</item>
/// <item>shadow → canary: once its predictions reach <see cref="RolloutSettings.MinObservations"/>, no drift rule
/// fires against its training reference (judged as the canary it would become), and every promotion-gate result in its
/// manifest passed; a rule that fires retires it;</item>
/// <item>canary → live: the full rules (drift, gate failures, reject rate, slippage) keep it, at least
/// <see cref="RolloutSettings.MinOrders"/> orders were sent on its signals, and every promotion-gate result in its
/// manifest passed (a person may have moved a version with failed gates to canary); a rule that fires rolls it
/// back;</item>
/// <item>live: a rule that fires rolls it back, restoring the previous live version.</item>
/// </list>
/// The rules leave a version without a training reference (<see cref="DriftReference.FileName"/>) where it is: they
/// neither promote nor roll it back. A version that cannot be read is recorded as not judged and the others are judged.
/// Every change is made by the registry library, which journals it with the rules' reasons and the actor
/// <see cref="Actor"/>; a refused change is recorded among the decisions with the registry's reason.
/// </summary>
public sealed class ModelRolloutGrain : Grain, IModelRolloutGrain
{
    /// <summary>The actor the journal names for automatic rollout changes.</summary>
    public const string Actor = "rollout";

    private const int DecisionCapacity = 50;

    private readonly StudentRolloutOptions _options;
    private readonly StrategyOptions _strategy;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelRolloutGrain> _logger;
    private readonly Dictionary<string, RolloutVersionMonitor> _monitors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DriftReference?> _references = new(StringComparer.Ordinal);
    private readonly Queue<RolloutDecisionView> _decisions = new();
    private readonly List<ShadowOrder> _shadowOrders = [];
    private readonly Dictionary<string, (int Sent, int Rejected, FillSlippage[] Fills)> _executions = new(StringComparer.Ordinal);
    private FamilyRegistryState? _state;
    private DateTime _stateReadUtc;
    private RolloutAssignment? _assignment;

    /// <summary>Creates the grain.</summary>
    public ModelRolloutGrain(StrategyOptions strategy, TimeProvider time, ILogger<ModelRolloutGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        _strategy = strategy;
        _options = strategy.Rollout ?? throw new InvalidOperationException("The rollout grain needs Strategy:Rollout (StrategyOptions.Rollout) to be set.");
        _time = time;
        _logger = logger;
    }

    private string Family => this.GetPrimaryKeyString();

    private FileModelRegistry Registry => _options.Catalog.Registry;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        FamilyRegistry.CheckFamily(Family);
        if (_options.EvaluateInterval > TimeSpan.Zero)
        {
            this.RegisterGrainTimer(static (grain, _) => grain.Evaluate(), this, _options.EvaluateInterval, _options.EvaluateInterval);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<RolloutAssignment> GetAssignment()
    {
        Refresh(force: false);
        return ValueTask.FromResult(_assignment!);
    }

    /// <inheritdoc />
    public ValueTask Report(RolloutReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Refresh(force: false);
        if (Monitor(report.VersionId) is { } monitor)
        {
            var before = _shadowOrders.Count;
            monitor.Add(report, _shadowOrders);
            if (_shadowOrders.Count > before)
            {
                LogShadowOrders(before);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public Task ReportGate(string versionId, bool passed, string detail)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        Refresh(force: false);
        if (Monitor(versionId) is { } monitor)
        {
            monitor.GatePasses.Add(passed);
            Decide(versionId, passed ? "gate_pass" : "gate_fail", detail, applied: false);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RolloutStatus> Evaluate()
    {
        Refresh(force: true);
        var state = _state!;
        if (!state.Versions.Any(v => v.Stage == RegistryStage.Shadow)
            && state.Versions.Where(v => v.Stage == RegistryStage.Candidate && !v.MonitorOnly).OrderByDescending(v => v.RegisteredUtc).FirstOrDefault() is { } candidate)
        {
            // A shadow trades nothing: any candidate built from production data may run beside the live version.
            Change(candidate.VersionId, "promote_shadow", "the newest candidate built from production data; a shadow trades nothing",
                () => Registry.Promote(Family, candidate.VersionId, RegistryStage.Shadow, "rollout: the newest candidate built from production data runs in shadow", Actor, PromotionMode.Automatic));
        }

        foreach (var stage in new[] { RegistryStage.Shadow, RegistryStage.Canary, RegistryStage.Live })
        {
            foreach (var entry in _state!.Versions.Where(v => v.Stage == stage).ToArray())
            {
                try
                {
                    await Judge(entry);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One version that cannot be read (a damaged file, the registry's lock) never keeps the others from
                    // being judged.
                    _logger.LogError("Rollout {Family}: {Version} could not be judged: {Error}", Family, entry.VersionId, e.Message);
                    Decide(entry.VersionId, "no_decision", $"could not be judged: {e.GetType().Name}: {e.Message}", applied: false);
                }
            }
        }

        return Status();
    }

    /// <inheritdoc />
    public Task<RolloutStatus> GetStatus()
    {
        Refresh(force: false);
        return Task.FromResult(Status());
    }

    private async Task Judge(RegistryEntry entry)
    {
        var monitor = Monitor(entry.VersionId);
        if (monitor is null)
        {
            return;
        }

        var reference = Reference(entry.VersionId);
        if (reference is null)
        {
            Decide(entry.VersionId, "no_decision", $"no {DriftReference.FileName} among its files: drift cannot be judged, so the rules neither promote nor roll it back", applied: false);
            return;
        }

        var (sent, rejected, fills) = entry.Stage == RegistryStage.Shadow ? (0, 0, Array.Empty<FillSlippage>()) : await Executions(entry.VersionId, monitor);
        _executions[entry.VersionId] = (sent, rejected, fills);
        var judgedAs = entry.Stage == RegistryStage.Shadow ? RegistryStage.Canary : entry.Stage;
        var decision = RolloutRules.Evaluate(monitor.Observations(reference, sent, rejected, fills, judgedAs), _options.Rules);
        switch (decision.Action)
        {
            case RolloutAction.Rollback:
                Change(entry.VersionId, "rollback", decision.ToString(), () => Registry.Rollback(Family, entry.VersionId, $"rollout: {decision}", Actor, manual: false));
                break;
            case RolloutAction.Keep when entry.Stage == RegistryStage.Shadow:
                if (FailedGates(entry.VersionId) is { } failedGates)
                {
                    Decide(entry.VersionId, "keep", $"{decision}; {failedGates}, so it stays in shadow", applied: false);
                }
                else if (_state!.Versions.Any(v => v.Stage == RegistryStage.Canary))
                {
                    Decide(entry.VersionId, "keep", $"{decision}; a canary is running, so it stays in shadow", applied: false);
                }
                else
                {
                    Change(entry.VersionId, "promote_canary", decision.ToString(), () => Registry.Promote(Family, entry.VersionId, RegistryStage.Canary, $"rollout: {decision}", Actor, PromotionMode.Automatic));
                }

                break;
            case RolloutAction.Keep when entry.Stage == RegistryStage.Canary && FailedGates(entry.VersionId) is { } failed:
                Decide(entry.VersionId, "keep", $"{decision}; {failed}, so it stays in canary", applied: false);
                break;
            case RolloutAction.Keep when entry.Stage == RegistryStage.Canary && sent < _options.Rules.MinOrders:
                Decide(entry.VersionId, "keep", $"{decision}; {sent} orders sent on its signals < {_options.Rules.MinOrders}: no execution evidence yet, so it stays in canary", applied: false);
                break;
            case RolloutAction.Keep when entry.Stage == RegistryStage.Canary:
                Change(entry.VersionId, "promote_live", decision.ToString(), () => Registry.Promote(Family, entry.VersionId, RegistryStage.Live, $"rollout: {decision}", Actor, PromotionMode.Automatic));
                break;
            default:
                Decide(entry.VersionId, decision.Action == RolloutAction.Keep ? "keep" : "no_decision", decision.ToString(), applied: false);
                break;
        }
    }

    /// <summary>Why a version's manifest does not allow an automatic promotion to a trading stage (no gate results, or
    /// the failed ones), or null when every gate passed.</summary>
    private string? FailedGates(string versionId)
    {
        var gates = Registry.Load(Family, versionId).Manifest.Gates;
        return gates.Length == 0
            ? "its manifest has no promotion-gate results"
            : gates.All(g => g.Passed) ? null : $"a promotion gate failed at registration ({string.Join("; ", gates.Where(g => !g.Passed))})";
    }

    /// <summary>The orders and fills of the account that a version's signals caused (orders whose sizing names the
    /// version), with each fill's decision price: the NBBO mid of the decision the order was sized from, as the symbol
    /// grain reported it (the order is stamped with that NBBO's time). A fill whose decision was not reported (before
    /// this activation, or dropped from the monitor) is left out.</summary>
    private async Task<(int Sent, int Rejected, FillSlippage[] Fills)> Executions(string versionId, RolloutVersionMonitor monitor)
    {
        var account = GrainFactory.GetGrain<IPortfolioGrain>(_options.Account);
        var orders = (await account.GetOrders(workingOnly: false))
            .Where(o => o.Sizing is { } sizing && (sizing.SignalModelVersion == versionId || sizing.SignalModelVersion.StartsWith(versionId + "+", StringComparison.Ordinal)))
            .ToArray();
        if (orders.Length == 0)
        {
            return (0, 0, []);
        }

        var byId = orders.ToDictionary(o => o.Order.ClOrdId);
        var fills = new List<FillSlippage>();
        foreach (var fill in await account.GetFills())
        {
            if (byId.TryGetValue(fill.ClOrdId, out var order) && fill.LastQty.ToDecimal() > 0
                && monitor.TryGetDecisionMid(order.Order.Symbol.Ticker, order.Order.SentTime.Value, out var mid))
            {
                fills.Add(new FillSlippage(fill.Side == Side.Buy ? 1 : -1, (decimal)mid, fill.LastPx.ToDecimal(), fill.LastQty.ToDecimal()));
            }
        }

        return (orders.Length, orders.Count(o => o.Status == OrdStatus.Rejected), [.. fills]);
    }

    private void Change(string versionId, string action, string detail, Func<RegistryChange> change)
    {
        try
        {
            var done = change();
            _logger.LogWarning("Rollout {Family}: {Action} {Version} ({Lines} journal lines): {Detail}", Family, action, versionId, done.Transitions.Length, detail);
            Decide(versionId, action, detail, applied: true);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            Decide(versionId, action, $"refused by the registry: {e.Message}", applied: false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError("Rollout {Family}: {Action} {Version} failed: {Error}", Family, action, versionId, e.Message);
            Decide(versionId, action, $"failed: {e.GetType().Name}: {e.Message}", applied: false);
        }

        Refresh(force: true);
    }

    private void Decide(string versionId, string action, string detail, bool applied)
    {
        if (_decisions.Count == DecisionCapacity)
        {
            _decisions.Dequeue();
        }

        _decisions.Enqueue(new RolloutDecisionView(Now, versionId, action, detail, applied));
    }

    /// <summary>The monitor of a version in shadow, canary or live, created (empty) when the version is first seen in its
    /// current stage; null for a version in any other stage.</summary>
    private RolloutVersionMonitor? Monitor(string versionId)
    {
        var entry = _state!.Versions.FirstOrDefault(v => v.VersionId == versionId);
        if (entry is null || entry.Stage is not (RegistryStage.Shadow or RegistryStage.Canary or RegistryStage.Live))
        {
            return null;
        }

        if (!_monitors.TryGetValue(versionId, out var monitor) || monitor.Stage != entry.Stage)
        {
            monitor = new RolloutVersionMonitor(versionId, entry.Stage, _options.MaxSamples, entry.Stage == RegistryStage.Shadow ? new ShadowBook(_strategy.Portfolio) : null);
            _monitors[versionId] = monitor;
        }

        return monitor;
    }

    private DriftReference? Reference(string versionId)
    {
        if (!_references.TryGetValue(versionId, out var reference))
        {
            try
            {
                reference = _options.Catalog.Reference(Family, versionId);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError("Rollout {Family}: the drift reference of {Version} is unreadable: {Error}", Family, versionId, e.Message);
                reference = null;
            }

            _references[versionId] = reference;
        }

        return reference;
    }

    private void Refresh(bool force)
    {
        var now = Now;
        if (!force && _state is not null && now - _stateReadUtc < _options.PollInterval)
        {
            return;
        }

        _state = Registry.ReadState(Family);
        _stateReadUtc = now;
        var versions = _state.Versions;
        _assignment = new RolloutAssignment(
            Family,
            _state.JournalLength,
            _state.Live?.VersionId,
            Newest(versions, RegistryStage.Canary),
            _options.CanaryShare,
            Newest(versions, RegistryStage.Shadow));
        foreach (var stale in _monitors.Keys.Where(id => versions.FirstOrDefault(v => v.VersionId == id)?.Stage is not (RegistryStage.Shadow or RegistryStage.Canary or RegistryStage.Live)).ToArray())
        {
            _monitors.Remove(stale);
        }
    }

    private static string? Newest(RegistryEntry[] versions, RegistryStage stage) =>
        versions.Where(v => v.Stage == stage).OrderByDescending(v => v.RegisteredUtc).ThenBy(v => v.VersionId, StringComparer.Ordinal).FirstOrDefault()?.VersionId;

    private RolloutStatus Status()
    {
        var versions = _state!.Versions
            .Where(v => v.Stage is RegistryStage.Shadow or RegistryStage.Canary or RegistryStage.Live)
            .OrderBy(v => v.Stage switch { RegistryStage.Shadow => 0, RegistryStage.Canary => 1, _ => 2 })
            .Select(v =>
            {
                var m = _monitors.TryGetValue(v.VersionId, out var found) && found.Stage == v.Stage ? found : null;
                var (sent, rejected, fills) = _executions.TryGetValue(v.VersionId, out var e) ? e : (0, 0, []);
                var quantity = fills.Sum(f => (double)f.Quantity);
                return new RolloutVersionStatus(
                    v.VersionId,
                    Registry_.ModelRegistryGrain.Snake(v.Stage),
                    m?.Predictions ?? 0,
                    m is null ? [] : [.. m.Symbols.Order(StringComparer.Ordinal)],
                    m is null ? [] : [.. m.GatePasses],
                    sent,
                    rejected,
                    fills.Length,
                    quantity > 0 ? fills.Sum(f => (double)f.Quantity * f.Bp) / quantity : double.NaN,
                    m?.Shadow?.Orders ?? 0,
                    m?.Shadow?.ProfitAndLoss ?? 0m,
                    Reference(v.VersionId) is not null);
            })
            .ToArray();
        return new RolloutStatus(_assignment!, versions, [.. _decisions]);
    }

    private void LogShadowOrders(int from)
    {
        if (_options.ShadowLogFolder is not { } folder)
        {
            _shadowOrders.Clear();
            return;
        }

        try
        {
            var path = Path.Combine(folder, Family, "shadow-orders.csv");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = new StringBuilder();
            if (!File.Exists(path))
            {
                text.Append(ShadowOrder.CsvHeader).Append('\n');
            }

            for (var i = from; i < _shadowOrders.Count; i++)
            {
                text.Append(_shadowOrders[i].ToCsv()).Append('\n');
            }

            File.AppendAllText(path, text.ToString());
        }
        catch (IOException e)
        {
            _logger.LogError("Rollout {Family}: shadow orders could not be logged: {Error}", Family, e.Message);
        }
        finally
        {
            _shadowOrders.Clear();
        }
    }
}
