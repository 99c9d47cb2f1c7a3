using System.Globalization;

namespace DuckDuckGoose.Host.Settings;

/// <summary>The <c>join</c> setting: <c>host:port</c> as in the origin project, or an absolute http(s) URL.</summary>
public static class JoinAddress
{
    /// <summary>
    /// Turns <paramref name="value"/> into a base URL such as <c>http://localhost:4001</c>; false when it is
    /// neither form. A <c>host:port</c> gets <paramref name="scheme"/> (<c>https</c> on a node with TLS).
    /// </summary>
    public static bool TryNormalize(string value, out string url, string scheme = "http")
    {
        url = string.Empty;
        var text = value.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            if (!IsHttpUrl(text))
            {
                return false;
            }

            url = text.TrimEnd('/');
            return true;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var host = text[..colon];
        var portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var bareHost = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (Uri.CheckHostName(bareHost) == UriHostNameType.Unknown)
        {
            return false;
        }

        if (bareHost.Contains(':', StringComparison.Ordinal))
        {
            host = $"[{bareHost}]";
        }

        url = $"{scheme}://{host}:{port.ToString(CultureInfo.InvariantCulture)}";
        return true;
    }

    /// <summary>Whether <paramref name="value"/> is an absolute http or https URL with a host.</summary>
    public static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && !string.IsNullOrEmpty(uri.Host);
}
