using System.IO.Compression;
using System.Text;

namespace Quant.Orleans.MarketData.Tests.Support;

/// <summary>Writes Lean-style zip files (one CSV entry) into a temporary folder deleted on dispose.</summary>
public sealed class LeanZipFolder : IDisposable
{
    public LeanZipFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "qo-md-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="lines"/> (joined by '\n', no final newline when <paramref name="finalNewline"/> is false) as entry <paramref name="entryName"/>.</summary>
    public string WriteZip(string relativePath, string entryName, IEnumerable<string> lines, bool finalNewline = true)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using var writer = new StreamWriter(archive.CreateEntry(entryName).Open(), new UTF8Encoding(false));
        var first = true;
        foreach (var line in lines)
        {
            if (!first)
            {
                writer.Write('\n');
            }

            writer.Write(line);
            first = false;
        }

        if (finalNewline)
        {
            writer.Write('\n');
        }

        return path;
    }

    /// <summary>Writes <paramref name="content"/> byte for byte (any bytes: the fuzz tests write invalid UTF-8) as the
    /// single entry <paramref name="entryName"/> of <paramref name="relativePath"/>, replacing an existing file.</summary>
    public string WriteZipBytes(string relativePath, string entryName, ReadOnlySpan<byte> content)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Delete(path);
        using var archive = ZipFile.Open(path, ZipArchiveMode.Create);
        using var stream = archive.CreateEntry(entryName, CompressionLevel.Fastest).Open();
        stream.Write(content);
        return path;
    }

    /// <summary>All lines of the single entry of a real Lean zip.</summary>
    public static List<string> ReadLines(string zipPath)
    {
        using var archive = ZipFile.OpenRead(zipPath);
        using var reader = new StreamReader(archive.Entries[0].Open());
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
