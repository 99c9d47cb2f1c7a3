using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using DuckDuckGoose.Chaos.Checking;
using DuckDuckGoose.Client;

namespace DuckDuckGoose.Chaos.Probing;

/// <summary>
/// The external observer: every <c>interval</c> it sends <c>GET /status</c> to every node at once (one
/// round), each with its own short timeout, and records every answer or failure with its send and receive
/// time (<see cref="ProbeAnswer"/>); rounds never wait for each other, so a stopped node costs only its own
/// answers. It runs in the bridge namespace, where no fault applies: the nodes' nftables rules match only
/// connections between nodes, and the bridge has no rules. Every answer also goes to <c>probes.csv</c>.
/// </summary>
public sealed class Prober : IAsyncDisposable
{
    private readonly IReadOnlyList<Uri> _urls;
    private readonly HttpClient[] _clients;
    private readonly RunClock _clock;
    private readonly TimeSpan _interval;
    private readonly TimeSpan _timeout;
    private readonly Lock _gate = new();
    private readonly List<ProbeAnswer> _answers = [];
    private readonly Dictionary<long, List<ProbeAnswer>> _open = [];
    private readonly Channel<ProbeAnswer> _csv = Channel.CreateUnbounded<ProbeAnswer>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly string _csvPath;
    private Task? _loop;
    private Task? _csvWriter;
    private int _inFlight;
    private ProbeRound? _lastComplete;

    /// <summary>A prober of the nodes at <paramref name="urls"/> (node i at index i), writing <paramref name="csvPath"/>.</summary>
    public Prober(IReadOnlyList<Uri> urls, RunClock clock, TimeSpan interval, TimeSpan timeout, string csvPath)
    {
        _urls = urls;
        _clock = clock;
        _interval = interval;
        _timeout = timeout;
        _csvPath = csvPath;
        _clients = urls.Select(url => new HttpClient(new SocketsHttpHandler
        {
            // No proxy from the environment: the lab has no route to one, and the answer must come from the node.
            UseProxy = false,
            ConnectTimeout = timeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10),
        })
        {
            BaseAddress = url,
            Timeout = Timeout.InfiniteTimeSpan,
        }).ToArray();
    }

    /// <summary>Rounds sent so far.</summary>
    public long RoundsSent { get; private set; }

    /// <summary>Every answer so far, in arrival order.</summary>
    public IReadOnlyList<ProbeAnswer> Answers
    {
        get
        {
            lock (_gate)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>The latest round every node has answered (or failed to answer) in, or null before the first.</summary>
    public ProbeRound? LastCompleteRound
    {
        get
        {
            lock (_gate)
            {
                return _lastComplete;
            }
        }
    }

    /// <summary>Starts sending rounds.</summary>
    public void Start()
    {
        _csvWriter = WriteCsvAsync();
        _loop = LoopAsync(_stopping.Token);
    }

    /// <summary>Stops sending rounds and waits for the answers still due (at most one timeout).</summary>
    public async Task StopAsync()
    {
        if (_loop is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        var deadline = _clock.NowMs + _timeout.TotalMilliseconds + 1000;
        while (Volatile.Read(ref _inFlight) > 0 && _clock.NowMs < deadline)
        {
            await Task.Delay(10, CancellationToken.None).ConfigureAwait(false);
        }

        _csv.Writer.TryComplete();
        await (_csvWriter ?? Task.CompletedTask).ConfigureAwait(false);
        _loop = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(_interval);
        try
        {
            do
            {
                var round = ++RoundsSent;
                var sent = _clock.NowMs;
                lock (_gate)
                {
                    _open[round] = new List<ProbeAnswer>(_urls.Count);
                }

                for (var node = 0; node < _urls.Count; node++)
                {
                    _ = ProbeAsync(round, node, sent);
                }
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private async Task ProbeAsync(long round, int node, double sent)
    {
        Interlocked.Increment(ref _inFlight);
        ProbeAnswer answer;
        try
        {
            using var deadline = new CancellationTokenSource(_timeout);
            using var response = await _clients[node].GetAsync(new Uri("/status", UriKind.Relative), deadline.Token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var status = await response.Content.ReadFromJsonAsync(DuckApiJsonContext.Default.NodeStatus, deadline.Token).ConfigureAwait(false)
                         ?? throw new JsonException("empty body");
            answer = new ProbeAnswer(round, node, sent, _clock.NowMs, status.Role, status.State, status.Term, status.Goose?.Id, Members: status.MemberCount);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException or IOException)
        {
            var error = e switch
            {
                OperationCanceledException => "timeout",
                HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => "refused",
                HttpRequestException { StatusCode: { } code } => "http " + ((int)code).ToString(CultureInfo.InvariantCulture),
                _ => e.GetType().Name,
            };
            answer = new ProbeAnswer(round, node, sent, _clock.NowMs, null, null, 0, null, error);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }

        Record(answer);
    }

    private void Record(ProbeAnswer answer)
    {
        lock (_gate)
        {
            _answers.Add(answer);
            if (_open.TryGetValue(answer.Round, out var round))
            {
                round.Add(answer);
                if (round.Count == _urls.Count)
                {
                    _open.Remove(answer.Round);
                    if (_lastComplete is null || answer.Round > _lastComplete.Number)
                    {
                        _lastComplete = new ProbeRound(answer.Round, answer.SentMs, round.OrderBy(a => a.Node).ToList());
                    }
                }
            }
        }

        _csv.Writer.TryWrite(answer);
    }

    private async Task WriteCsvAsync()
    {
        await using var file = new StreamWriter(_csvPath, append: false);
        await file.WriteLineAsync("round,node,sent_ms,received_ms,role,state,term,goose,error").ConfigureAwait(false);
        await foreach (var a in _csv.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await file.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{a.Round},n{a.Node + 1},{a.SentMs:0.0},{a.ReceivedMs:0.0},{a.Role},{a.State},{a.Term},{a.GooseId},{a.Error}")).ConfigureAwait(false);
        }
    }
}
