using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.Chaos.Lab;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// etcd 3.4 (Debian's <c>etcd-server</c>) as the baseline: 3 members in the same namespaces and addresses
/// as the DuckDuckGoose nodes (clients on :2379, peers on :2380), at <c>--heartbeat-interval 30
/// --election-timeout 150</c>, every other setting at etcd's default (3.4 runs without pre-vote unless asked).
/// A member is probed with <see cref="EtcdStatus"/>. <c>ip netns exec</c> replaces itself with etcd, so a kill
/// reaches etcd itself.
/// </summary>
internal sealed class EtcdNamespaceSeries : IFailoverSeries
{
    public const string InstallHint = "apt-get install etcd-server (etcd 3.4)";

    private readonly string _directory;
    private readonly Process?[] _processes = new Process?[3];
    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromMilliseconds(250) }) { Timeout = TimeSpan.FromMilliseconds(250) };

    public EtcdNamespaceSeries(string runDirectory)
    {
        _directory = Path.Combine(runDirectory, "etcd");
        Directory.CreateDirectory(_directory);
    }

    /// <summary>The etcd binary, or null when it is not installed.</summary>
    public static string? Etcd => Command.Find("etcd");

    public string Label => "etcd 3.4, namespaces";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        for (var member = 0; member < 3; member++)
        {
            Restart(member);
        }

        return Task.CompletedTask;
    }

    public Task<MemberView?> ProbeAsync(int member, CancellationToken cancellationToken) =>
        EtcdStatus.ReadAsync(_http, new Uri($"http://{LabAddresses.NodeAddress(member)}:2379"), cancellationToken);

    public void Kill(int member)
    {
        if (_processes[member] is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
    }

    public void Restart(int member)
    {
        _processes[member]?.Dispose();
        var name = "n" + (member + 1).ToString(CultureInfo.InvariantCulture);
        var address = LabAddresses.NodeAddress(member);
        var info = new ProcessStartInfo(Command.Find("ip") ?? "ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        string[] arguments =
        [
            "netns", "exec", LabAddresses.NodeNamespace(member), Etcd ?? "etcd",
            "--name", name, "--data-dir", Path.Combine(_directory, name),
            "--listen-client-urls", $"http://{address}:2379", "--advertise-client-urls", $"http://{address}:2379",
            "--listen-peer-urls", $"http://{address}:2380", "--initial-advertise-peer-urls", $"http://{address}:2380",
            "--initial-cluster", string.Join(',', Enumerable.Range(0, 3).Select(m => $"n{m + 1}=http://{LabAddresses.NodeAddress(m)}:2380")),
            "--initial-cluster-state", "new", "--initial-cluster-token", "ddg-bench",
            "--heartbeat-interval", "30", "--election-timeout", "150",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // etcd's own log, kept with the run; closed once the process has exited and its output is drained.
        var log = new StreamWriter(Path.Combine(_directory, name + ".log"), append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        var open = 2;
        void Write(string? line)
        {
            lock (log)
            {
                if (line is not null)
                {
                    log.WriteLine(line);
                }
                else if (--open == 0)
                {
                    log.Dispose();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes[member] = process;
    }

    /// <summary>etcd keeps no record to split a failover by: null.</summary>
    public Task<FailoverPhases?> PhasesAsync(int winner, DateTimeOffset killedAt, long oldTerm, long newTerm, CancellationToken cancellationToken) =>
        Task.FromResult<FailoverPhases?>(null);

    public ValueTask DisposeAsync()
    {
        for (var member = 0; member < 3; member++)
        {
            Kill(member);
            _processes[member]?.Dispose();
        }

        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
