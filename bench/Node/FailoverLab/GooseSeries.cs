using System.Text.Json;

namespace DuckDuckGoose.Bench.Node.FailoverLab;

/// <summary>
/// A DuckDuckGoose cluster of 3 at heartbeat 30 ms and election timeout 150 ms (the node defaults, given
/// explicitly so the etcd column runs at the same figures). Members are probed with <c>GET /status</c> and
/// the failover is split with the winner's <c>GET /events</c>. The JSON is read by name rather than with
/// the client library's records, so this only depends on the documented wire format.
/// </summary>
internal abstract class GooseSeries : IFailoverSeries
{
    public static readonly IReadOnlyDictionary<string, string> Settings = new Dictionary<string, string>
    {
        ["heartbeat-ms"] = "30",
        ["election-timeout-ms"] = "150",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromMilliseconds(250) }) { Timeout = TimeSpan.FromMilliseconds(250) };

    public abstract string Label { get; }

    public abstract Task StartAsync(CancellationToken cancellationToken);

    public abstract void Kill(int member);

    public abstract void Restart(int member);

    public async Task<MemberView?> ProbeAsync(int member, CancellationToken cancellationToken)
    {
        try
        {
            using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Url(member), "/status"), cancellationToken));
            var root = json.RootElement;
            var goose = root.TryGetProperty("goose", out var g) && g.ValueKind == JsonValueKind.Object ? g.GetProperty("id").GetString() : null;
            return new MemberView(root.GetProperty("id").GetString()!, root.GetProperty("role").GetString() == "Goose", goose, root.GetProperty("term").GetInt64());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>
    /// From the winner's events after the kill: the first election timeout (with the arrival of the last
    /// heartbeat it followed before it, which may precede the kill), the Candidate event in the new
    /// term (pre-vote won), Leader in the new term (vote won) and Goose in the new term (a majority acknowledged
    /// its first round). A split vote shows as a longer timer-to-pre-vote phase: a Candidate whose timer fires
    /// again in the same state and term records no event.
    /// </summary>
    public async Task<FailoverPhases?> PhasesAsync(int winner, DateTimeOffset killedAt, long oldTerm, long newTerm, CancellationToken cancellationToken)
    {
        try
        {
            using var json = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Url(winner), "/events?limit=64"), cancellationToken));
            var events = json.RootElement.EnumerateArray()
                .Select(e => (At: e.GetProperty("at").GetDateTimeOffset(), Term: e.GetProperty("term").GetInt64(), State: e.GetProperty("state").GetString(),
                    Role: e.GetProperty("role").GetString(), Reason: e.GetProperty("reason").GetString() ?? "",
                    LastHeard: e.TryGetProperty("lastHeardFromGoose", out var heard) && heard.ValueKind == JsonValueKind.String ? heard.GetDateTimeOffset() : (DateTimeOffset?)null))
                .Where(e => e.At >= killedAt - TimeSpan.FromMilliseconds(1))
                .ToList();
            double Since(DateTimeOffset at) => (at - killedAt).TotalMilliseconds;
            var timer = events.FirstOrDefault(e => e.Reason.StartsWith("election timeout", StringComparison.Ordinal));
            var preVote = events.FirstOrDefault(e => e.Term == newTerm && e.State == "Candidate");
            var vote = events.FirstOrDefault(e => e.Term == newTerm && e.State == "Leader");
            var goose = events.FirstOrDefault(e => e.Term == newTerm && e.Role == "Goose");
            if (timer.Reason is null || timer.LastHeard is not { } lastHeard || preVote.Reason is null || vote.Reason is null || goose.Reason is null)
            {
                return null;
            }

            return new FailoverPhases(Since(lastHeard), Since(timer.At), Since(preVote.At), Since(vote.At), Since(goose.At), double.NaN);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public virtual ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    protected abstract Uri Url(int member);
}
