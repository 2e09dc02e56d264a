using System.Security.Cryptography;
using System.Text;
using Quant.Orleans.Core;
using Quant.Orleans.Trading.Accounts;
using Quant.Orleans.Trading.Journal;
using Quant.Orleans.Trading.Orders;
using Quant.Orleans.Trading.Portfolio;
using Quant.Orleans.Trading.Risk;

namespace Quant.Orleans.Trading.Tests.Accounts.GrainParity;

/// <summary>
/// The account engine writes, byte for byte, the journal <c>PortfolioGrain</c> wrote before its logic moved here, and
/// gives the same answers: the SHA-256 of the journal's payloads (one per line) and of the scenario's log of answers
/// were recorded from the grains of commit 01ab602 (README.md beside this file says how). A changed hash means the
/// order log of a replay changed. Equity points (<see cref="EquityRecorded"/>), journaled since the port so that a
/// recovered account has its whole equity curve, are left out of the comparison.
/// </summary>
public sealed class GrainParityTests
{
    [Theory]
    [InlineData(1UL, 888, "4e477168f38b740d44ca706f2d4aacf9cb4666409e2595f2db0db272a91d7ae1", "e9e2c28a1da3472686a16db1acd3eb1d0446556c8948685c7a71710676ba02c8")]
    [InlineData(2UL, 1205, "6d08433bee0be66d9198f431a0153a84d59c65b3ca81d2360166484bfa607f5e", "4eaf8eeca28a38654a82802a46d7a462a8f27bb060835f0013fd4813e9855280")]
    [InlineData(3UL, 1093, "dcda01292b76b7c7746cdd4092e215138f0ad698fa1801dfaeb0cf8ac5d9c9d3", "cb84582ffcf62b3dd217365678b63c648b983cdae0658a9d8395b58bba99e555")]
    public async Task TheEngineWritesTheGrainsJournalAndGivesItsAnswers(ulong seed, int entries, string journalSha256, string answersSha256)
    {
        using var rig = new AccountRig(journal: true);
        rig.Events.IsListening = false;
        await rig.Engine.RecoverAsync();
        var answers = await GrainParityScenario.Run(new EngineAccount(rig), seed, steps: 900, restartAt: 500);
        rig.Engine.Dispose();

        var journal = new StringBuilder();
        FileJournal.Read(rig.JournalDirectory!, AccountEngine.JournalName(AccountRig.Account), r =>
        {
            var payload = Encoding.UTF8.GetString(r.Payload.Span);
            if (!payload.StartsWith("{\"kind\":\"equity\"", StringComparison.Ordinal))
            {
                journal.Append(payload).Append('\n');
            }
        });
        Assert.Equal(entries, journal.ToString().Count(c => c == '\n'));
        Assert.Equal(journalSha256, Sha256(journal.ToString()));
        Assert.Equal(answersSha256, Sha256(answers));
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The scenario's operations on an engine and a simulated venue, as the grains did them.</summary>
    private sealed class EngineAccount(AccountRig rig) : IParityAccount
    {
        private AccountEngine Engine => rig.Engine;

        public Task Quote(Quote quote) => rig.Quote(quote);

        public async Task<ExecutionReport[]> Forecasts((Symbol Symbol, UnixNanos Time, Quote Nbbo, double Mu, double Sigma)[] f) =>
            await Engine.OnForecastsAsync(f.Select(x => new AccountForecast(x.Symbol, x.Time, x.Nbbo, x.Mu, x.Sigma)).ToArray());

        public async Task<OrderCommandResult[]> NewOrders(NewOrderCommand[] c) => await Engine.NewOrdersAsync(c);

        public async Task<OrderCommandResult> Cancel(string id) => await Engine.CancelOrderAsync(id);

        public async Task<OrderCommandResult> Replace(string id, ReplaceCommand c) => await Engine.ReplaceOrderAsync(id, c);

        public async Task<RiskSnapshot> Kill(string reason) => (await Engine.KillAsync(reason)).Risk;

        public async Task<RiskSnapshot> Resume(RiskState s, string reason) => await Engine.ResumeAsync(s, reason);

        public async Task EndOfDay(UnixNanos t)
        {
            rig.Host.EndOfDay(t);
            await Engine.EndOfDayAsync(t);
        }

        public Task Checkpoint(ReplayCheckpoint c)
        {
            Engine.RecordReplayProgress(c);
            return Task.CompletedTask;
        }

        public async Task Sync() => await Engine.SyncWithVenueAsync();

        public Task VenueQuote(Quote quote)
        {
            rig.Host.OnQuotes(quote);
            return Task.CompletedTask;
        }

        public Task<OrderRecord[]> Orders(bool workingOnly) => Task.FromResult(Engine.GetOrders(workingOnly));

        public async Task Restart()
        {
            rig.Host.Restart();
            await rig.Restart();
        }

        public Task<PortfolioSnapshot> Snapshot() => Task.FromResult(Engine.Snapshot());

        public Task<Fill[]> Fills() => Task.FromResult(Engine.GetFills());

        public Task<RiskSnapshot> Risk() => Task.FromResult(Engine.RiskView());

        public Task<ReplayCheckpoint?> Progress() => Task.FromResult(Engine.ReplayProgress);
    }
}
