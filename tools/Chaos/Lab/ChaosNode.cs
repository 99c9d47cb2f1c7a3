using System.Diagnostics;
using System.Globalization;
using DuckDuckGoose.Chaos.Probing;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Chaos.Lab;

/// <summary>
/// One node host running in its own namespace with its own address:
/// <c>ip netns exec ddgc-nI dotnet DuckDuckGoose.Host.dll --bind 10.88.0.I --port 4001 --id nI --data RUN/nI</c>,
/// plus <c>--join 10.88.0.1:4001</c> for every node but the first (a node whose data directory holds a
/// membership ignores it, so a restart uses the same command); <see cref="Settings"/> and
/// <see cref="Environment"/> may replace any of these. <c>ip netns exec</c> replaces itself with
/// the command, so the process started here is the node itself: signals reach it directly. Its output is
/// appended to <c>RUN/nI.log</c>, with a line for every start, kill, stop and continue. The host's console
/// log carries no time, so every line is stamped on arrival with the run clock (milliseconds, as in
/// <c>probes.csv</c> and <c>faults.log</c>) and the wall clock, to line the three up.
/// </summary>
public sealed class ChaosNode : IAsyncDisposable
{
    // What the parent may carry that would silently change a node: every DUCK_* setting and ASP.NET Core's own URL settings.
    private static readonly string[] ScrubbedVariables = ["ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS"];

    private readonly Lock _gate = new();
    private readonly StreamWriter _log;
    private readonly string? _adminToken;
    private readonly string? _clusterSecret;
    private readonly RunClock _clock;
    private Process? _process;
    private bool _killed;
    private bool _logClosed;

    /// <summary>Prepares (does not start) node <paramref name="index"/> with its data and log under <paramref name="runDirectory"/>.</summary>
    public ChaosNode(int index, string runDirectory, string? adminToken, RunClock clock, string? clusterSecret = null)
    {
        Index = index;
        _clock = clock;
        _adminToken = adminToken;
        _clusterSecret = clusterSecret;
        DataDirectory = Path.Combine(runDirectory, Name);
        LogPath = Path.Combine(runDirectory, Name + ".log");
        Directory.CreateDirectory(DataDirectory);
        _log = new StreamWriter(new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
    }

    /// <summary>The node's index (0 for <c>n1</c>).</summary>
    public int Index { get; }

    /// <summary>The node's label and id, such as <c>n1</c>.</summary>
    public string Name => LabAddresses.NodeName(Index);

    /// <summary>The node's base URL.</summary>
    public Uri Url => LabAddresses.NodeUrl(Index);

    /// <summary>The node's data directory, kept across restarts.</summary>
    public string DataDirectory { get; }

    /// <summary>The node's log file.</summary>
    public string LogPath { get; }

    /// <summary>
    /// Extra settings (command-line names, such as <c>election-timeout-ms</c>) for the next start; one named
    /// like a setting the lab gives (<c>bind</c>, <c>port</c>, <c>id</c>, <c>data</c>, <c>join</c>) replaces it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Settings { get; set; } = new Dictionary<string, string>();

    /// <summary>
    /// Environment variables for the next start, set after the parent's <c>DUCK_*</c> variables are removed;
    /// a setting given here (<c>DUCK_JOIN</c>) is not also put on the command line, which would win over it.
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>The running process's id, or null.</summary>
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

    /// <summary>Whether the process runs (a stopped one too).</summary>
    public bool IsRunning => ProcessId is not null;

    /// <summary>Whether the last process exited although nobody killed or stopped it.</summary>
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

    /// <summary>Starts the node; it must not be running.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_process is { HasExited: false })
            {
                throw new InvalidOperationException($"{Name} is already running (pid {_process.Id}).");
            }

            _process?.Dispose();
            var process = new Process { StartInfo = CreateStartInfo(), EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => WriteLog(e.Data);
            process.ErrorDataReceived += (_, e) => WriteLog(e.Data is null ? null : "[stderr] " + e.Data);
            _killed = false;
            WriteLog($"=== start: {string.Join(' ', process.StartInfo.ArgumentList)}");
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            _process = process;
        }
    }

    /// <summary>Kills the node with SIGKILL (a stopped one too) and waits until it is gone.</summary>
    public void Kill()
    {
        lock (_gate)
        {
            if (_process is not { HasExited: false } process)
            {
                return;
            }

            _killed = true;
            process.Kill();
            process.WaitForExit(TimeSpan.FromSeconds(10));
            WriteLog("=== killed with SIGKILL");
        }
    }

    /// <summary>Freezes the node with SIGSTOP.</summary>
    public void Stop() => Signal(NativeMethods.SigStop, "stopped with SIGSTOP");

    /// <summary>Lets a stopped node run on with SIGCONT.</summary>
    public void Continue() => Signal(NativeMethods.SigCont, "continued with SIGCONT");

    /// <summary>Stops the node in order with SIGTERM; kills it when it still runs after <paramref name="timeout"/>.</summary>
    public async Task TerminateAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Process process;
        lock (_gate)
        {
            if (_process is not { HasExited: false } running)
            {
                return;
            }

            process = running;
            _killed = true;
            WriteLog("=== stopping with SIGTERM");
            NativeMethods.Signal(process.Id, NativeMethods.SigCont);
            NativeMethods.Signal(process.Id, NativeMethods.SigTerm);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            WriteLog($"=== stopped with exit code {process.ExitCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill();
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of the node's log.</summary>
    public string LogTail(int lines = 10)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return string.Join('\n', reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));
        }
        catch (IOException e)
        {
            return $"(log unreadable: {e.Message})";
        }
    }

    /// <summary>Kills the node if it runs and closes its log.</summary>
    public ValueTask DisposeAsync()
    {
        Kill();
        lock (_gate)
        {
            _process?.Dispose();
            _process = null;
        }

        lock (_log)
        {
            _logClosed = true;
            _log.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Url})";

    private ProcessStartInfo CreateStartInfo()
    {
        var info = new ProcessStartInfo(Command.Find("ip") ?? "ip")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        info.ArgumentList.Add("netns");
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(LabAddresses.NodeNamespace(Index));
        info.ArgumentList.Add(HostLocation.Dotnet);
        info.ArgumentList.Add(HostLocation.RequireHostDll());
        foreach (var (name, value) in CommandLineSettings())
        {
            info.ArgumentList.Add("--" + name);
            info.ArgumentList.Add(value);
        }

        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("DUCK_", StringComparison.OrdinalIgnoreCase) || ScrubbedVariables.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                info.Environment.Remove(name);
            }
        }

        // In the environment rather than on the command line, where other users could read it.
        if (!string.IsNullOrEmpty(_adminToken))
        {
            info.Environment["DUCK_ADMIN_TOKEN"] = _adminToken;
        }

        if (!string.IsNullOrEmpty(_clusterSecret))
        {
            info.Environment["DUCK_CLUSTER_SECRET"] = _clusterSecret;
        }

        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    // The lab's settings (bind to the namespace's address, port, id, data, and join n1 unless this is n1), each
    // replaced by a setting of the same name in Settings and left out when Environment gives it as DUCK_*
    // (the command line would win over it), then the other Settings.
    private IEnumerable<KeyValuePair<string, string>> CommandLineSettings()
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bind"] = LabAddresses.NodeAddress(Index),
            ["port"] = LabAddresses.NodePort.ToString(CultureInfo.InvariantCulture),
            ["id"] = Name,
            ["data"] = DataDirectory,
        };
        if (Index > 0)
        {
            settings["join"] = $"{LabAddresses.NodeAddress(0)}:{LabAddresses.NodePort}";
        }

        foreach (var (name, value) in Settings)
        {
            settings[name] = value;
        }

        return settings.Where(s => !Environment.ContainsKey("DUCK_" + s.Key.ToUpperInvariant().Replace('-', '_')));
    }

    private void Signal(int signal, string what)
    {
        lock (_gate)
        {
            if (_process is { HasExited: false } process && NativeMethods.Signal(process.Id, signal))
            {
                WriteLog("=== " + what);
            }
        }
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
                _log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{_clock.NowMs,10:0.0} {DateTimeOffset.Now:HH:mm:ss.fff} {line}"));
            }
        }
    }
}
