using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// After a hand-over the old Goose knows the new one from its first heartbeat; the new one reports
/// Goose once a majority has confirmed its lease a round trip later. A step-down answers after that, so
/// a script that reads the new Goose's status next sees Goose.
/// </summary>
public static class NewGooseConfirmation
{
    /// <summary>Polls the new Goose's <c>/goose</c> until it answers 200 or <paramref name="patience"/> runs out (then returns anyway).</summary>
    public static async Task WaitAsync(IHttpClientFactory clients, Member goose, TimeSpan patience, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(goose);
        ArgumentNullException.ThrowIfNull(time);
        var client = clients.CreateClient(GooseForwarder.ClientName);
        client.BaseAddress = new Uri(goose.Url);
        var api = DuckApiClient.Create(client);
        var started = time.GetTimestamp();
        while (time.GetElapsedTime(started) < patience)
        {
            try
            {
                using var response = await api.GetGooseAsync(cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or Refit.ApiExceptionBase)
            {
                // Not reachable yet, or restarting: keep trying until patience runs out.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
