using System.Runtime.InteropServices;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>The few libc calls the lab needs: signals to one process, and who we run as.</summary>
internal static partial class NativeMethods
{
    /// <summary>SIGKILL.</summary>
    public const int SigKill = 9;

    /// <summary>SIGTERM: a node host stops in order.</summary>
    public const int SigTerm = 15;

    /// <summary>SIGCONT (Linux numbering, x86-64 and arm64 alike).</summary>
    public const int SigCont = 18;

    /// <summary>SIGSTOP (Linux numbering): cannot be caught, so the process freezes mid-step.</summary>
    public const int SigStop = 19;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="processId"/>; false when it is gone (or the signal was refused).</summary>
    public static bool Signal(int processId, int signal) => Kill(processId, signal) == 0;

    /// <summary>The effective user id: 0 for root.</summary>
    [LibraryImport("libc", EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
