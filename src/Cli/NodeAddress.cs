namespace DuckDuckGoose.Cli;

/// <summary>Reads the node address given to <c>--url</c> or <c>DUCKCTL_URL</c>.</summary>
public static class NodeAddress
{
    /// <summary>
    /// An absolute http(s) URL, or <c>host:port</c> (as the node's own <c>join</c> setting takes it), which
    /// means <c>http://host:port</c>. A trailing slash is dropped; a query or fragment is refused.
    /// </summary>
    public static bool TryParse(string? text, out Uri url)
    {
        url = null!;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "http://" + trimmed;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var parsed)
            || parsed.Scheme is not ("http" or "https")
            || string.IsNullOrEmpty(parsed.Host)
            || parsed.Query.Length > 0
            || parsed.Fragment.Length > 0
            || parsed.UserInfo.Length > 0)
        {
            return false;
        }

        url = new Uri(parsed.GetLeftPart(UriPartial.Path).TrimEnd('/'));
        return true;
    }

    /// <summary>The address as given back to people: without the slash <see cref="Uri"/> adds after a bare host.</summary>
    public static string Format(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.AbsoluteUri.TrimEnd('/');
    }
}
