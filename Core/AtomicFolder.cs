namespace Quant.Orleans.Core;

/// <summary>Writes a folder whole or not at all: the files go into a hidden temporary folder beside it, which is then
/// renamed over the target (an existing target is moved aside first and deleted after). A reader never sees half a
/// model; a failed write leaves the previous folder as it was.</summary>
public static class AtomicFolder
{
    /// <summary>Writes <paramref name="folder"/> through <paramref name="writeFiles"/>.</summary>
    /// <typeparam name="T">What the writer returns.</typeparam>
    /// <param name="folder">The folder to create or replace.</param>
    /// <param name="writeFiles">Writes the files into the temporary folder it is given and returns a result.</param>
    /// <returns>The writer's result.</returns>
    /// <exception cref="ArgumentException">The folder has no parent.</exception>
    public static T Write<T>(string folder, Func<string, T> writeFiles)
    {
        ArgumentNullException.ThrowIfNull(writeFiles);
        var full = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{folder}' has no parent folder.", nameof(folder));
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, "." + Path.GetFileName(full) + ".tmp-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(temp);
        try
        {
            var result = writeFiles(temp);
            if (Directory.Exists(full))
            {
                var old = full + ".old-" + Guid.NewGuid().ToString("N")[..8];
                Directory.Move(full, old);
                Directory.Move(temp, full);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(temp, full);
            }

            return result;
        }
        catch
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }

            throw;
        }
    }
}
