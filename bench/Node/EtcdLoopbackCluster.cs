using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.Bench.Node.FailoverLab;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node;

/// <summary>
/// Three etcd 3.4 members on loopback (free ports, a fresh data directory each), at a given heartbeat interval
/// and election timeout and every other setting at etcd's default: the baseline for a 3-node cluster's idle
/// CPU. Disposing kills the members and deletes their directory.
/// </summary>
internal sealed class EtcdLoopbackCluster : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ddg-bench-etcd-").FullName;
    private readonly Process[] _members;
    private readonly string[] _clientUrls;

    private EtcdLoopbackCluster(string etcd, int heartbeatMs, int electionTimeoutMs)
    {
        var peerUrls = Enumerable.Range(0, 3).Select(_ => $"http://127.0.0.1:{FreePort.Next()}").ToArray();
        _clientUrls = Enumerable.Range(0, 3).Select(_ => $"http://127.0.0.1:{FreePort.Next()}").ToArray();
        var cluster = string.Join(',', peerUrls.Select((url, m) => $"e{m + 1}={url}"));
        _members = new Process[3];
        for (var member = 0; member < 3; member++)
        {
            var name = "e" + (member + 1).ToString(CultureInfo.InvariantCulture);
            var info = new ProcessStartInfo(etcd) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])
                     [
                         "--name", name, "--data-dir", Path.Combine(_directory, name),
                         "--listen-client-urls", _clientUrls[member], "--advertise-client-urls", _clientUrls[member],
                         "--listen-peer-urls", peerUrls[member], "--initial-advertise-peer-urls", peerUrls[member],
                         "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", "ddg-bench-idle",
                         "--heartbeat-interval", heartbeatMs.ToString(CultureInfo.InvariantCulture),
                         "--election-timeout", electionTimeoutMs.ToString(CultureInfo.InvariantCulture),
                     ])
            {
                info.ArgumentList.Add(argument);
            }

            Process process;
            try
            {
                process = Process.Start(info) ?? throw new InvalidOperationException($"{etcd} did not start.");
            }
            catch
            {
                // The members already started, and their directory, would outlive the benchmark.
                foreach (var started in _members.Take(member))
                {
                    started.Kill();
                    started.Dispose();
                }

                Directory.Delete(_directory, recursive: true);
                throw;
            }

            // etcd logs to stderr; drained and dropped, so a full pipe never blocks it.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _members[member] = process;
        }
    }

    /// <summary>The members' process ids, in member order.</summary>
    public IReadOnlyList<int> ProcessIds => _members.Select(p => p.Id).ToList();

    /// <summary>Starts the members and waits until all three name the same leader; returns the leader's member index.</summary>
    public static async Task<(EtcdLoopbackCluster Cluster, int Leader)> StartAsync(int heartbeatMs, int electionTimeoutMs, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var etcd = EtcdNamespaceSeries.Etcd ?? throw new InvalidOperationException($"etcd is not installed ({EtcdNamespaceSeries.InstallHint}).");
        var cluster = new EtcdLoopbackCluster(etcd, heartbeatMs, electionTimeoutMs);
        try
        {
            return (cluster, await cluster.WaitForLeaderAsync(deadline, cancellationToken));
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            if (!member.HasExited)
            {
                member.Kill();
                await member.WaitForExitAsync(CancellationToken.None);
            }

            member.Dispose();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task<int> WaitForLeaderAsync(TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMilliseconds(500) };
        var started = Stopwatch.GetTimestamp();
        var last = "no member answered yet";
        while (Stopwatch.GetElapsedTime(started) < deadline)
        {
            var views = await Task.WhenAll(_clientUrls.Select(url => EtcdStatus.ReadAsync(http, new Uri(url), cancellationToken)));
            if (views.All(v => v is { LeaderId: not null }) && views.Select(v => v!.LeaderId).Distinct().Count() == 1)
            {
                return Array.FindIndex(views, v => v!.IsLeader);
            }

            last = string.Join(", ", views.Select((v, m) => $"e{m + 1}: {(v is { } view ? $"leader {view.LeaderId ?? "none"}" : "no answer")}"));
            if (_members.FirstOrDefault(p => p.HasExited) is { } exited)
            {
                throw new InvalidOperationException($"etcd member {Array.IndexOf(_members, exited) + 1} exited with {exited.ExitCode} before a leader was agreed.");
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"3 etcd members did not agree on a leader within {deadline.TotalSeconds:0} s ({last}).");
    }
}
