using System.Runtime.InteropServices;

namespace Quant.Orleans.Trading.Journal;

/// <summary>Makes a folder's entries durable (a new file's name survives a power loss): <c>fsync</c> on the folder,
/// which POSIX requires after creating a file and which .NET has no API for. Windows (NTFS journals its metadata)
/// needs nothing.</summary>
public static class DirectorySync
{
    private const int ReadOnly = 0;

    /// <summary>Flushes <paramref name="directory"/>'s entries to disk (no-op on Windows).</summary>
    /// <param name="directory">An existing folder.</param>
    /// <exception cref="IOException">The folder cannot be opened or synced; the message names it and the errno.</exception>
    public static void Flush(string directory)
    {
        if (!(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()))
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Cannot open folder '{directory}' to flush its entries to disk (errno {Marshal.GetLastPInvokeError()}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of folder '{directory}' failed (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
