using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Bench.Node.FailoverLab;

namespace DuckDuckGoose.Bench.Node;

/// <summary>
/// One etcd member's view through <c>POST /v3/maintenance/status</c> (the gRPC gateway): its own member id, the
/// leader it knows and its term (uint64s come as strings; a member without a leader reports none, 0 or absent).
/// </summary>
internal static class EtcdStatus
{
    /// <summary>The member's view, or null when it does not answer (down, starting, or slower than the client's timeout).</summary>
    public static async Task<MemberView?> ReadAsync(HttpClient http, Uri clientUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent("{}", Encoding.UTF8, "application/json");
            using var response = await http.PostAsync(new Uri(clientUrl, "/v3/maintenance/status"), content, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var root = json.RootElement;
            var self = root.GetProperty("header").GetProperty("member_id").GetString()!;
            var leader = root.TryGetProperty("leader", out var l) ? l.GetString() : null;
            leader = leader is null or "0" ? null : leader;
            var term = root.TryGetProperty("raftTerm", out var t) ? long.Parse(t.GetString()!, CultureInfo.InvariantCulture) : 0;
            return new MemberView(self, leader == self, leader, term);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
