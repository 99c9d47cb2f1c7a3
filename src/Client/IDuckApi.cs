using Refit;

namespace DuckDuckGoose.Client;

/// <summary>
/// The typed client of a node's admin API, operation by operation the same as the OpenAPI document the
/// node serves at <c>/swagger/v1/swagger.json</c> (a test checks that they agree). Create one with
/// <see cref="DuckApiClient.Create(Uri, string?, HttpMessageHandler?)"/> or register it with
/// <see cref="DuckApiServiceCollectionExtensions.AddDuckApiClient"/>. Errors arrive as
/// <see cref="DuckApiException"/> carrying the node's problem details.
/// </summary>
public interface IDuckApi
{
    /// <summary><c>GET /status</c>: this node's role and its view of the cluster.</summary>
    [Get("/status")]
    Task<NodeStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /goose</c>: success (200) only when this node is the Goose; 503 otherwise, with the same body.</summary>
    [Get("/goose")]
    Task<IApiResponse<NodeStatus>> GetGooseAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /duck</c>: success (200) only when this node is a Duck; 503 otherwise, with the same body.</summary>
    [Get("/duck")]
    Task<IApiResponse<NodeStatus>> GetDuckAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /cluster</c>: the members as this node sees them; from the Goose, with how long ago each was heard.</summary>
    [Get("/cluster")]
    Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken = default);

    /// <summary><c>POST /cluster/members</c>: adds a member (what <c>DUCK_JOIN</c> does); a Duck passes it on to the Goose.</summary>
    [Post("/cluster/members")]
    Task<MemberChange> AddMemberAsync([Body] AddMemberRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /cluster/members/{id}</c>: removes a member, also a node leaving on purpose; a Duck passes it on to the Goose.</summary>
    [Delete("/cluster/members/{id}")]
    Task<MemberChange> RemoveMemberAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>POST /cluster/members/{id}/leave</c>: a member leaves for now (a non-voter is removed, a voter hands its seat to a non-voter); what a node stopping with SIGTERM asks.</summary>
    [Post("/cluster/members/{id}/leave")]
    Task<MemberChange> LeaveAsync(string id, CancellationToken cancellationToken = default);

    /// <summary><c>POST /cluster/step-down</c>: the Goose hands leadership over (Raft thesis §3.10) and answers once the new Goose is known.</summary>
    [Post("/cluster/step-down")]
    Task<StepDownResult> StepDownAsync([Body] StepDownRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /cluster/voters</c>: how many voters the cluster keeps; a Duck passes it on to the Goose, whose Autopilot then moves the voters to it.</summary>
    [Put("/cluster/voters")]
    Task<VotersChange> SetVotersAsync([Body] VotersRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>GET /events</c>: this node's recent election events, oldest first.</summary>
    [Get("/events")]
    Task<IReadOnlyList<ElectionEvent>> GetEventsAsync([Query] int? limit = null, CancellationToken cancellationToken = default);
}
