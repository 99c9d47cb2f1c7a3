namespace DuckDuckGoose.Browser.Tests;

/// <summary>A response as Swagger UI shows it under "Server response": the status code and the body text.</summary>
public sealed record ShownResponse(int StatusCode, string Body)
{
    public override string ToString() => $"{StatusCode} {Body}";
}
