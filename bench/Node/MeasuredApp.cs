using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Bench.Node;

/// <summary>
/// One running process the benchmark measures: a single DuckDuckGoose node started the way LocalCluster
/// starts them (a cluster of one in a fresh data directory), or the bare ASP.NET Core baseline app.
/// Disposing kills it (SIGKILL) and deletes what it left.
/// </summary>
internal sealed class MeasuredApp : IAsyncDisposable
{
    private readonly Func<ValueTask> _dispose;

    private MeasuredApp(string label, int pid, string baseUrl, long spawnedAt, Func<ValueTask> dispose)
    {
        Label = label;
        ProcessId = pid;
        BaseUrl = baseUrl;
        StatusUrl = baseUrl + "/status";
        SpawnedAt = spawnedAt;
        _dispose = dispose;
    }

    /// <summary>The baseline app: where it was built (fixed when this benchmark was built) until <see cref="PublishedApps"/> publishes it.</summary>
    public static string BareDll { get; set; } =
        typeof(MeasuredApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "DuckDuckGoose.BareDll").Value!;

    public string Label { get; }

    public int ProcessId { get; }

    /// <summary>The app's root, such as <c>http://127.0.0.1:PORT</c>.</summary>
    public string BaseUrl { get; }

    public string StatusUrl { get; }

    /// <summary>When the process was spawned, in <see cref="Stopwatch.GetTimestamp"/> units.</summary>
    public long SpawnedAt { get; }

    /// <summary>Starts one DuckDuckGoose node that bootstraps a cluster of one in a fresh data directory.</summary>
    public static MeasuredApp StartHost()
    {
        var cluster = new ProcessCluster(new ProcessClusterOptions { StatusTimeout = TimeSpan.FromMilliseconds(250), PollInterval = TimeSpan.FromMilliseconds(20) });
        var spawnedAt = Stopwatch.GetTimestamp();
        var node = cluster.AddNode();
        var pid = node.ProcessId ?? throw new InvalidOperationException($"DuckDuckGoose node exited at once; log: {node.LogTail()}");
        return new MeasuredApp("DuckDuckGoose", pid, node.Url, spawnedAt, cluster.DisposeAsync);
    }

    /// <summary>Starts the baseline, <c>dotnet DuckDuckGoose.Bench.Bare.dll --urls http://127.0.0.1:PORT</c>, with .NET's defaults.</summary>
    public static MeasuredApp StartBare() => StartBare(nodeThreadPool: false);

    /// <summary>Starts the bare app; with <paramref name="nodeThreadPool"/> under the node's thread-pool setting (no spinning workers, as Host.csproj sets it).</summary>
    public static MeasuredApp StartBare(bool nodeThreadPool) => StartBare(nodeThreadPool, environment: null);

    /// <summary>
    /// Starts the bare app as above, with <paramref name="environment"/> added to its environment
    /// (BARE_HEARTBEATS, BARE_HEARTBEAT_TO and BARE_HEARTBEAT_BYTES: Bare/BareHeartbeats.cs).
    /// </summary>
    public static MeasuredApp StartBare(bool nodeThreadPool, IReadOnlyDictionary<string, string>? environment)
    {
        if (!File.Exists(BareDll))
        {
            throw new FileNotFoundException($"The baseline app is not built at {BareDll}. Build it with `dotnet build bench/Node -c {HostLocation.Configuration}`.", BareDll);
        }

        var url = "http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var info = new ProcessStartInfo(HostLocation.Dotnet)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (nodeThreadPool)
        {
            info.Environment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = "0";
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(BareDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(url);
        foreach (var name in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            info.Environment.Remove(name);
        }

        var process = new Process { StartInfo = info };
        // Drained and dropped, as the host's output goes to a log: a full pipe would stall the app.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        var spawnedAt = Stopwatch.GetTimestamp();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new MeasuredApp("bare", process.Id, url, spawnedAt, async () =>
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync().ConfigureAwait(false);
            }

            process.Dispose();
        });
    }

    /// <summary>Polls <see cref="StatusUrl"/> every 2 ms until it answers 200; returns the time from spawn.</summary>
    public async Task<TimeSpan> WaitForFirstOkAsync(HttpClient http, TimeSpan deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(StatusUrl, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return Stopwatch.GetElapsedTime(SpawnedAt);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (Stopwatch.GetElapsedTime(SpawnedAt) > deadline)
            {
                throw new TimeoutException($"{Label} did not answer 200 on {StatusUrl} within {deadline.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync() => _dispose();
}
