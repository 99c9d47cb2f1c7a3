using System.Net;
using System.Text.Json.Nodes;
using DuckDuckGoose.Client;
using DuckDuckGoose.LocalCluster;

namespace DuckDuckGoose.Deploy.Tests;

/// <summary>
/// deploy/kubernetes/pod-role-label.sh, the role hook that labels a pod for the Goose's Service, against a
/// fake Kubernetes API on loopback: alone (the request it sends, a refusal, a bad role), and run by a real
/// node as its on-goose and on-duck hooks with the variables a pod has.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PodRoleLabelHookTests : IDisposable
{
    private const string Token = "service-account-token-for-the-test";
    private readonly string _folder = Directory.CreateTempSubdirectory("ddg-k8s-hook-").FullName;
    private readonly FakeKubernetesApi _api = new();

    public PodRoleLabelHookTests()
    {
        // What Kubernetes mounts at /var/run/secrets/kubernetes.io/serviceaccount.
        var account = Directory.CreateDirectory(Path.Combine(_folder, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(account, "token"), Token);
        File.WriteAllText(Path.Combine(account, "namespace"), "geese");
        File.WriteAllText(Path.Combine(account, "ca.crt"), "not used over plain HTTP");
    }

    private static string Script => DeployFiles.Path("kubernetes", "pod-role-label.sh");

    // What the hook finds in a pod of the StatefulSet (downward API and service account), pointed at the fake API.
    private Dictionary<string, string> Pod => new()
    {
        ["POD_NAME"] = "duckduckgoose-1",
        ["KUBERNETES_API_URL"] = _api.Url,
        ["SERVICEACCOUNT_DIR"] = Path.Combine(_folder, "serviceaccount"),
    };

    public void Dispose()
    {
        _api.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("Goose", "goose")]
    [InlineData("Duck", "duck")]
    public async Task TheHookPatchesItsOwnPodsRoleLabelWithTheServiceAccountToken(string role, string label)
    {
        var run = await RunHookAsync(new Dictionary<string, string>(Pod) { ["DUCK_ROLE"] = role, ["DUCK_TERM"] = "7" });

        Assert.True(run.ExitCode == 0, run.All);
        var request = Assert.Single(_api.Requests);
        Assert.Equal(("PATCH", "/api/v1/namespaces/geese/pods/duckduckgoose-1"), (request.Method, request.Path));
        Assert.Equal($"Bearer {Token}", request.Authorization);
        Assert.Equal("application/merge-patch+json", request.ContentType);
        Assert.Equal(label, JsonNode.Parse(request.Body)!["metadata"]!["labels"]!["duckduckgoose/role"]!.GetValue<string>());
        Assert.Single(JsonNode.Parse(request.Body)!.AsObject());
        Assert.Contains($"geese/duckduckgoose-1 labelled duckduckgoose/role={label} (term 7)", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefusalFailsTheHookWithTheApisAnswerSoTheNodeRetriesIt()
    {
        _api.Status = HttpStatusCode.Forbidden;

        var run = await RunHookAsync(new Dictionary<string, string>(Pod) { ["DUCK_ROLE"] = "Goose" });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("answered 403", run.Error, StringComparison.Ordinal);
        Assert.Contains("pods is forbidden", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnreachableApiFailsTheHook()
    {
        var closed = $"http://127.0.0.1:{FreePort.Next()}";

        var run = await RunHookAsync(new Dictionary<string, string>(Pod) { ["DUCK_ROLE"] = "Duck", ["KUBERNETES_API_URL"] = closed });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"could not reach the Kubernetes API at {closed}", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARoleOtherThanGooseOrDuckChangesNothing()
    {
        var run = await RunHookAsync(new Dictionary<string, string>(Pod) { ["DUCK_ROLE"] = "Candidate" });

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("DUCK_ROLE is 'Candidate', not Goose or Duck", run.Error, StringComparison.Ordinal);
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task ANodeRunningTheHookLabelsItsPodDuckAtStartThenGooseAndReportsItsHooksConverged()
    {
        await using var cluster = new ProcessCluster(new ProcessClusterOptions
        {
            RootDirectory = Path.Combine(_folder, "cluster"),
            CommonSettings = { ["on-goose"] = Script, ["on-duck"] = Script },
            CommonEnvironment = Pod,
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        await cluster.StartAsync(1, NodeSettingsStyle.CommandLine, TimeSpan.FromSeconds(90), cancel.Token);
        var node = Assert.Single(cluster.Nodes);
        HookStatus? hooks = null;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && hooks is not { Converged: true, AppliedRole: NodeRole.Goose })
        {
            await Task.Delay(100, cancel.Token);
            hooks = (await node.Api.GetStatusAsync(cancel.Token)).Hooks;
        }

        Assert.True(hooks is { Converged: true, AppliedRole: NodeRole.Goose }, $"the node's hooks did not converge on Goose within 60 s: {hooks}\n{cluster.DescribeLogs()}");
        var labels = _api.Requests.Select(r => JsonNode.Parse(r.Body)!["metadata"]!["labels"]!["duckduckgoose/role"]!.GetValue<string>()).ToList();
        Assert.Equal(["duck", "goose"], labels);
        Assert.All(_api.Requests, r => Assert.Equal("/api/v1/namespaces/geese/pods/duckduckgoose-1", r.Path));
    }

    private static Task<ToolRun> RunHookAsync(IReadOnlyDictionary<string, string> environment) =>
        ToolRun.RunAsync("/bin/sh", [Script], environment, TimeSpan.FromSeconds(30));
}
