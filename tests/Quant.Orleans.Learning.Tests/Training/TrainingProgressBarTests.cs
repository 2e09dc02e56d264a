using Quant.Orleans.Learning.Training;

namespace Quant.Orleans.Learning.Tests.Training;

public sealed class TrainingProgressBarTests
{
    private static TrainingProgress At(int epochStep, bool epochEnd = false, double? validation = null) =>
        new(2, 5, 20 + epochStep, 100, epochStep, 20, 0.4213, new Dictionary<string, double> { ["ce"] = 0.31, ["mse"] = 0.1113 }, 9.1e-4, 12345.6, validation, epochEnd);

    [Fact]
    public void FormatsEpochBarStepLossComponentsRateAndValidation()
    {
        var line = TrainingProgressBar.Format(At(10, validation: 0.441), 10);
        Assert.Equal("epoch 2/5 [#####.....]  50% step 30/100 loss 0.4213 (ce 0.3100, mse 0.1113) lr 9.1e-04 val 0.4410 12,346 samples/s", line);
    }

    [Fact]
    public void RedirectedOutputGetsPlainLinesEveryTenthOfAnEpochAndAtItsEnd()
    {
        var writer = new StringWriter();
        var bar = new TrainingProgressBar(writer, interactive: false);
        for (var s = 1; s <= 20; s++)
        {
            bar.Report(At(s));
        }

        bar.Report(At(20, epochEnd: true, validation: 0.5));
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(11, lines.Length);
        Assert.DoesNotContain('\r', writer.ToString());
        Assert.Contains("val 0.5000", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void InteractiveOutputRedrawsOneLineAndEndsItAtTheEpochEnd()
    {
        var writer = new StringWriter();
        var bar = new TrainingProgressBar(writer, interactive: true, redrawInterval: TimeSpan.Zero);
        bar.Report(At(1));
        bar.Report(At(2));
        bar.Report(At(20, epochEnd: true, validation: 0.5));
        var text = writer.ToString();
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
    }
}
