using System.Text;
using System.Text.Json.Nodes;

namespace DuckDuckGoose.Fuzz.Inputs;

/// <summary>
/// Junk for the admin API. A body sent with the right admin token is never a valid request: one of the body
/// schema's string properties always gets a value of another type (and the rest may be broken further), so a
/// fuzz run never adds, readdresses or removes a member or hands over. Without the token anything goes,
/// valid requests included: those must all be refused (401) before the body is read.
/// </summary>
public static class AdminJunk
{
    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json", "application/json", "text/plain", "application/xml", "application/json; charset=utf-16",
        "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "application/json; charset=nonsense", "*/*", "",
    ];

    /// <summary>One admin-body input (without the node or index filled in).</summary>
    public static (string Method, string Path, string? ContentType, byte[] Body, List<KeyValuePair<string, string>> Headers, string How) Body(
        Random random, HttpEndpoint endpoint, string adminToken)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(endpoint);
        var path = FillPath(random, endpoint.Path, guarded: false);
        var withToken = endpoint.NeedsAdminToken && random.Next(5) < 2;
        var headers = new List<KeyValuePair<string, string>>();
        string how;
        byte[] body;
        if (withToken)
        {
            headers.Add(new("Authorization", "Bearer " + adminToken));
            (body, how) = GuardedBody(random, endpoint);
        }
        else
        {
            if (endpoint.NeedsAdminToken && WrongAuthorization(random, adminToken) is { } wrong)
            {
                headers.Add(new("Authorization", wrong));
            }

            (body, how) = AnyBody(random, endpoint);
            how = (endpoint.NeedsAdminToken ? "no-token:" : "") + how;
        }

        return (endpoint.Method, path, ContentTypes[random.Next(ContentTypes.Length)], body, headers, how);
    }

    /// <summary>
    /// A body that cannot be a valid request. It always starts from an object in which one of the schema's string
    /// properties holds a value of another type, and is then left so or broken only in ways that cannot make it
    /// valid again: cut short (a proper prefix of an object is never JSON), invalid UTF-8 in front, single quotes, a
    /// comment, two objects, over the size cap. (Flipping bits or inserting characters could rename a property,
    /// which the reader ignores, and turn it into a valid request; a step-down with no target is one.) Or it is
    /// no object at all: deep nesting, an array, a string, a number.
    /// </summary>
    public static (byte[] Body, string How) GuardedBody(Random random, HttpEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.StringProperties.Count == 0)
        {
            return (Encoding.UTF8.GetBytes("{"), "broken-syntax");
        }

        var doc = Plausible(random, endpoint);
        // WrongValue may draw a string, which would be the right type: then a number instead.
        var wrong = JsonJunk.WrongValue(random, allowNull: false);
        var isString = wrong is JsonValue value && value.TryGetValue<string>(out var drawn) && !JsonJunk.IsRaw(drawn);
        doc[endpoint.StringProperties[random.Next(endpoint.StringProperties.Count)]] = isString ? JsonValue.Create(7) : wrong;
        var text = JsonJunk.Render(doc);
        var bytes = Encoding.UTF8.GetBytes(text);
        string[] notObjects = ["[]", "\"vote\"", "42", "true", "[{\"targetId\":null}]", "-1e309"];
        switch (random.Next(9))
        {
            case 0:
                return (bytes[..random.Next(1, bytes.Length)], "cut-short");
            case 1:
                // In front, not inside: invalid UTF-8 in a property name renames it (the reader skips unknown
                // names without decoding them), which made {"targetI\xC3(d":7} a valid step-down with no target.
                return ([0xC3, 0x28, .. bytes], "invalid-utf8");
            case 2:
                return (Encoding.UTF8.GetBytes(text.Replace('"', '\'')), "single-quotes");
            case 3:
                return (Encoding.UTF8.GetBytes("/* c */" + text), "comment");
            case 4:
                return ([.. bytes, .. bytes], "two-objects");
            case 5:
                // Over the 16 KiB cap.
                doc["padding"] = JsonJunk.HugeString(random, 17_000, 80_000);
                return (Encoding.UTF8.GetBytes(JsonJunk.Render(doc)), "too-large");
            case 6:
                return (Encoding.UTF8.GetBytes(JsonJunk.DeepNesting(random, 60, 5_000)), "deep-nesting");
            case 7:
                return (Encoding.UTF8.GetBytes(notObjects[random.Next(notObjects.Length)]), "not-an-object");
            default:
                return (bytes, "wrong-type");
        }
    }

    /// <summary>Any body: valid-looking, broken, or huge.</summary>
    private static (byte[] Body, string How) AnyBody(Random random, HttpEndpoint endpoint) =>
        random.Next(3) == 0
            ? (Encoding.UTF8.GetBytes(Plausible(random, endpoint).ToJsonString()), "valid-shape")
            : GuardedBody(random, endpoint);

    /// <summary>An object of the body schema's string properties with plausible values, plus maybe one it does not know.</summary>
    private static JsonObject Plausible(Random random, HttpEndpoint endpoint)
    {
        var doc = new JsonObject();
        foreach (var name in endpoint.StringProperties)
        {
            doc[name] = name == "url" ? "http://127.0.0.1:1" : "fuzz-" + random.Next(100_000);
        }

        if (random.Next(4) == 0)
        {
            doc["unknown"] = 1;
        }

        return doc;
    }

    /// <summary>An Authorization header that is not the right one, or null for none.</summary>
    public static string? WrongAuthorization(Random random, string adminToken)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(adminToken);
        return random.Next(9) switch
        {
            0 => null,
            1 => "Bearer " + adminToken[..^1] + (adminToken[^1] == 'x' ? 'y' : 'x'),
            2 => "Bearer " + adminToken[..^1],
            3 => "Bearer " + adminToken + "x",
            4 => "bearer" + adminToken,
            5 => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + adminToken)),
            6 => "Bearer " + JsonJunk.HugeString(random, 1_000, 8_000),
            7 => "Bearer ",
            _ => adminToken,
        };
    }

    /// <summary>A GET/HEAD or wrong-method request at a documented route, with junk query, path and headers.</summary>
    public static (string Method, string Path, List<KeyValuePair<string, string>> Headers, string How) Route(
        Random random, HttpEndpoint endpoint, string adminToken)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(endpoint);
        var headers = new List<KeyValuePair<string, string>>();
        string[] accepts = ["text/plain", "*/*", "application/xml", "junk", "text/plain;q=nan", "application/json, text/plain;q=0.1"];
        if (random.Next(2) == 0)
        {
            headers.Add(new("Accept", accepts[random.Next(accepts.Length)]));
        }

        switch (random.Next(5))
        {
            case 0:
                // A method the route does not serve: 405, never the operation.
                string[] methods = ["PUT", "PATCH", "OPTIONS", "TRACE", "FUZZ", endpoint.Method == "GET" ? "POST" : "GET"];
                return (methods[random.Next(methods.Length)], FillPath(random, endpoint.Path, guarded: true), headers, "wrong-method");
            case 1:
                string[] unknown = ["/status/../cluster", "/%2e%2e/%2e%2e/etc/passwd", "/swagger/../../", "/raft/", "/raft/vote", "/cluster/members/", "/" + JsonJunk.HugeString(random, 5_000, 20_000), "/%ff%fe", "/status%00", "//status"];
                return ("GET", unknown[random.Next(unknown.Length)], headers, "unknown-path");
            default:
                if (endpoint.NeedsAdminToken && endpoint.Method == "DELETE")
                {
                    // With the token only ids no member has; without it any id, a member's included.
                    if (random.Next(2) == 0)
                    {
                        headers.Add(new("Authorization", "Bearer " + adminToken));
                        return ("DELETE", FillPath(random, endpoint.Path, guarded: true), headers, "delete-unknown-id");
                    }

                    if (WrongAuthorization(random, adminToken) is { } wrong)
                    {
                        headers.Add(new("Authorization", wrong));
                    }

                    return ("DELETE", FillPath(random, endpoint.Path, guarded: false), headers, "delete-no-token");
                }

                var method = endpoint.Method == "GET" && random.Next(4) == 0 ? "HEAD" : endpoint.Method;
                if (endpoint.HasBody)
                {
                    return ("GET", FillPath(random, endpoint.Path, guarded: true), headers, "get-on-body-route");
                }

                return (method, FillPath(random, endpoint.Path, guarded: true) + Query(random, endpoint), headers, "junk-query");
        }
    }

    private static string Query(Random random, HttpEndpoint endpoint)
    {
        string[] values = ["-1", "0", "1", "2147483648", "9223372036854775808", "abc", "", "1e9", "%00", "1,2", "NaN", JsonJunk.HugeString(random, 100, 5_000)];
        var names = endpoint.QueryParameters.Concat(["x", "limit", "format"]).ToList();
        var parts = Enumerable.Range(0, random.Next(0, 4))
            .Select(_ => Uri.EscapeDataString(names[random.Next(names.Count)]) + "=" + Uri.EscapeDataString(values[random.Next(values.Length)]));
        var query = string.Join('&', parts);
        return query.Length == 0 ? "" : "?" + query;
    }

    /// <summary>The path with every <c>{param}</c> filled with junk; guarded junk never names a member (it starts with <c>fuzz</c> or is not an id at all).</summary>
    private static string FillPath(Random random, string template, bool guarded)
    {
        string[] ids = ["fuzz-" + random.Next(100_000), "fuzz%00", "fuzz" + Uri.EscapeDataString(JsonJunk.OddString(random)), "fuzz" + JsonJunk.HugeString(random, 100, 3_000), "fuzz..%2f..", "%20", "fuzz;drop"];
        var value = ids[random.Next(ids.Length)];
        if (!guarded && random.Next(3) == 0)
        {
            value = "MEMBER";
        }

        var start = template.IndexOf('{', StringComparison.Ordinal);
        return start < 0 ? template : template[..start] + value + template[(template.IndexOf('}', start) + 1)..];
    }
}
