using System.Runtime.InteropServices;

namespace CrmReco.Core.Storage;

/// <summary>
/// Gives the C heap's free memory back to the system. SQLite allocates its page cache with malloc, on whichever
/// thread-pool thread runs the load, and glibc keeps a separate heap ("arena") per thread that keeps its freed
/// memory: after a few large files, the freed caches of earlier files still count in the process's memory while
/// the next file fills a new one. <c>malloc_trim</c> releases the free pages of every arena.
/// </summary>
internal static partial class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Releases the free memory of the C heap (glibc); false where that call does not exist.</summary>
    public static bool Trim()
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            _ = MallocTrim(0);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            _unavailable = true; // musl and others: no malloc_trim
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "malloc_trim")]
    private static partial int MallocTrim(nuint pad);
}
