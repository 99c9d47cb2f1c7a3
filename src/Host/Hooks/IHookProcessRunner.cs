namespace DuckDuckGoose.Host.Hooks;

/// <summary>Runs one hook command as a process (the seam that lets tests run hooks without processes).</summary>
public interface IHookProcessRunner
{
    /// <summary>
    /// Runs <paramref name="request"/> to its end and returns its exit code. The process gets the host's
    /// environment without the host's own <c>DUCK_*</c> settings, plus <see cref="HookProcessRequest.Environment"/>;
    /// every line it writes goes to <paramref name="output"/>. When <paramref name="cancellationToken"/> is
    /// cancelled (a timeout, the host stopping), the whole process tree is killed and the call throws
    /// <see cref="OperationCanceledException"/> once the process has exited.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; the process tree was killed.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">The shell could not be started.</exception>
    Task<int> RunAsync(HookProcessRequest request, Action<HookOutputLine> output, CancellationToken cancellationToken);
}
