using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Host.Http;
using DuckDuckGoose.Host.Storage;
using DuckDuckGoose.Host.Tests.Support;
using Microsoft.AspNetCore.Mvc;

namespace DuckDuckGoose.Host.Tests.Http;

public sealed class PeerEndpointsTests : IDisposable
{
    private static readonly Uri Message = new("/raft/message", UriKind.Relative);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string StateFile => _data.Combine(FileStateStore.FileName);

    [Fact]
    public async Task A_peer_request_is_answered_with_the_reply_message()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Message, (PeerMessage)new VoteRequest("b", 1, 1, 0, PreVote: true), PeerJsonContext.Default.PeerMessage);
        var reply = await response.Content.ReadFromJsonAsync(PeerJsonContext.Default.PeerMessage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A node in term 0 has acknowledged no Goose, so it owes no lease and grants the pre-vote for the
        // proposed term (thesis §9.6); the refusal after a restart is the core's to test.
        Assert.Equal(new VoteResponse("a", 1, Granted: true, PreVote: true), reply);
    }

    [Fact]
    public async Task A_heartbeat_from_a_Goose_makes_a_Duck_follow_it_after_saving_the_new_term()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync(Message, (PeerMessage)new AppendRequest("b", 2, 1, 1, 0, [], 1, null), PeerJsonContext.Default.PeerMessage);

        Assert.Equal(new AppendResponse("a", 2, 1, true, 1), await response.Content.ReadFromJsonAsync(PeerJsonContext.Default.PeerMessage));
        Assert.Equal(2, (await new FileStateStore(_data.Path).LoadAsync(CancellationToken.None))!.Term);
        Assert.Equal("b", factory.Node.GetStatus().Goose?.Id);
    }

    [Fact]
    public async Task A_peer_stream_answers_each_frame_with_the_reply_or_a_failure_that_changes_nothing()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var socket = await factory.Server.CreateWebSocketClient().ConnectAsync(new Uri(factory.Server.BaseAddress, "/raft/stream"), CancellationToken.None);

        // A heartbeat of a Goose in term 2: acknowledged on the stream, and the new term saved as over POST.
        var heartbeat = await RoundTripAsync(socket, 41, Encoding.UTF8.GetBytes(JsonSerializer.Serialize((PeerMessage)new AppendRequest("b", 2, 1, 1, 0, [], 1, null), PeerJsonContext.Default.PeerMessage)));
        Assert.Equal((41L, (byte)0), (heartbeat.Id, heartbeat.Kind));
        Assert.Equal(new AppendResponse("a", 2, 1, true, 1), JsonSerializer.Deserialize(heartbeat.Payload, PeerJsonContext.Default.PeerMessage));
        Assert.Equal(2, (await new FileStateStore(_data.Path).LoadAsync(CancellationToken.None))!.Term);

        // Not a peer message, then one from a sender with no id: refused with why, and the term stays.
        var junk = await RoundTripAsync(socket, 42, "{\"type\":\"vote\",\"from\":\"b\""u8.ToArray());
        Assert.Equal((42L, (byte)1), (junk.Id, junk.Kind));
        Assert.StartsWith("Malformed peer message", Encoding.UTF8.GetString(junk.Payload));
        var anonymous = await RoundTripAsync(socket, 43, Encoding.UTF8.GetBytes(JsonSerializer.Serialize((PeerMessage)new VoteRequest("", 9, 9, 9, PreVote: false), PeerJsonContext.Default.PeerMessage)));
        Assert.Equal((43L, (byte)1), (anonymous.Id, anonymous.Kind));
        Assert.Equal(2, factory.Node.GetStatus().Term);
    }

    [Fact]
    public async Task The_stream_path_without_a_WebSocket_upgrade_is_a_400_problem()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/raft/stream", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal("Not a WebSocket upgrade", problem!.Title);
    }

    private static async Task<(long Id, byte Kind, byte[] Payload)> RoundTripAsync(WebSocket socket, long id, byte[] json)
    {
        var frame = new byte[8 + json.Length];
        BinaryPrimitives.WriteInt64LittleEndian(frame, id);
        json.CopyTo(frame, 8);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, deadline.Token);
        var buffer = new byte[64 * 1024];
        var count = 0;
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, count, buffer.Length - count), deadline.Token);
            count += result.Count;
        }
        while (!result.EndOfMessage);

        return (BinaryPrimitives.ReadInt64LittleEndian(buffer), buffer[8], buffer[9..count]);
    }

    public static TheoryData<string, string, string> BadBodies() => new()
    {
        { "application/json", "{\"type\":\"vote\",\"from\":\"b\",\"term\":7", "Malformed peer message" },
        { "application/json", "{\"type\":\"vote\",\"from\":\"b\"}", "Malformed peer message" },
        { "application/json", "{\"type\":\"mystery\",\"from\":\"b\",\"term\":7}", "Malformed peer message" },
        { "application/json", "{\"from\":\"b\",\"term\":7}", "Malformed peer message" },
        { "application/json", "null", "Malformed peer message" },
        { "application/json", "", "Malformed peer message" },
        { "text/plain", "{\"type\":\"vote\",\"from\":\"b\",\"term\":7,\"lastLogIndex\":9,\"lastLogTerm\":7,\"preVote\":false}", "Malformed peer message" },
        { "application/json", "{\"type\":\"vote\",\"from\":\"\",\"term\":7,\"lastLogIndex\":9,\"lastLogTerm\":7,\"preVote\":false}", "Peer message rejected" },
        { "application/json", "{\"type\":\"vote-response\",\"from\":\"b\",\"term\":7,\"granted\":true,\"preVote\":false}", "Peer message rejected" },
        { "application/json", Append("[{\"index\":3,\"term\":7,\"members\":null}]"), "Peer message rejected" },
        { "application/json", Append("[{\"index\":2,\"term\":8,\"members\":null}]"), "Peer message rejected" },
        { "application/json", Append("[{\"index\":2,\"term\":7,\"members\":[{\"id\":\"b\",\"url\":\"http://b\"},{\"id\":\"b\",\"url\":\"http://c\"}]}]"), "Peer message rejected" },
        { "application/json", Append("[]", "\"snapshot\":null,\"leaseMs\":-1"), "Peer message rejected" },
        { "application/json", Append("[]", "\"snapshot\":{\"index\":0,\"term\":0,\"members\":[]}"), "Peer message rejected" },
        { "application/json", Append("[]", "\"snapshot\":null,\"cluster\":\"\""), "Peer message rejected" },
    };

    /// <summary>A heartbeat of term 7 from b after index 1, with <paramref name="entries"/> and more properties.</summary>
    private static string Append(string entries, string more = "\"snapshot\":null") =>
        $$"""{"type":"append","from":"b","term":7,"round":1,"prevLogIndex":1,"prevLogTerm":0,"entries":{{entries}},"commitIndex":1,{{more}}}""";

    [Fact]
    public async Task A_request_from_a_sender_outside_the_configuration_gets_403_and_changes_nothing()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();
        var before = await File.ReadAllBytesAsync(StateFile);

        using var response = await client.PostAsJsonAsync(Message, (PeerMessage)new VoteRequest("z", 7, 1, 0, PreVote: false), PeerJsonContext.Default.PeerMessage);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(("Peer message refused", "urn:duckduckgoose:peer:not-a-member"), (problem?.Title, problem?.Type));
        Assert.Equal(before, await File.ReadAllBytesAsync(StateFile));
        Assert.Equal(0, factory.Node.GetStatus().Term);
        Assert.Equal(1, factory.Node.RefusedMessages["not-a-member"]);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_malformed_peer_message_gets_400_problem_details_and_changes_nothing(string contentType, string body, string title)
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();
        var before = await File.ReadAllBytesAsync(StateFile);

        using var response = await client.PostAsync(Message, new StringContent(body, Encoding.UTF8, contentType));
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((400, title), (problem?.Status, problem?.Title));
        Assert.False(string.IsNullOrEmpty(problem?.Detail));
        Assert.Equal(before, await File.ReadAllBytesAsync(StateFile));
        Assert.Equal(0, factory.Node.GetStatus().Term);
    }

    [Fact]
    public async Task An_oversized_peer_message_gets_400_problem_details_and_changes_nothing()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();
        var before = await File.ReadAllBytesAsync(StateFile);

        // A well-formed heartbeat of a higher term, padded past the cap: had it been read, the term would move.
        var entries = Enumerable.Range(2, 2000).Select(i => new LogEntry(i, 9, null)).ToList();
        PeerMessage huge = new AppendRequest("b", 9, 1, 1, 0, entries, 1, null);
        using var content = JsonContent.Create(huge, PeerJsonContext.Default.PeerMessage);
        await content.LoadIntoBufferAsync();
        Assert.True(content.Headers.ContentLength > PeerMessageReader.MaxBytes);

        using var response = await client.PostAsync(Message, content);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("larger than 65536 bytes", problem?.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(StateFile));
        Assert.Equal(0, factory.Node.GetStatus().Term);
    }

    [Fact]
    public async Task An_oversized_body_without_a_length_is_cut_off_at_the_cap()
    {
        using var factory = await NodeFixtures.StartDuckAsync(_data.Path);
        using var client = factory.CreateClient();
        var padding = new string(' ', PeerMessageReader.MaxBytes);
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(
            "{\"type\":\"vote\",\"from\":\"b\",\"term\":7,\"lastLogIndex\":9,\"lastLogTerm\":7,\"preVote\":false" + padding + "}")));
        content.Headers.ContentType = new("application/json");
        content.Headers.ContentLength = null;

        using var response = await client.PostAsync(Message, content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, factory.Node.GetStatus().Term);
    }
}
