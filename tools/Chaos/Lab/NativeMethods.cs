using System.Runtime.InteropServices;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>The few libc calls the lab needs: signals to one process, who we run as, and joining a network namespace.</summary>
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

    /// <summary>CLONE_NEWNET: the namespace type <see cref="SetNamespace"/> joins.</summary>
    public const int NewNetworkNamespace = 0x40000000;

    /// <summary>
    /// Moves the calling thread (only it) into the namespace of the open file <paramref name="fd"/> of type
    /// <paramref name="type"/>; 0 on success, -1 with errno set otherwise.
    /// </summary>
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNamespace(int fd, int type);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
