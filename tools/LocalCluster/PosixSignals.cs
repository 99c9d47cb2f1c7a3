using System.Runtime.InteropServices;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// Sends a POSIX signal to one process (no process tree): SIGTERM asks a node host to stop in order; SIGSTOP
/// freezes it at once.
/// </summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    // Linux numbering (x86-64 and arm64 alike).
    private const int SigStop = 19;

    /// <summary>Sends SIGTERM to <paramref name="processId"/>; false when it is already gone (or the signal was refused).</summary>
    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    /// <summary>Sends SIGSTOP to <paramref name="processId"/>: it cannot be caught, so the process stops mid-step; false when it is gone.</summary>
    public static bool Stop(int processId) => Kill(processId, SigStop) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
