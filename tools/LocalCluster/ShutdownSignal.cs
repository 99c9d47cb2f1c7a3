using System.Runtime.InteropServices;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// A token cancelled by Ctrl+C (SIGINT), SIGTERM or SIGHUP, so a tool or script stops its nodes in order.
/// A second Ctrl+C is left to the runtime's default (exit); NodeProcess then kills the nodes on ProcessExit.
/// </summary>
public sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly PosixSignalRegistration[] _registrations;

    /// <summary>Starts listening for the signals.</summary>
    public ShutdownSignal()
    {
        Console.CancelKeyPress += OnCancelKeyPress;
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first Ctrl+C, SIGTERM or SIGHUP.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Stops listening; later signals get the runtime's default handling.</summary>
    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (!_source.IsCancellationRequested)
        {
            e.Cancel = true;
            _source.Cancel();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _source.Cancel();
    }
}
