using System.Collections.Concurrent;
using System.Net;
using System.Text;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Deploy.Tests;

/// <summary>
/// A stand-in for the Kubernetes API server on loopback (plain HTTP): records every request and answers
/// with <see cref="Status"/> and a small JSON body, as the API server answers a pod PATCH.
/// </summary>
internal sealed class FakeKubernetesApi : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public FakeKubernetesApi()
    {
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public string Url { get; }

    /// <summary>What the next requests are answered with.</summary>
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public ConcurrentQueue<ApiRequest> Requests { get; } = new();

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            Requests.Enqueue(new ApiRequest(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Headers["Authorization"],
                context.Request.ContentType,
                await reader.ReadToEndAsync()));
            var body = Status == HttpStatusCode.OK
                ? """{"kind":"Pod","apiVersion":"v1"}"""
                : """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods is forbidden: cannot patch resource","reason":"Forbidden","code":403}""";
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = (int)Status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

/// <summary>One request the fake API server took.</summary>
internal sealed record ApiRequest(string Method, string Path, string? Authorization, string? ContentType, string Body);
