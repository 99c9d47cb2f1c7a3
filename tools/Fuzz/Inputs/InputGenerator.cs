using System.Text;
using DuckDuckGoose.Fuzz.Forgery;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>
/// Decides input number <c>i</c> of a run from the seed alone (each index has its own <see cref="Random"/>),
/// so inputs can be sent concurrently and a seed still sends the same bytes.
/// </summary>
public sealed class InputGenerator
{
    private readonly int _seed;
    private readonly InputPlan _plan;
    private readonly (FuzzCategory Category, int Weight)[] _weights;
    private readonly int _total;

    /// <summary>A generator for <paramref name="plan"/> and <paramref name="seed"/>.</summary>
    public InputGenerator(int seed, InputPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _seed = seed;
        _plan = plan;
        var weights = new List<(FuzzCategory, int)>
        {
            (FuzzCategory.AdminBody, 12),
            (FuzzCategory.AdminRoute, 12),
            (FuzzCategory.RawHttp, 6),
        };
        if (plan.Http)
        {
            weights.Add((FuzzCategory.PeerJson, 24));
            weights.Add((FuzzCategory.PeerHttp, 5));
            weights.Add((FuzzCategory.ForgedHttp, 10));
        }

        if (plan.ZeroMq)
        {
            weights.Add((FuzzCategory.ZeroMqRaw, 4));
            weights.Add((FuzzCategory.ZeroMqFrames, 16));
            weights.Add((FuzzCategory.ForgedZeroMq, 10));
        }

        _weights = [.. weights];
        _total = _weights.Sum(w => w.Weight);
    }

    /// <summary>The <see cref="Random"/> of input <paramref name="index"/> under <paramref name="seed"/>.</summary>
    public static Random RandomFor(int seed, long index)
    {
        // SplitMix64's finaliser: stable across processes and machines (HashCode.Combine is seeded per process).
        var x = ((ulong)(uint)seed << 32) ^ (ulong)index;
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return new Random(unchecked((int)x ^ (int)(x >> 32)));
    }

    /// <summary>Input number <paramref name="index"/>.</summary>
    public FuzzInput Next(long index)
    {
        var random = RandomFor(_seed, index);
        var category = Pick(random.Next(_total));
        var node = random.Next(_plan.NodeCount);
        var head = new FuzzInput(index, category, node, InputKind.Http, "");
        switch (category)
        {
            case FuzzCategory.PeerJson:
            {
                var (body, how) = PeerJunk.Next(random);
                return head with { Description = how, Method = "POST", Path = "/raft/message", ContentType = "application/json", Body = body };
            }

            case FuzzCategory.PeerHttp:
                return PeerHttp(random, head);
            case FuzzCategory.AdminBody:
            {
                var bodied = _plan.Endpoints.Where(e => e.HasBody).ToList();
                var (method, path, contentType, body, headers, how) = AdminJunk.Body(random, bodied[random.Next(bodied.Count)], _plan.AdminToken);
                return head with { Description = how, Method = method, Path = WithMember(random, path), ContentType = contentType, Body = body, Headers = headers };
            }

            case FuzzCategory.AdminRoute:
            {
                var (method, path, headers, how) = AdminJunk.Route(random, _plan.Endpoints[random.Next(_plan.Endpoints.Count)], _plan.AdminToken);
                return head with { Description = how, Method = method, Path = WithMember(random, path), Headers = headers };
            }

            case FuzzCategory.RawHttp:
            {
                var (bytes, how) = RawHttpJunk.Next(random);
                return head with { Kind = InputKind.RawHttp, Description = how, Body = bytes };
            }

            case FuzzCategory.ZeroMqRaw:
            {
                var (bytes, how) = ZeroMqJunk.Raw(random);
                return head with { Kind = InputKind.RawZeroMq, Description = how, Body = bytes };
            }

            case FuzzCategory.ZeroMqFrames:
            {
                var (frames, how, correlation) = ZeroMqJunk.Frames(random, (ulong)index);
                return head with { Kind = InputKind.ZeroMqMessage, Description = how, Frames = frames, Correlation = correlation };
            }

            default:
                return Forged(random, head);
        }
    }

    /// <summary>A forged input; its body is made at delivery (<see cref="ForgerySigner"/>), since a tag holds the time.</summary>
    private FuzzInput Forged(Random random, FuzzInput head)
    {
        var forgery = _plan.Forgeries.Next(random, _plan.MemberIds[head.Node], head.Index);
        var description = forgery.Case;
        return head.Category == FuzzCategory.ForgedHttp
            ? head with { Description = description, Method = "POST", Path = "/raft/message", ContentType = "application/json", Forgery = forgery }
            : head with
            {
                Kind = InputKind.ZeroMqMessage,
                Description = description,
                Frames = [ZeroMqJunk.Header(ZeroMqJunk.Request, (ulong)head.Index)],
                Correlation = (ulong)head.Index,
                Forgery = forgery,
            };
    }

    private static FuzzInput PeerHttp(Random random, FuzzInput head)
    {
        var valid = Encoding.UTF8.GetBytes(PeerJunk.BaseMessage(random).ToJsonString());
        var input = head with { Method = "POST", Path = "/raft/message", ContentType = "application/json", Body = valid };
        return random.Next(6) switch
        {
            0 => input with { Description = "wrong-content-type", ContentType = new[] { "text/plain", "application/xml", "application/x-www-form-urlencoded", "application/jsonx", "" }[random.Next(5)] },
            1 => input with { Description = "no-content-type", ContentType = null },
            2 => input with { Description = "empty-body", Body = [] },
            3 => input with { Description = "oversized-body", Body = Encoding.UTF8.GetBytes("{\"type\":\"vote\",\"from\":\"" + JsonJunk.HugeString(random, 64 * 1024, 300_000) + "\"}") },
            4 => input with { Description = "wrong-method", Method = new[] { "GET", "PUT", "DELETE", "PATCH" }[random.Next(4)] },
            _ => input with { Description = "json-charset", ContentType = "application/json; charset=" + new[] { "utf-16", "latin1", "junk", "\"\"" }[random.Next(4)] },
        };
    }

    private string WithMember(Random random, string path) =>
        path.Replace("MEMBER", _plan.MemberIds[random.Next(_plan.MemberIds.Count)], StringComparison.Ordinal);

    private FuzzCategory Pick(int roll)
    {
        foreach (var (category, weight) in _weights)
        {
            if (roll < weight)
            {
                return category;
            }

            roll -= weight;
        }

        return _weights[^1].Category;
    }
}
