using System.Globalization;

namespace DuckDuckGoose.Chaos.Scenarios;

/// <summary>
/// Linux's CPU pressure stall information (<c>/proc/pressure/cpu</c>, where the kernel has it): the "some"
/// line's avg10 is the share of the last 10 s in which some runnable task waited for a CPU. Sampled once a
/// second over a run, because a starved machine slows the nodes' tick-driven timers and heartbeats, which
/// explains gaps and lost leases that no injected fault does.
/// </summary>
public sealed class CpuPressure : IAsyncDisposable
{
    private const string Path = "/proc/pressure/cpu";

    private readonly Lock _gate = new();
    private readonly List<(double AtMs, double Avg10)> _samples = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <summary>Starts sampling every second, stamped with <paramref name="nowMs"/>.</summary>
    public CpuPressure(Func<double> nowMs)
    {
        _loop = SampleAsync(nowMs, _stopping.Token);
    }

    /// <summary>The "some" line's avg10 and avg60 now, such as <c>12.50/8.10</c>; "n/a" where the file is missing.</summary>
    public static string Read() => ReadSome() is { } some ? $"{some.Avg10.ToString("0.00", CultureInfo.InvariantCulture)}/{some.Avg60.ToString("0.00", CultureInfo.InvariantCulture)}" : "n/a";

    /// <summary>The avg10 sampled last at or before <paramref name="atMs"/>, as text; "n/a" when there is none.</summary>
    public string At(double atMs)
    {
        lock (_gate)
        {
            var sample = _samples.LastOrDefault(s => s.AtMs <= atMs);
            return sample == default ? "n/a" : sample.Avg10.ToString("0.00", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Median and largest avg10 over the samples from <paramref name="fromMs"/> on, as text.</summary>
    public string Summary(double fromMs = 0)
    {
        lock (_gate)
        {
            var values = _samples.Where(s => s.AtMs >= fromMs).Select(s => s.Avg10).ToList();
            if (values.Count == 0)
            {
                return "n/a";
            }

            var median = Checking.Percentiles.Of(values, 50)!.Value;
            return string.Create(CultureInfo.InvariantCulture, $"median {median:0.0}%, max {values.Max():0.0}% (some avg10, {values.Count} samples)");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static (double Avg10, double Avg60)? ReadSome()
    {
        try
        {
            var some = File.ReadLines(Path).FirstOrDefault(l => l.StartsWith("some", StringComparison.Ordinal));
            if (some is null)
            {
                return null;
            }

            var fields = some.Split(' ').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
            return double.TryParse(fields.GetValueOrDefault("avg10"), NumberStyles.Float, CultureInfo.InvariantCulture, out var avg10)
                   && double.TryParse(fields.GetValueOrDefault("avg60"), NumberStyles.Float, CultureInfo.InvariantCulture, out var avg60)
                ? (avg10, avg60)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private async Task SampleAsync(Func<double> nowMs, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            do
            {
                if (ReadSome() is { } some)
                {
                    lock (_gate)
                    {
                        _samples.Add((nowMs(), some.Avg10));
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
