using Quant.Orleans.Core;
using Quant.Orleans.Engine.Records;
using Quant.Orleans.Research.Registry;
using Quant.Orleans.Research.Runs;
using Quant.Orleans.Silo.Training;

namespace Quant.Orleans.Silo.Tests.Training;

/// <summary>The day records a manifest cites are checked against what the training read.</summary>
public sealed class TrainingDataTests
{
    private static readonly string Hash = new('a', 64);

    private static DayRecordEntry Record(params string[] sources) => new(
        new DateOnly(2013, 10, 7), new Symbol("IBM"), "/state/records/2013-10-07/IBM.records.csv", new string('b', 64), 10, DataRegime.ProdLive, "serve", default, sources);

    [Fact]
    public void ARecordWhoseLineageNamesOnlyTrainedFilesIsCitedUnderItsRecordsName()
    {
        var trained = new[] { new RecordHash("equity/usa/tick/ibm/20131007_quote.zip", Hash), new RecordHash("equity/usa/tick/ibm/20131007_trade.zip", Hash) };
        var cited = Assert.Single(TrainingData.RecordHashes([Record("equity/usa/tick/ibm/20131007_quote.zip", "equity/usa/tick/ibm/20131007_trade.zip")], trained));
        Assert.Equal(new RecordHash("records/2013-10-07/IBM.records.csv", new string('b', 64)), cited);
    }

    [Fact]
    public void ARecordNamingAFileTheTrainingDidNotReadIsRefusedNamingBoth()
    {
        var trained = new[] { new RecordHash("equity/usa/tick/ibm/20131007_quote.zip", Hash) };
        var e = Assert.Throws<InvalidDataException>(() => TrainingData.RecordHashes([Record("equity/usa/tick/ibm/20131007_quote.zip", "equity/usa/tick/ibm/20131007_trade.zip")], trained));
        Assert.Contains("'/state/records/2013-10-07/IBM.records.csv'", e.Message, StringComparison.Ordinal);
        Assert.Contains("'equity/usa/tick/ibm/20131007_trade.zip'", e.Message, StringComparison.Ordinal);
    }
}
