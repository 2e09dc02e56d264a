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
/// See <see cref="IModelRolloutGrain"/>. The stages are the registry's (<see cref="IModelRegistry"/>, read through
/// the catalog's registry at most once per <see cref="StudentRolloutOptions.PollInterval"/> and after every change this
/// grain makes). The nightly gate outcomes reported for each version are persisted (<see cref="RolloutGateState"/>,
/// written after every report); the other monitored data (predictions, features, the shadow book) are in memory and
/// start again when the grain re-activates (a version's observations count from when this activation first saw it in
/// its stage). An evaluation, on the grain's timer or on request, goes once through the rules in stage order:
/// <list type="number">
/// <item>a shadow held by failed registration gates is retired when a newer candidate built from production data passed
/// every gate (it takes the shadow's place in the next rule);</item>
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
    private readonly Dictionary<string, string?> _gateFailures = new(StringComparer.Ordinal);
    private readonly Queue<RolloutDecisionView> _decisions = new();
    private readonly List<ShadowOrder> _shadowOrders = [];
    private readonly Dictionary<string, (int Sent, int Rejected, FillSlippage[] Fills)> _executions = new(StringComparer.Ordinal);
    private readonly IPersistentState<RolloutGateState> _gates;
    private FamilyRegistryState? _state;
    private DateTime _stateReadUtc;
    private RolloutAssignment? _assignment;

    /// <summary>Creates the grain.</summary>
    public ModelRolloutGrain(
        StrategyOptions strategy,
        TimeProvider time,
        ILogger<ModelRolloutGrain> logger,
        [PersistentState("rollout", GridStorage.Name)] IPersistentState<RolloutGateState> gates)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        _strategy = strategy;
        _gates = gates;
        _options = strategy.Rollout ?? throw new InvalidOperationException("The rollout grain needs Strategy:Rollout (StrategyOptions.Rollout) to be set.");
        _time = time;
        _logger = logger;
    }

    private string Family => this.GetPrimaryKeyString();

    private IModelRegistry Registry => _options.Catalog.Registry;

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
    public async ValueTask<RolloutAssignment> GetAssignment()
    {
        await RefreshAsync(force: false);
        return _assignment!;
    }

    /// <inheritdoc />
    public async ValueTask Report(RolloutReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        await RefreshAsync(force: false);
        if (Monitor(report.VersionId) is { } monitor)
        {
            var before = _shadowOrders.Count;
            monitor.Add(report, _shadowOrders);
            if (_shadowOrders.Count > before)
            {
                LogShadowOrders(before);
            }
        }
    }

    /// <inheritdoc />
    public async Task ReportGate(string versionId, bool passed, string detail, DateOnly evidenceDay)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(versionId);
        await RefreshAsync(force: false);
        if (Monitor(versionId) is { } monitor)
        {
            monitor.AddGate(evidenceDay, passed);
            Decide(versionId, passed ? "gate_pass" : "gate_fail", detail, applied: false);

            // Written at once: a failed night must count after a restart (consecutive_gate_failures). Histories of
            // versions that left their stage were dropped at the last refresh; the others are kept, monitored in this
            // activation or not.
            _gates.State.Versions[versionId] = new RolloutGateHistory(monitor.Stage.ToString(), [.. monitor.GatePasses], [.. monitor.GateDays]);
            await _gates.WriteStateAsync();
        }
    }

    /// <inheritdoc />
    public async Task<RolloutStatus> Evaluate()
    {
        await RefreshAsync(force: true);
        var successor = await SupersedeHeldShadowAsync();
        var state = _state!;
        if (!state.Versions.Any(v => v.Stage == RegistryStage.Shadow)
            && (state.Versions.FirstOrDefault(v => v.VersionId == successor && v.Stage == RegistryStage.Candidate)
                ?? state.Versions.Where(v => v.Stage == RegistryStage.Candidate && !v.MonitorOnly).OrderByDescending(v => v.RegisteredUtc).FirstOrDefault()) is { } candidate)
        {
            // A shadow trades nothing: any candidate built from production data may run beside the live version.
            await ChangeAsync(candidate.VersionId, "promote_shadow", "the newest candidate built from production data; a shadow trades nothing",
                () => Registry.PromoteAsync(Family, candidate.VersionId, RegistryStage.Shadow, "rollout: the newest candidate built from production data runs in shadow", Actor, PromotionMode.Automatic));
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

        return await StatusAsync();
    }

    /// <summary>A shadow that its failed registration gates hold can never be promoted by the rules; each night brings a
    /// version whose gates read more evidence. When a candidate built from production data is newer than the shadow and
    /// every one of its gates passed, the held shadow is retired (journaled with both ids) so that the candidate can run
    /// in shadow in its place (it, not a newer candidate whose gates failed, is returned and shadowed next).</summary>
    /// <returns>The candidate that superseded the shadow, or null.</returns>
    private async Task<string?> SupersedeHeldShadowAsync()
    {
        var shadow = _state!.Versions.Where(v => v.Stage == RegistryStage.Shadow).OrderByDescending(v => v.RegisteredUtc).FirstOrDefault();
        if (shadow is null)
        {
            return null;
        }

        foreach (var candidate in _state.Versions.Where(v => v.Stage == RegistryStage.Candidate && !v.MonitorOnly && v.RegisteredUtc > shadow.RegisteredUtc).OrderByDescending(v => v.RegisteredUtc))
        {
            try
            {
                if (await FailedGatesAsync(candidate.VersionId) is not null)
                {
                    continue;
                }

                if (await FailedGatesAsync(shadow.VersionId) is not { } held)
                {
                    return null;
                }

                var reason = $"rollout: superseded by {candidate.VersionId}, a newer candidate whose promotion gates all passed; this shadow's did not ({held})";
                await ChangeAsync(shadow.VersionId, "retire_superseded", reason, () => Registry.RetireAsync(Family, shadow.VersionId, reason, Actor, manual: false));
                return candidate.VersionId;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError("Rollout {Family}: could not compare shadow {Shadow} with candidate {Candidate}: {Error}", Family, shadow.VersionId, candidate.VersionId, e.Message);
                Decide(shadow.VersionId, "no_decision", $"could not be compared with candidate {candidate.VersionId}: {e.GetType().Name}: {e.Message}", applied: false);
                return null;
            }
        }

        return null;
    }

    /// <inheritdoc />
    public async Task<RolloutStatus> GetStatus()
    {
        await RefreshAsync(force: false);
        return await StatusAsync();
    }

    private async Task Judge(RegistryEntry entry)
    {
        var monitor = Monitor(entry.VersionId);
        if (monitor is null)
        {
            return;
        }

        var reference = await ReferenceAsync(entry.VersionId);
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
                await ChangeAsync(entry.VersionId, "rollback", decision.ToString(), () => Registry.RollbackAsync(Family, entry.VersionId, $"rollout: {decision}", Actor, manual: false));
                break;
            case RolloutAction.Keep when entry.Stage == RegistryStage.Shadow:
                if (await FailedGatesAsync(entry.VersionId) is { } failedGates)
                {
                    Decide(entry.VersionId, "keep", $"{decision}; {failedGates}, so it stays in shadow", applied: false);
                }
                else if (_state!.Versions.Any(v => v.Stage == RegistryStage.Canary))
                {
                    Decide(entry.VersionId, "keep", $"{decision}; a canary is running, so it stays in shadow", applied: false);
                }
                else
                {
                    await ChangeAsync(entry.VersionId, "promote_canary", decision.ToString(), () => Registry.PromoteAsync(Family, entry.VersionId, RegistryStage.Canary, $"rollout: {decision}", Actor, PromotionMode.Automatic));
                }

                break;
            case RolloutAction.Keep when entry.Stage == RegistryStage.Canary:
                if (await FailedGatesAsync(entry.VersionId) is { } failed)
                {
                    Decide(entry.VersionId, "keep", $"{decision}; {failed}, so it stays in canary", applied: false);
                }
                else if (sent < _options.Rules.MinOrders)
                {
                    Decide(entry.VersionId, "keep", $"{decision}; {sent} orders sent on its signals < {_options.Rules.MinOrders}: no execution evidence yet, so it stays in canary", applied: false);
                }
                else
                {
                    await ChangeAsync(entry.VersionId, "promote_live", decision.ToString(), () => Registry.PromoteAsync(Family, entry.VersionId, RegistryStage.Live, $"rollout: {decision}", Actor, PromotionMode.Automatic));
                }

                break;
            default:
                Decide(entry.VersionId, decision.Action == RolloutAction.Keep ? "keep" : "no_decision", decision.ToString(), applied: false);
                break;
        }
    }

    /// <summary>Why a version's manifest does not allow an automatic promotion to a trading stage (no gate results, or
    /// the failed ones), or null when every gate passed.</summary>
    /// <remarks>Read once per version and activation: a version's manifest is content-addressed and never changes.</remarks>
    private async Task<string?> FailedGatesAsync(string versionId)
    {
        if (_gateFailures.TryGetValue(versionId, out var known))
        {
            return known;
        }

        var gates = (await Registry.LoadManifestAsync(Family, versionId)).Gates;
        var failed = gates.Length == 0
            ? "its manifest has no promotion-gate results"
            : gates.All(g => g.Passed) ? null : $"a promotion gate failed at registration ({string.Join("; ", gates.Where(g => !g.Passed))})";
        _gateFailures[versionId] = failed;
        return failed;
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

    private async Task ChangeAsync(string versionId, string action, string detail, Func<Task<RegistryChange>> change)
    {
        try
        {
            var done = await change();
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

        await RefreshAsync(force: true);
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
            monitor = new RolloutVersionMonitor(versionId, entry.Stage, _options.MaxSamples, entry.Stage == RegistryStage.Shadow ? new ShadowBook(_strategy.Portfolio, _strategy.Venue.Fees) : null);
            if (_gates.State.Versions.TryGetValue(versionId, out var history) && history.Stage == entry.Stage.ToString())
            {
                for (var i = 0; i < history.Passes.Length; i++)
                {
                    monitor.AddGate(history.Days[i], history.Passes[i]);
                }
            }

            _monitors[versionId] = monitor;
        }

        return monitor;
    }

    private async Task<DriftReference?> ReferenceAsync(string versionId)
    {
        if (!_references.TryGetValue(versionId, out var reference))
        {
            try
            {
                reference = await _options.Catalog.ReferenceAsync(Family, versionId);
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

    private async Task RefreshAsync(bool force)
    {
        var now = Now;
        if (!force && _state is not null && now - _stateReadUtc < _options.PollInterval)
        {
            return;
        }

        _state = await Registry.ReadStateAsync(Family);
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

        // A saved gate history belongs to a version's stint in one stage: once the version is seen in another stage it
        // is dropped, so a version that comes back to the stage later (a rollback restoring it) starts a new history.
        var left = _gates.State.Versions.Where(h => versions.FirstOrDefault(v => v.VersionId == h.Key)?.Stage.ToString() != h.Value.Stage).Select(h => h.Key).ToArray();
        if (left.Length > 0)
        {
            foreach (var id in left)
            {
                _gates.State.Versions.Remove(id);
            }

            await _gates.WriteStateAsync();
        }
    }

    private static string? Newest(RegistryEntry[] versions, RegistryStage stage) =>
        versions.Where(v => v.Stage == stage).OrderByDescending(v => v.RegisteredUtc).ThenBy(v => v.VersionId, StringComparer.Ordinal).FirstOrDefault()?.VersionId;

    private async Task<RolloutStatus> StatusAsync()
    {
        var shown = _state!.Versions
            .Where(v => v.Stage is RegistryStage.Shadow or RegistryStage.Canary or RegistryStage.Live)
            .OrderBy(v => v.Stage switch { RegistryStage.Shadow => 0, RegistryStage.Canary => 1, _ => 2 })
            .ToArray();
        var hasReference = new bool[shown.Length];
        for (var i = 0; i < shown.Length; i++)
        {
            hasReference[i] = await ReferenceAsync(shown[i].VersionId) is not null;
        }

        var versions = shown
            .Select((v, i) =>
            {
                var m = Monitor(v.VersionId); // created here after a re-activation, with its persisted gate outcomes
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
                    hasReference[i]);
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
