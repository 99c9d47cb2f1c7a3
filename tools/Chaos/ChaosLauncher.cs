using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using DuckDuckGoose.Chaos.Lab;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Chaos;

/// <summary>
/// The outer process, in the machine's own namespace: checks the machine (or skips), removes leftovers of
/// a crashed run, builds the lab, runs the controller (<see cref="ChaosController"/>) inside the bridge
/// namespace with <c>ip netns exec</c>, and removes the lab again however the controller ends: normally,
/// with a failure, or on SIGINT, SIGTERM or SIGHUP (passed on to the controller as SIGTERM, so it can
/// report and stop its nodes first). It guards the cleanup and nothing else.
/// </summary>
public static class ChaosLauncher
{
    private static readonly TimeSpan ControllerGrace = TimeSpan.FromSeconds(20);

    /// <summary>Runs the suite as described by <paramref name="options"/>; returns the exit code.</summary>
    public static async Task<int> RunAsync(ChaosOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (await Preflight.SkipReasonAsync(CancellationToken.None).ConfigureAwait(false) is { } reason)
        {
            Console.WriteLine($"SKIP: {reason}");
            return ChaosOptions.SkipExitCode;
        }

        try
        {
            HostLocation.RequireHostDll();
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }

        var seed = options.Seed ?? Random.Shared.Next(1, int.MaxValue);
        var runDirectory = options.RunDirectory
                           ?? Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"ddgc-chaos-{DateTime.Now:yyyyMMdd-HHmmss}-{options.ScenarioName}-{seed}"));
        Directory.CreateDirectory(runDirectory);
        Console.WriteLine($"chaos: scenario {options.ScenarioName}, {options.NodeCount} nodes, seed {seed} (--seed {seed} repeats the fault sequence)");
        Console.WriteLine($"chaos: run directory {runDirectory}");

        using var stop = new CancellationTokenSource();
        Process? controller = null;
        void OnSignal(PosixSignalContext context)
        {
            // Stay alive to clean up; the controller gets SIGTERM so it reports and stops its nodes first.
            context.Cancel = true;
            stop.Cancel();
            if (controller is { HasExited: false } running)
            {
                NativeMethods.Signal(running.Id, NativeMethods.SigTerm);
            }
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var hangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);

        int exitCode;
        try
        {
            if ((await NetnsLab.ListAsync(stop.Token).ConfigureAwait(false)).Count > 0)
            {
                Console.WriteLine("chaos: removing what an earlier run left:");
                await NetnsLab.RemoveAllAsync(Console.Out, stop.Token).ConfigureAwait(false);
            }

            await new NetnsLab(options.NodeCount, Console.Out).BuildAsync(stop.Token).ConfigureAwait(false);
            controller = StartController(options, seed, runDirectory);
            exitCode = await WaitAsync(controller, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            exitCode = 130;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            await Console.Error.WriteLineAsync($"chaos: {e.Message}").ConfigureAwait(false);
            exitCode = 1;
        }
        finally
        {
            await NetnsLab.RemoveAllAsync(TextWriter.Null, CancellationToken.None).ConfigureAwait(false);
            controller?.Dispose();
        }

        if (exitCode == 0 && !options.Keep)
        {
            Directory.Delete(runDirectory, recursive: true);
            Console.WriteLine("chaos: lab removed; run directory removed (passed; --keep keeps it)");
        }
        else
        {
            Console.WriteLine($"chaos: lab removed; run directory kept: {runDirectory}");
        }

        return exitCode;
    }

    private static Process StartController(ChaosOptions options, int seed, string runDirectory)
    {
        var info = new ProcessStartInfo(Command.Find("ip") ?? "ip") { UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", LabAddresses.BridgeNamespace, HostLocation.Dotnet, typeof(ChaosLauncher).Assembly.Location }
                     .Concat(options.InnerArguments(seed, runDirectory)))
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the controller in the bridge namespace.");
    }

    private static async Task<int> WaitAsync(Process controller, CancellationToken stop)
    {
        try
        {
            await controller.WaitForExitAsync(stop).ConfigureAwait(false);
            return controller.ExitCode;
        }
        catch (OperationCanceledException)
        {
            // Signalled: the controller got SIGTERM; give it a while to report, then the lab's removal kills what is left.
            using var grace = new CancellationTokenSource(ControllerGrace);
            try
            {
                await controller.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"chaos: the controller did not stop within {ControllerGrace.TotalSeconds:0} s; killing it").ConfigureAwait(false);
            }

            return 130;
        }
    }
}
