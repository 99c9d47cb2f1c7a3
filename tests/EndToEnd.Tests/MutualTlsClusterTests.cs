using System.Net;
using System.Net.Http.Json;
using System.Security.Authentication;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>
/// Three real node processes on mutual TLS with a CA made for this test (<see cref="ClusterCertificates"/>):
/// they elect a Goose and fail over after kill -9 over https, the peer endpoint refuses a caller without a
/// client certificate, and a caller that does not trust the CA fails the handshake.
/// </summary>
public sealed class MutualTlsClusterTests : IAsyncLifetime
{
    private readonly ProcessCluster _cluster;

    public MutualTlsClusterTests()
    {
        var folder = Path.Combine(Path.GetTempPath(), "duckduckgoose-tls-" + Guid.NewGuid().ToString("N")[..8]);
        _cluster = EndToEnd.NewCluster(new ProcessClusterOptions
        {
            StatusTimeout = TimeSpan.FromSeconds(2),
            RootDirectory = folder,
            Certificates = ClusterCertificates.Create(Path.Combine(folder, "tls")),
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Three_nodes_on_mutual_TLS_elect_a_goose_fail_over_after_kill_9_and_refuse_callers_without_a_cluster_certificate()
    {
        var old = await _cluster.StartAsync(3, NodeSettingsStyle.Environment, EndToEnd.Deadline, CancellationToken.None);
        var settled = await _cluster.ObserveAsync(CancellationToken.None);
        var members = settled.Answered.SelectMany(p => p.Status!.Members).Distinct().ToList();
        Assert.True(members.Count == 3 && members.All(m => m.Url.StartsWith("https://", StringComparison.Ordinal)),
            $"every member must be advertised at an https URL; seen: {string.Join(", ", members.Select(m => $"{m.Id} {m.Url}"))}");

        // No client certificate: the handshake succeeds (Swagger UI stays reachable) but a peer message is refused.
        var duck = settled.Answered.First(p => p.IsDuck).Node;
        using (var noCertificate = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => c is not null && _cluster.Nodes[0].Tls!.IsIssuedByAuthority(new(c)) },
        }))
        {
            using var swagger = await noCertificate.GetAsync(duck.Url + "/swagger/index.html");
            Assert.Equal(HttpStatusCode.OK, swagger.StatusCode);
            using var message = await noCertificate.PostAsJsonAsync(
                duck.Url + "/raft/message",
                (PeerMessage)new VoteRequest("intruder", 1_000_000, 0, 0, PreVote: false),
                PeerJsonContext.Default.PeerMessage);
            var body = await message.Content.ReadAsStringAsync();
            Assert.True(message.StatusCode == HttpStatusCode.Forbidden && body.Contains("urn:duckduckgoose:peer:no-client-certificate", StringComparison.Ordinal),
                $"a peer message without a client certificate must get 403 no-client-certificate; got {(int)message.StatusCode}: {body}");
        }

        // Not trusting the cluster's CA (the operating system's store): the handshake itself fails.
        using (var untrusting = new HttpClient(new SocketsHttpHandler()))
        {
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(duck.Url + "/status"));
            Assert.True(error.InnerException is AuthenticationException, $"expected a failed TLS handshake; got {error}");
        }

        // An admin change sent to a Duck is passed on to the Goose over TLS (GooseForwarder's client trusts the CA).
        var handOver = await StepDownThroughAsync(duck);
        Assert.True(handOver.PreviousGoose.Id == old.Status!.Id, $"the step-down passed on by {duck.Name} must reach the Goose {old.Status.Id}; got {handOver}");
        old = await _cluster.WaitForAgreedGooseAsync("[tls] every node agrees on the Goose after the hand-over", 3, EndToEnd.Deadline, CancellationToken.None);

        old.Node.Kill();
        var after = await _cluster.WaitForAsync(
            $"[tls] after kill -9 of {old.Node.Name} (the Goose, term {old.Status!.Term}) a survivor is Goose and both survivors agree",
            s => s.AgreedGoose(3) is { } goose && goose.Node != old.Node,
            EndToEnd.Deadline,
            CancellationToken.None);
        Assert.True(after.AgreedGoose(3)!.Status!.Term > old.Status.Term,
            $"[tls] a new Goose is elected in a later term than {old.Status.Term}; seen: {after.Describe()}");
    }

    // As AdminApiTests: a Goose whose first entry has not committed answers busy, and an overloaded machine
    // may miss one election timeout (hand-over-failed); retry those. A forward that cannot reach the Goose
    // over TLS (no-goose) fails at once.
    private static async Task<StepDownResult> StepDownThroughAsync(NodeProcess node)
    {
        var api = DuckApiClient.Create(new Uri(node.Url), handler: node.CreateHandler());
        var failures = new List<string>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            try
            {
                return await api.StepDownAsync(new StepDownRequest(), CancellationToken.None);
            }
            catch (DuckApiException e) when (e.Problem?.Type is ProblemTypes.Busy or ProblemTypes.HandOverFailed)
            {
                failures.Add($"attempt {attempt}: {e.Problem.Type} ({e.Problem.Detail})");
                await Task.Delay(TimeSpan.FromMilliseconds(300));
            }
        }

        Assert.Fail($"[tls] the step-down sent to {node.Name} never completed: {string.Join("; ", failures)}");
        return null!;
    }
}
