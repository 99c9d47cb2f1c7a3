using System.Runtime.InteropServices;

namespace DuckDuckGoose.LocalCluster;

/// <summary>Sends a POSIX signal to one process (no process tree): SIGTERM asks a node host to stop in order.</summary>
internal static partial class PosixSignals
{
    private const int SigTerm = 15;

    /// <summary>Sends SIGTERM to <paramref name="processId"/>; false when it is already gone (or the signal was refused).</summary>
    public static bool Terminate(int processId) => Kill(processId, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
