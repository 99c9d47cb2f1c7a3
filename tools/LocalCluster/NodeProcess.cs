using System.Collections.Concurrent;
using System.Diagnostics;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using Refit;

namespace DuckDuckGoose.LocalCluster;

/// <summary>
/// One node host running as a child process (<c>dotnet DuckDuckGoose.Host.dll --port P …</c>), with its
/// output appended to a log file. It can be killed with SIGKILL and started again on the same port and
/// data directory (also with other settings, <see cref="StartWith"/>), stopped in order with SIGTERM
/// (<see cref="StopAsync"/>), and its status is read through the Refit <see cref="IDuckApi"/>. Every node still
/// running when this process exits is killed, so none is left orphaned.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private static readonly ConcurrentDictionary<NodeProcess, byte> Live = new();

    private readonly Lock _gate = new();
    private readonly StreamWriter _log;
    private readonly HttpClient _http;
    private Process? _process;
    private bool _disposed;
    private bool _logClosed;
    private bool _killed;

    static NodeProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllLive();
    }

    /// <summary>
    /// Prepares (does not start) a node; its output goes to <paramref name="logPath"/>. With
    /// <paramref name="tls"/> the node is reached over https, trusting and presenting what it holds.
    /// </summary>
    public NodeProcess(NodeLaunch launch, string logPath, TimeSpan statusTimeout, PeerTls? tls = null)
    {
        Launch = launch;
        Tls = tls;
        LogPath = logPath;
        Directory.CreateDirectory(launch.DataDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        _log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        _http = new HttpClient(CreateHandler(new SocketsHttpHandler { ConnectTimeout = statusTimeout, PooledConnectionIdleTimeout = TimeSpan.FromSeconds(5) }))
        {
            BaseAddress = new Uri(Url),
            Timeout = statusTimeout,
        };
        Api = RestService.For<IDuckApi>(_http, new RefitSettings(new SystemTextJsonContentSerializer(DuckApiJsonContext.Default.Options)));
    }

    /// <summary>How this node is started (the last <see cref="StartWith"/> launch).</summary>
    public NodeLaunch Launch { get; private set; }

    /// <summary>The node's label, such as <c>n1</c>.</summary>
    public string Name => Launch.Name;

    /// <summary>The node's port.</summary>
    public int Port => Launch.Port;

    /// <summary>The TLS material this process's clients of the node use, or null when the node runs plain HTTP.</summary>
    public PeerTls? Tls { get; }

    /// <summary>The node's base URL on loopback (https when it runs on TLS).</summary>
    public string Url => $"{(Tls is null ? "http" : "https")}://127.0.0.1:{Launch.Port}";

    /// <summary>Where peers send to this node: <c>tcp://127.0.0.1:{peer-port}</c> when it has a peer port, else <see cref="Url"/>.</summary>
    public string PeerAddress => Launch.PeerPort is { } peerPort ? $"tcp://127.0.0.1:{peerPort}" : Url;

    /// <summary>The node's data directory.</summary>
    public string DataDirectory => Launch.DataDirectory;

    /// <summary>The file the node's standard output and error are appended to.</summary>
    public string LogPath { get; }

    /// <summary>The Refit client for this node's HTTP API.</summary>
    public IDuckApi Api { get; }

    /// <summary>How many times the process was started.</summary>
    public int Starts { get; private set; }

    /// <summary>The process id of the running process, or null.</summary>
    public int? ProcessId
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false } p ? p.Id : null;
            }
        }
    }

    /// <summary>Whether the process is running.</summary>
    public bool IsRunning => ProcessId is not null;

    /// <summary>The exit code of the last process, when it has exited.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: true } p ? p.ExitCode : null;
            }
        }
    }

    /// <summary>Whether the last process exited by itself (crashed or refused to start) rather than by <see cref="Kill"/>.</summary>
    public bool ExitedByItself
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: true } && !_killed;
            }
        }
    }

    /// <summary>Starts the process; it must not be running.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_process is { HasExited: false })
            {
                throw new InvalidOperationException($"{Name} is already running (pid {_process.Id}).");
            }

            _process?.Dispose();
            var process = new Process { StartInfo = HostStartInfo.Create(Launch), EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => WriteLog(e.Data);
            process.ErrorDataReceived += (_, e) => WriteLog(e.Data is null ? null : "[stderr] " + e.Data);
            Starts++;
            _killed = false;
            WriteLog($"=== {DateTimeOffset.Now:O} start #{Starts}: {Describe(process.StartInfo)}");
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
            Live[this] = 0;
        }
    }

    /// <summary>
    /// Starts the process with <paramref name="launch"/> from now on, such as the same node with another
    /// transport; it must not be running, and keeps its name, port and data directory.
    /// </summary>
    public void StartWith(NodeLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        lock (_gate)
        {
            if (launch.Name != Launch.Name || launch.Port != Launch.Port || launch.DataDirectory != Launch.DataDirectory)
            {
                throw new ArgumentException(
                    $"{Name} restarts with its own name, port {Launch.Port} and data directory {Launch.DataDirectory}; got {launch.Name}, {launch.Port}, {launch.DataDirectory}.",
                    nameof(launch));
            }

            if (_process is { HasExited: false })
            {
                throw new InvalidOperationException($"{Name} is still running (pid {_process.Id}); stop it first.");
            }

            Launch = launch;
        }

        Start();
    }

    /// <summary>
    /// Stops the process in order with SIGTERM (the host leaves its data directory as it is) and waits
    /// until it is gone; when it still runs after <paramref name="timeout"/>, kills it (SIGKILL) and
    /// returns false. A stopped node counts as stopped on purpose, not as exited by itself.
    /// </summary>
    public async Task<bool> StopAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Process process;
        lock (_gate)
        {
            if (_process is not { HasExited: false } running)
            {
                return true;
            }

            process = running;
            _killed = true;
            WriteLog($"=== {DateTimeOffset.Now:O} stopping with SIGTERM");
            if (!PosixSignals.Terminate(process.Id))
            {
                // Gone between the check and the signal: nothing left to stop.
                return true;
            }
        }

        if (!await WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            Kill();
            return false;
        }

        lock (_gate)
        {
            WriteLog($"=== {DateTimeOffset.Now:O} stopped with exit code {process.ExitCode}");
            Live.TryRemove(this, out _);
        }

        return true;
    }

    /// <summary>Kills the process and its children with SIGKILL (kill -9) and waits until it is gone.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            if (_process is not { HasExited: false } process)
            {
                return;
            }

            _killed = true;
            // Frozen first, so the node is gone from the cluster's point of view the moment this is called:
            // Kill(entireProcessTree: true) walks every process on the machine before it signals anything,
            // and on a loaded machine (load average 20, 2 cores) the node sent heartbeats ~85 ms longer,
            // which the failover benchmarks counted as failover time.
            PosixSignals.Stop(process.Id);
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
            WriteLog($"=== {DateTimeOffset.Now:O} killed with SIGKILL");
            Live.TryRemove(this, out _);
        }
    }

    /// <summary>Kills the process if it runs, then starts it again on the same port and data directory.</summary>
    public void Restart()
    {
        Kill();
        Start();
    }

    /// <summary>Waits until the process exits by itself; false when it still runs after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        if (process is null)
        {
            return true;
        }

        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(timeoutSource.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// <paramref name="handler"/> set up to reach this node: with <see cref="Tls"/>, trusting only its CA and
    /// presenting its client certificate; unchanged otherwise. For scripts that make their own clients.
    /// </summary>
    public SocketsHttpHandler CreateHandler(SocketsHttpHandler? handler = null) =>
        Tls?.Apply(handler ?? new SocketsHttpHandler()) ?? handler ?? new SocketsHttpHandler();

    /// <summary>Reads <c>GET /status</c> once; a node that is down or does not answer in time gives a probe with an error.</summary>
    public async Task<StatusProbe> ProbeAsync(CancellationToken cancellationToken)
    {
        if (!IsRunning)
        {
            return new StatusProbe(this, null, ExitCode is { } code ? $"down (exit code {code})" : "down", Stopwatch.GetTimestamp());
        }

        try
        {
            var status = await Api.GetStatusAsync(cancellationToken).ConfigureAwait(false);
            return new StatusProbe(this, status, null, Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Refused, reset, timed out, 5xx, garbage: for a probe, all mean "no answer now".
            return new StatusProbe(this, null, $"no answer ({e.GetType().Name}: {e.Message})", Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of this node's log.</summary>
    public string LogTail(int lines = 15)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    /// <summary>Kills the process if it runs and releases the log and the HTTP client.</summary>
    public ValueTask DisposeAsync()
    {
        Kill();
        lock (_gate)
        {
            _disposed = true;
            _process?.Dispose();
            _process = null;
        }

        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }

        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Url})";

    private static void KillAllLive()
    {
        foreach (var node in Live.Keys)
        {
            try
            {
                node.Kill();
            }
            catch (InvalidOperationException)
            {
                // Already gone: nothing left to clean up.
            }
        }
    }

    // The log shows how the node was started, with the admin token and cluster secret masked: logs get
    // pasted into issues.
    private static string Describe(ProcessStartInfo info)
    {
        string[] secretVariables = ["DUCK_ADMIN_TOKEN", "DUCK_CLUSTER_SECRET"];
        string[] secretOptions = ["--admin-token", "--cluster-secret"];
        var environment = info.Environment
            .Where(e => e.Key.StartsWith("DUCK_", StringComparison.Ordinal))
            .Select(e => $"{e.Key}={(secretVariables.Contains(e.Key) ? "***" : e.Value)} ");
        var arguments = info.ArgumentList.Select((a, i) => i > 0 && secretOptions.Contains(info.ArgumentList[i - 1]) ? "***" : a);
        return string.Concat(environment) + info.FileName + " " + string.Join(' ', arguments);
    }

    private void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }
    }
}
