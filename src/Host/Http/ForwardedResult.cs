namespace DuckDuckGoose.Host.Http;

/// <summary>The Goose's answer to a request a Duck passed on, relayed as it came: status, body and <c>Retry-After</c>.</summary>
public sealed class ForwardedResult : IResult
{
    private readonly int _status;
    private readonly string? _contentType;
    private readonly byte[] _body;
    private readonly string? _retryAfter;

    internal ForwardedResult(int status, string? contentType, byte[] body, string? retryAfter)
    {
        _status = status;
        _contentType = contentType;
        _body = body;
        _retryAfter = retryAfter;
    }

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = _status;
        if (_contentType is not null)
        {
            httpContext.Response.ContentType = _contentType;
        }

        if (_retryAfter is not null)
        {
            httpContext.Response.Headers.RetryAfter = _retryAfter;
        }

        await httpContext.Response.Body.WriteAsync(_body, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
