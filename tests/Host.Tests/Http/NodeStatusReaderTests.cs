using System.Net;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Host.Http;

namespace DuckDuckGoose.Host.Tests.Http;

public sealed class NodeStatusReaderTests
{
    private const string Status = """{"id":"b","url":"http://10.0.0.2:4001","role":"Duck","state":"Follower","term":3,"goose":null,"memberCount":2,"members":[],"clusterId":"c1"}""";

    [Theory]
    [InlineData("http://10.0.0.2:4001")]
    [InlineData("http://10.0.0.2:4001/")]
    public async Task It_reads_the_status_document_at_the_node_s_status_path(string url)
    {
        Uri? asked = null;
        using var client = Client(request =>
        {
            asked = request.RequestUri;
            return Answer(HttpStatusCode.OK, Status);
        });

        var status = await NodeStatusReader.ReadAsync(client, url, CancellationToken.None);

        Assert.Equal(new Uri("http://10.0.0.2:4001/status"), asked);
        Assert.Equal(("b", NodeRole.Duck, 3L, 2, "c1"), (status.Id, status.Role, status.Term, status.MemberCount, status.ClusterId));
    }

    [Fact]
    public async Task An_answer_other_than_2xx_throws_HttpRequestException()
    {
        using var client = Client(_ => Answer(HttpStatusCode.ServiceUnavailable, Status));

        await Assert.ThrowsAsync<HttpRequestException>(() => NodeStatusReader.ReadAsync(client, "http://10.0.0.2:4001", CancellationToken.None));
    }

    [Theory]
    [InlineData("<html>a proxy's page</html>")]
    [InlineData("null")]
    [InlineData("""{"id":"b","role":"Emperor"}""")]
    public async Task An_answer_that_is_not_a_status_document_throws_JsonException(string body)
    {
        using var client = Client(_ => Answer(HttpStatusCode.OK, body));

        await Assert.ThrowsAnyAsync<JsonException>(() => NodeStatusReader.ReadAsync(client, "http://10.0.0.2:4001", CancellationToken.None));
    }

    private static HttpClient Client(Func<HttpRequestMessage, HttpResponseMessage> answer) => new(new Handler(answer));

    private static HttpResponseMessage Answer(HttpStatusCode code, string body) =>
        new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }
}
