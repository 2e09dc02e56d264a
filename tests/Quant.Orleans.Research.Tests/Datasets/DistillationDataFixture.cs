using System.IO.Compression;
using Quant.Orleans.Research.Datasets;
using Quant.Orleans.Testing;

namespace Quant.Orleans.Research.Tests.Datasets;

/// <summary>The real Lean tick data (<c>../shared/data/lean</c>) and one day built once for the tests that read it.</summary>
internal static class DistillationDataFixture
{
    public const string Symbol = "ibm";

    public static readonly DateOnly Day = new(2013, 10, 7);

    private static readonly Lazy<DistillationDay> LazyDay = new(() => DistillationDatasetBuilder.Build(LeanRoot(), Symbol, Day));

    /// <summary>The Lean data folder; skips the test when the real data is absent.</summary>
    public static string LeanRoot()
    {
        TestData.Require(Path.Combine("lean", "equity", "usa", "tick", Symbol, "20131007_quote.zip"));
        return Path.Combine(TestData.Root!, "lean");
    }

    /// <summary>IBM 2013-10-07 with the default options (built once).</summary>
    public static DistillationDay IbmDay()
    {
        LeanRoot();
        return LazyDay.Value;
    }

    /// <summary>The lines of the CSV entry of a Lean zip and the entry's name.</summary>
    public static (string Entry, string[] Lines) ReadLines(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        var entry = archive.Entries.Single(e => !e.FullName.EndsWith('/'));
        using var reader = new StreamReader(entry.Open());
        var text = reader.ReadToEnd();
        var lines = text.Split('\n');
        if (lines.Length > 0 && lines[^1].Length == 0)
        {
            lines = lines[..^1];
        }

        return (entry.FullName, lines);
    }

    /// <summary>Writes a Lean-style zip holding one CSV entry.</summary>
    public static void WriteZip(string zipPath, string entryName, IEnumerable<string> lines)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(zipPath)!);
        File.Delete(zipPath);
        using var archive = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        using var writer = new StreamWriter(archive.CreateEntry(entryName).Open());
        foreach (var line in lines)
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }
}
