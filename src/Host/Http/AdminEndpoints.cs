using System.Text.Json;
using DuckDuckGoose.Client;
using DuckDuckGoose.Contracts;
using DuckDuckGoose.Core;
using DuckDuckGoose.Host.Node;
using DuckDuckGoose.Host.Plugins;
using DuckDuckGoose.Host.Settings;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace DuckDuckGoose.Host.Http;

/// <summary>
/// The cluster administration API (tags <c>Cluster</c> and <c>Events</c>): the members as this node sees
/// them, join, remove, hand-over and recent election events. Changes are decided by the Goose; a Duck
/// passes them on to the Goose it knows (<see cref="GooseForwarder"/>), and a node that knows no Goose
/// answers 503 at once instead of hanging.
/// </summary>
public static class AdminEndpoints
{
    /// <summary>Maps the admin endpoints.</summary>
    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var cluster = app.MapGroup("/cluster").WithTags("Cluster");
        cluster.MapGet(string.Empty, GetClusterAsync)
            .WithName("GetCluster");

        var changes = cluster.MapGroup(string.Empty)
            .WithMetadata(new RequiresAdminTokenAttribute())
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        changes.MapPost("/members", AddMemberAsync)
            .WithName("AddMember")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        changes.MapDelete("/members/{id}", RemoveMemberAsync)
            .WithName("RemoveMember")
            .ProducesProblem(StatusCodes.Status404NotFound);
        changes.MapPost("/members/{id}/leave", LeaveAsync)
            .WithName("Leave")
            .ProducesProblem(StatusCodes.Status404NotFound);
        changes.MapPost("/step-down", StepDownAsync)
            .WithName("StepDown")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        changes.MapPut("/voters", SetVotersAsync)
            .WithName("SetVoters")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        app.MapGet("/events", GetEvents)
            .WithTags("Events")
            .WithName("GetEvents")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return app;
    }

    /// <summary>The members as this node sees them; from the Goose, how long ago each was last heard from.</summary>
    public static async Task<Results<Ok<ClusterView>, ProblemHttpResult>> GetClusterAsync(HttpContext context, NodeActor node)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            return TypedResults.Ok(await node.GetClusterAsync(context.RequestAborted).ConfigureAwait(false));
        }
        catch (NodeUnavailableException e)
        {
            return AdminProblems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Node unavailable", e.Message);
        }
    }

    /// <summary>Adds a member (what <c>DUCK_JOIN</c> does). The Goose catches it up as a non-voter first (Raft thesis §4.2.1), then makes it a voter.</summary>
    public static async Task<Results<Ok<MemberChange>, ForwardedResult, ProblemHttpResult>> AddMemberAsync(
        HttpContext context,
        [FromJsonBody] AddMemberRequest request,
        NodeActor node,
        NodePlugins plugins,
        GooseForwarder forwarder,
        NewcomerProbe probe,
        Security.PeerSecurity security)
    {
        ArgumentNullException.ThrowIfNull(security);
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(probe);
        if (MemberProblem(request) is { } problem)
        {
            return BadRequest(context, problem);
        }

        if (request.Peer is { } peer && !plugins.Transport.CanReach(peer))
        {
            return BadRequest(context, $"peer: no transport loaded on node {node.Self.Id} reaches '{peer}'.");
        }

        // A node whose data directory belongs to another cluster must not be added: its log says nothing
        // about ours. A joining node says which cluster it has; for an operator's call the Goose asks it.
        var status = node.Snapshot.Status;
        var theirs = request.ClusterId;
        if (theirs is null && status.State == NodeState.Leader && status.ClusterId is not null && status.Members.All(m => m.Id != request.Id))
        {
            theirs = await probe.ClusterOfAsync(request.Url, context.RequestAborted);
        }

        if (theirs is not null && status.ClusterId is { } ours && theirs != ours)
        {
            return AdminProblems.Create(
                context,
                StatusCodes.Status409Conflict,
                ProblemTypes.ForeignCluster,
                "Node belongs to another cluster",
                $"{request.Id} at {request.Url} {(theirs == NewcomerProbe.WithoutId ? "holds a cluster founded without an id (by an older version)" : $"belongs to cluster {theirs}")}; this cluster is {ours}. A node that was started without join founded a cluster of its own: give it an empty data directory and start it with join.");
        }

        // The default priority is left out of the entry, so a join that names it changes nothing.
        var priority = request.Priority == Member.DefaultPriority ? null : request.Priority;
        var member = new Member(request.Id, request.Url.TrimEnd('/'), request.Peer, priority);

        // With a cluster secret the Goose adds (or re-addresses) only a node that proves it holds the secret
        // for exactly this id and these addresses: a join through any member, and an operator's call alike.
        // A Duck leaves the proof to the Goose it passes the request on to.
        if (security.Secrets is { } secrets && status.State == NodeState.Leader
            && await probe.UnprovenAsync(secrets, node.Self.Id, member, context.RequestAborted) is { } unproven)
        {
            return AdminProblems.Create(
                context,
                StatusCodes.Status403Forbidden,
                ProblemTypes.SecretNotProven,
                "Node did not prove the cluster secret",
                $"{unproven}. Nothing changed. Every member needs the same cluster-secret (or cluster-secret-file); see README, Security.");
        }
        var decided = await DecideAsync(context, node, () => node.ProposeAsync(MembershipChange.Add, member, context.RequestAborted));
        return decided switch
        {
            { Problem: { } failed } => failed,
            { Result: { Outcome: MembershipOutcome.Done } done } =>
                TypedResults.Ok(new MemberChange(member, done.Goose, node.Snapshot.Status.Members, done.Detail)),
            { Result: { Outcome: MembershipOutcome.NotGoose } notGoose } =>
                Widen<MemberChange>(await PassOnAsync(context, node, forwarder, notGoose, JsonSerializer.Serialize(request, DuckApiJsonContext.Default.AddMemberRequest))),
            { Result: { } other } => Refused(context, other),
            _ => throw new InvalidOperationException("No decision."),
        };
    }

    /// <summary>Removes a member for good (a node stopping on purpose asks to leave instead, see <see cref="LeaveAsync"/>); refused (409) when the remaining voters would have no reachable majority.</summary>
    public static Task<Results<Ok<MemberChange>, ForwardedResult, ProblemHttpResult>> RemoveMemberAsync(
        HttpContext context,
        string id,
        NodeActor node,
        GooseForwarder forwarder)
    {
        ArgumentNullException.ThrowIfNull(node);
        return DecideForMemberAsync(context, id, node, forwarder, member => node.ProposeAsync(MembershipChange.Remove, member, context.RequestAborted));
    }

    /// <summary>
    /// A member leaves for now (what a node stopping with SIGTERM asks): a non-voter is removed; a voter's seat
    /// goes to a healthy non-voter and it stays a non-voter, or, with no non-voter to take it, stays a voter.
    /// The Goose refuses its own (409): it hands over first (<c>POST /cluster/step-down</c>).
    /// </summary>
    public static Task<Results<Ok<MemberChange>, ForwardedResult, ProblemHttpResult>> LeaveAsync(
        HttpContext context,
        string id,
        NodeActor node,
        GooseForwarder forwarder)
    {
        ArgumentNullException.ThrowIfNull(node);
        return DecideForMemberAsync(context, id, node, forwarder, member => node.LeaveAsync(member.Id, context.RequestAborted));
    }

    /// <summary>
    /// A change of the member <paramref name="id"/> (remove, leave): a malformed id is 400, an id the Goose does
    /// not know 404; a Duck passes it on to the Goose (the request has no body).
    /// </summary>
    private static async Task<Results<Ok<MemberChange>, ForwardedResult, ProblemHttpResult>> DecideForMemberAsync(
        HttpContext context,
        string id,
        NodeActor node,
        GooseForwarder forwarder,
        Func<Member, Task<CommandResult>> command)
    {
        ArgumentNullException.ThrowIfNull(forwarder);
        if (!NodeOptionsValidator.IsValidId(id))
        {
            return BadRequest(context, $"'{id}' is not a node id (1-64 characters from A-Z a-z 0-9 . _ -).");
        }

        var status = node.Snapshot.Status;
        var member = status.Members.FirstOrDefault(m => m.Id == id);
        if (member is null && status.State == NodeState.Leader)
        {
            return UnknownMember(context, id, status);
        }

        member ??= new Member(id, string.Empty);
        var decided = await DecideAsync(context, node, () => command(member));
        return decided switch
        {
            { Problem: { } failed } => failed,
            { Result: { Outcome: MembershipOutcome.Done } done } =>
                TypedResults.Ok(new MemberChange(member, done.Goose, node.Snapshot.Status.Members, done.Detail)),
            { Result: { Outcome: MembershipOutcome.NotGoose } notGoose } =>
                Widen<MemberChange>(await PassOnAsync(context, node, forwarder, notGoose, jsonBody: null)),
            { Result: { } other } => Refused(context, other),
            _ => throw new InvalidOperationException("No decision."),
        };
    }

    /// <summary>The Goose hands leadership over (Raft thesis §3.10) to the given member or the most up-to-date one; answers when the new Goose reports Goose.</summary>
    public static async Task<Results<Ok<StepDownResult>, ForwardedResult, ProblemHttpResult>> StepDownAsync(
        HttpContext context,
        [FromJsonBody] StepDownRequest? request,
        NodeActor node,
        GooseForwarder forwarder,
        IHttpClientFactory clients,
        IOptions<NodeOptions> options,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(forwarder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var target = request?.TargetId;
        if (target is not null && !NodeOptionsValidator.IsValidId(target))
        {
            return BadRequest(context, $"targetId: '{target}' is not a node id (1-64 characters from A-Z a-z 0-9 . _ -).");
        }

        var status = node.Snapshot.Status;
        if (target is not null && status.State == NodeState.Leader && status.Members.All(m => m.Id != target))
        {
            return UnknownMember(context, target, status);
        }

        var started = time.GetTimestamp();
        var decided = await DecideAsync(context, node, () => node.TransferAsync(target, context.RequestAborted));
        var electionTimeout = TimeSpan.FromMilliseconds(options.Value.ElectionTimeoutMs);
        switch (decided)
        {
            case { Problem: { } failed }:
                return failed;
            case { Result: { Outcome: MembershipOutcome.Done, Goose: { } goose } }:
                await NewGooseConfirmation.WaitAsync(clients, goose, electionTimeout, time, context.RequestAborted);
                return TypedResults.Ok(new StepDownResult(node.Self, goose, node.Snapshot.Status.Term, time.GetElapsedTime(started).TotalMilliseconds));
            case { Result: { Outcome: MembershipOutcome.NotGoose } notGoose }:
                return Widen<StepDownResult>(await PassOnAsync(context, node, forwarder, notGoose, JsonSerializer.Serialize(request ?? new StepDownRequest(), DuckApiJsonContext.Default.StepDownRequest)));
            case { Result: { Outcome: MembershipOutcome.Busy } busy } when time.GetElapsedTime(started) >= electionTimeout:
                return AdminProblems.Create(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    ProblemTypes.HandOverFailed,
                    "Hand-over did not complete",
                    busy.Detail,
                    retryAfterSeconds: 1);
            case { Result: { } other }:
                return Refused(context, other);
            default:
                throw new InvalidOperationException("No decision.");
        }
    }

    /// <summary>
    /// Sets how many voters the cluster keeps (odd, 1 to 9). The Goose commits the new target in the
    /// configuration; its Autopilot then promotes healthy non-voters or demotes voters, one at a time, to match.
    /// </summary>
    public static async Task<Results<Ok<VotersChange>, ForwardedResult, ProblemHttpResult>> SetVotersAsync(
        HttpContext context,
        [FromJsonBody] VotersRequest? request,
        NodeActor node,
        GooseForwarder forwarder)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(forwarder);
        if (request is null)
        {
            return BadRequest(context, "The body must be a JSON object with 'voters'.");
        }

        if (VoterTarget.Problem(request.Voters) is { } problem)
        {
            return BadRequest(context, $"voters: {problem}.");
        }

        var decided = await DecideAsync(context, node, () => node.SetVotersAsync(request.Voters, context.RequestAborted));
        return decided switch
        {
            { Problem: { } failed } => failed,
            { Result: { Outcome: MembershipOutcome.Done } done } =>
                TypedResults.Ok(new VotersChange(request.Voters, done.Goose, node.Snapshot.Status.Members, done.Detail)),
            { Result: { Outcome: MembershipOutcome.NotGoose } notGoose } =>
                Widen<VotersChange>(await PassOnAsync(context, node, forwarder, notGoose, JsonSerializer.Serialize(request, DuckApiJsonContext.Default.VotersRequest))),
            { Result: { } other } => Refused(context, other),
            _ => throw new InvalidOperationException("No decision."),
        };
    }

    /// <summary>This node's recent election events (role and state changes with term, time and reason), oldest first.</summary>
    public static Results<Ok<IReadOnlyList<ElectionEvent>>, ProblemHttpResult> GetEvents(HttpContext context, NodeActor node, EventLimit? limit = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (limit?.Refusal(1, ElectionEventLog.Capacity) is { } refusal)
        {
            return BadRequest(context, refusal);
        }

        return TypedResults.Ok(node.Events.Latest(limit?.Value ?? ElectionEventLog.Capacity));
    }

    private static async Task<Decision> DecideAsync(HttpContext context, NodeActor node, Func<Task<CommandResult>> command)
    {
        try
        {
            return new Decision(await command().ConfigureAwait(false), null);
        }
        catch (NodeUnavailableException e)
        {
            return new Decision(null, AdminProblems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, "Node unavailable", e.Message));
        }
    }

    /// <summary>A Duck passes the request on to the Goose it knows; with no Goose known (or a request already passed on), 503.</summary>
    private static async Task<Results<ForwardedResult, ProblemHttpResult>> PassOnAsync(
        HttpContext context,
        NodeActor node,
        GooseForwarder forwarder,
        CommandResult notGoose,
        string? jsonBody)
    {
        if (notGoose.Goose is { } goose && goose.Id != node.Self.Id && !GooseForwarder.WasForwarded(context.Request))
        {
            return await forwarder.ForwardAsync(context, node.Self.Id, goose, jsonBody).ConfigureAwait(false);
        }

        var why = GooseForwarder.WasForwarded(context.Request)
            ? $"Node {node.Self.Id} was named as the Goose but is not (its view: {notGoose.Detail})."
            : $"Node {node.Self.Id} is not the Goose and knows none: {notGoose.Detail}";
        return AdminProblems.Create(context, StatusCodes.Status503ServiceUnavailable, ProblemTypes.NoGoose, "No Goose reachable", why, retryAfterSeconds: 1);
    }

    private static Results<Ok<T>, ForwardedResult, ProblemHttpResult> Widen<T>(Results<ForwardedResult, ProblemHttpResult> result) =>
        result.Result switch
        {
            ForwardedResult forwarded => forwarded,
            ProblemHttpResult problem => problem,
            _ => throw new InvalidOperationException("Unexpected forwarding result."),
        };

    private static ProblemHttpResult Refused(HttpContext context, CommandResult result) => result.Outcome == MembershipOutcome.Busy
        ? AdminProblems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.Busy, "Change in flight", result.Detail, retryAfterSeconds: 1)
        : AdminProblems.Create(context, StatusCodes.Status409Conflict, ProblemTypes.Rejected, "Change refused", result.Detail);

    private static ProblemHttpResult BadRequest(HttpContext context, string detail) =>
        AdminProblems.Create(context, StatusCodes.Status400BadRequest, ProblemTypes.BadRequest, "Malformed request", detail);

    private static ProblemHttpResult UnknownMember(HttpContext context, string id, CoreStatus status) =>
        AdminProblems.Create(
            context,
            StatusCodes.Status404NotFound,
            ProblemTypes.UnknownMember,
            "Unknown member",
            $"No member has id '{id}'; the members are {string.Join(", ", status.Members.Select(m => m.Id))}.");

    private static string? MemberProblem(AddMemberRequest? request) => request switch
    {
        null => "The body must be a JSON object with 'id' and 'url'.",
        { Id: var id } when !NodeOptionsValidator.IsValidId(id) => $"id: '{id}' is not a node id (1-64 characters from A-Z a-z 0-9 . _ -).",
        { Url: var url } when url is null || !JoinAddress.IsHttpUrl(url) => $"url: '{url}' is not an absolute http or https URL.",
        { Priority: < 0 or > Member.MaxPriority } => $"priority: '{request.Priority}' must be between 0 (never stands for election) and {Member.MaxPriority}.",
        _ => null,
    };

    private sealed record Decision(CommandResult? Result, ProblemHttpResult? Problem);
}
