using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DuckDuckGoose.Chaos.Lab;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// The failover row's outer half, in the machine's own namespace: checks that this machine can build the
/// chaos suite's lab (Linux, root, <c>ip netns</c>, nftables; tools/Chaos's <see cref="Preflight"/>),
/// builds it with tools/Chaos's <see cref="NetnsLab"/> (3 node namespaces on one bridge), runs
/// <see cref="FailoverLabController"/> inside the bridge namespace with <c>ip netns exec</c>, and removes
/// the lab however that ends. A lab that still has processes in it belongs to a chaos run in progress:
/// the row fails instead of killing them.
/// </summary>
internal static class FailoverLabLauncher
{
    public static async Task<IReadOnlyList<FailoverSeriesResult>> RunAsync(int trials, TextWriter output, CancellationToken cancellationToken)
    {
        if (await Preflight.SkipReasonAsync(cancellationToken) is { } reason)
        {
            throw new InvalidOperationException($"The namespaced failover cannot run here: {reason}.");
        }

        foreach (var name in await NetnsLab.ListAsync(cancellationToken))
        {
            var pids = await Command.RunAsync("ip", ["netns", "pids", name], cancellationToken: cancellationToken);
            if (pids.Output.Trim().Length > 0)
            {
                throw new InvalidOperationException($"Namespace {name} has processes in it (a chaos run in progress?); not touching it. `ip netns pids {name}` lists them.");
            }
        }

        await NetnsLab.RemoveAllAsync(output, cancellationToken);
        var runDirectory = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"ddg-bench-failover-{DateTime.Now:yyyyMMdd-HHmmss}"));
        Directory.CreateDirectory(runDirectory);
        var resultPath = Path.Combine(runDirectory, "results.json");
        var passed = false;
        try
        {
            await new NetnsLab(3, output).BuildAsync(cancellationToken);
            var info = new ProcessStartInfo(Command.Find("ip") ?? "ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[]
                     {
                         "netns", "exec", LabAddresses.BridgeNamespace, HostLocation.Dotnet, typeof(FailoverLabLauncher).Assembly.Location,
                         FailoverLabController.Argument, resultPath, trials.ToString(CultureInfo.InvariantCulture), runDirectory,
                     })
            {
                info.ArgumentList.Add(argument);
            }

            using var controller = Process.Start(info) ?? throw new InvalidOperationException("Could not start the failover controller in the bridge namespace.");
            controller.OutputDataReceived += (_, e) => { if (e.Data is not null) { output.WriteLine(e.Data); } };
            controller.ErrorDataReceived += (_, e) => { if (e.Data is not null) { output.WriteLine("  [controller] " + e.Data); } };
            controller.BeginOutputReadLine();
            controller.BeginErrorReadLine();
            await controller.WaitForExitAsync(cancellationToken);
            if (controller.ExitCode != 0 || !File.Exists(resultPath))
            {
                throw new InvalidOperationException($"The failover controller exited with code {controller.ExitCode}; logs kept in {runDirectory}.");
            }

            var results = JsonSerializer.Deserialize<List<FailoverSeriesResult>>(await File.ReadAllTextAsync(resultPath, cancellationToken))
                          ?? throw new InvalidOperationException($"{resultPath} is empty.");
            passed = true;
            return results;
        }
        finally
        {
            // Kills whatever is still in the lab (the controller and its nodes, on a failure or Ctrl+C too).
            await NetnsLab.RemoveAllAsync(TextWriter.Null, CancellationToken.None);
            if (passed)
            {
                Directory.Delete(runDirectory, recursive: true);
            }
            else
            {
                output.WriteLine($"  failover lab: node and etcd logs kept in {runDirectory}");
            }
        }
    }
}
