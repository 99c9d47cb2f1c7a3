using System.Net;
using System.Text;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DuckDuckGoose.Host.Tests.Node;

public sealed class AdvertiseCheckTests
{
    private static readonly Member Self = new("a", "http://127.0.0.1:4001");

    [Fact]
    public async Task AdvertisedUrlAnsweringWithThisNodesIdPasses()
    {
        var check = Check(_ => Json("""{"id":"a","url":"http://127.0.0.1:4001","role":"Goose","state":"Leader","term":1,"goose":null,"memberCount":1,"members":[]}"""));

        Assert.True(await check.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AdvertisedUrlAnsweringAsAnotherNodeFails()
    {
        var check = Check(_ => Json("""{"id":"b","url":"http://127.0.0.1:4001","role":"Duck","state":"Follower","term":1,"goose":null,"memberCount":1,"members":[]}"""));

        Assert.False(await check.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UnreachableAdvertisedUrlFailsWithoutThrowing()
    {
        var check = Check(_ => throw new HttpRequestException("Connection refused"));

        Assert.False(await check.RunAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ItReadsStatusAtTheAdvertisedUrl()
    {
        Uri? asked = null;
        var check = Check(request =>
        {
            asked = request.RequestUri;
            return new HttpResponseMessage(HttpStatusCode.NotFound);
        });

        Assert.False(await check.RunAsync(CancellationToken.None));
        Assert.Equal(new Uri("http://127.0.0.1:4001/status"), asked);
    }

    [Fact]
    public async Task ItRunsTheTransportsSendPathOnceWithAPreVoteToItselfThatChangesNothing()
    {
        var transport = new InMemoryNetwork().CreateTransport(Self.Url);
        var check = Check(_ => Json("""{"id":"a","url":"http://127.0.0.1:4001","role":"Goose","state":"Leader","term":1,"goose":null,"memberCount":1,"members":[]}"""), transport);

        Assert.True(await check.RunAsync(CancellationToken.None));
        var (to, message) = Assert.Single(transport.Sent);
        Assert.Equal((Self, new VoteRequest("a", 0, 0, 0, PreVote: true)), (to, message));
    }

    [Theory]
    [InlineData("<html>not a status</html>")]
    [InlineData("null")]
    [InlineData("""{"id":"a","role":"Emperor"}""")]
    public async Task AnAnswerThatIsNotAStatusDocumentFailsWithoutThrowing(string body)
    {
        var check = Check(_ => Json(body));

        Assert.False(await check.RunAsync(CancellationToken.None));
    }

    private static AdvertiseCheck Check(Func<HttpRequestMessage, HttpResponseMessage> answer, ITransport? transport = null) =>
        new(Self, new Clients(new Handler(answer)), transport ?? new InMemoryNetwork().CreateTransport(Self.Url), NullLogger<AdvertiseCheck>.Instance);

    private static HttpResponseMessage Json(string body) =>
        new(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    private sealed class Clients(HttpMessageHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false);
    }
}
