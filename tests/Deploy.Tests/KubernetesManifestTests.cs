using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace DuckDuckGoose.Deploy.Tests;

/// <summary>
/// deploy/kubernetes read strictly into the official Kubernetes client's models, then checked against each
/// other, against the image (deploy/Dockerfile) and against the node's settings: what a schema check alone
/// cannot see, such as a selector that matches no pod or a setting the node would refuse.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private readonly KubernetesManifests _manifests = KubernetesManifests.Load();

    private IDictionary<string, string> PodLabels => _manifests.StatefulSet.Spec.Template.Metadata.Labels;

    private int NodePort => _manifests.Node.Ports.Single(p => p.Name == "http").ContainerPort;

    [Fact]
    public void TheKustomizationListsEveryManifestAndEachReadsStrictly()
    {
        var files = Directory.EnumerateFiles(DeployFiles.Path("kubernetes"), "*.yaml").Select(Path.GetFileName).Where(f => f != "kustomization.yaml");

        Assert.Equal(files.Order(), KubernetesManifests.Resources().Order());
        Assert.Equal(
            ["V1PodDisruptionBudget", "V1Role", "V1RoleBinding", "V1Service", "V1Service", "V1Service", "V1ServiceAccount", "V1StatefulSet"],
            _manifests.Objects.Select(o => o.GetType().Name).Order());
    }

    [Theory]
    [InlineData("serviceName: duckduckgoose-peers", "servicName: duckduckgoose-peers")]
    [InlineData("replicas: 3", "replicas: three")]
    [InlineData("      containers:", "      container:")]
    public void TheStrictReadingCatchesAMisspeltFieldOrAWrongType(string good, string bad)
    {
        var yaml = DeployFiles.Read("kubernetes", "statefulset.yaml");
        Assert.Contains(good, yaml, StringComparison.Ordinal);

        Assert.ThrowsAny<Exception>(() => KubernetesManifests.Read(yaml.Replace(good, bad, StringComparison.Ordinal)));
    }

    [Fact]
    public void ThePodsHaveStableNamesThroughAHeadlessServiceThatPublishesStartingPods()
    {
        var peers = _manifests.Service(_manifests.StatefulSet.Spec.ServiceName);

        Assert.Equal("None", peers.Spec.ClusterIP);
        Assert.True(peers.Spec.PublishNotReadyAddresses, "a starting node reaches itself and its peers by name before it is ready");
        AssertSelects(peers.Spec.Selector, "the headless Service");
        Assert.Equal("Parallel", _manifests.StatefulSet.Spec.PodManagementPolicy);
    }

    [Fact]
    public void EverySelectorMatchesTheStatefulSetsPods()
    {
        AssertSelects(_manifests.StatefulSet.Spec.Selector.MatchLabels, "the StatefulSet's selector");
        AssertSelects(_manifests.Objects.OfType<V1PodDisruptionBudget>().Single().Spec.Selector.MatchLabels, "the PodDisruptionBudget");
        AssertSelects(_manifests.Service("duckduckgoose").Spec.Selector, "the Service duckduckgoose");
        foreach (var service in _manifests.Objects.OfType<V1Service>())
        {
            Assert.Equal(NodePort, Assert.Single(service.Spec.Ports).Port);
            Assert.Equal("http", Assert.Single(service.Spec.Ports).TargetPort.Value);
        }
    }

    [Fact]
    public void TheGooseServiceSelectsTheLabelTheRoleHookSetsToGoose()
    {
        var hookLabel = HookLabel().Match(DeployFiles.Read("kubernetes", "pod-role-label.sh")).Groups[1].Value;
        var selector = _manifests.Service("duckduckgoose-goose").Spec.Selector;

        Assert.Equal("goose", selector[hookLabel]);
        Assert.Equal("duck", PodLabels[hookLabel]);
        AssertSelects(selector.Where(s => s.Key != hookLabel).ToDictionary(), "the Goose's Service, but for the role");
        var hook = Environment("DUCK_ON_GOOSE");
        Assert.Equal(hook, Environment("DUCK_ON_DUCK"));
        Assert.Contains(Dockerfile.Load().Final, i => i.Keyword == "COPY" && i.Arguments.EndsWith($"deploy/kubernetes/pod-role-label.sh /usr/local/bin/{hook}", StringComparison.Ordinal));
    }

    [Fact]
    public void TheRoleHookMayPatchPodsAndNothingElse()
    {
        var account = _manifests.StatefulSet.Spec.Template.Spec.ServiceAccountName;
        var binding = _manifests.Objects.OfType<V1RoleBinding>().Single();
        var role = _manifests.Objects.OfType<V1Role>().Single();

        Assert.Equal(account, _manifests.Objects.OfType<V1ServiceAccount>().Single().Metadata.Name);
        Assert.Equal(account, Assert.Single(binding.Subjects).Name);
        Assert.Equal((role.Metadata.Name, "Role"), (binding.RoleRef.Name, binding.RoleRef.Kind));
        var rule = Assert.Single(role.Rules);
        Assert.Equal([""], rule.ApiGroups);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["patch"], rule.Verbs);
        Assert.Equal("metadata.name", _manifests.Node.Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public void EachNodeMakesValidSettingsAdvertisingItsStableNameAndJoiningTheFirstPod()
    {
        var set = _manifests.StatefulSet;
        var stableName = $"{set.Metadata.Name}-1.{set.Spec.ServiceName}";
        var environment = new Dictionary<string, string>(Dockerfile.Load().FinalEnvironment());
        foreach (var variable in _manifests.Node.Env.Where(e => e.Value is not null))
        {
            environment[variable.Name] = variable.Value.Replace("$(POD_NAME)", set.Metadata.Name + "-1", StringComparison.Ordinal);
        }

        environment["DUCK_CLUSTER_SECRET"] = "a-cluster-secret-of-at-least-32-bytes";
        environment["DUCK_ADMIN_TOKEN"] = "an-admin-token-0123456789";
        environment["DUCK_JOIN"] = Assert.Single(JoinedPod().Matches(string.Join('\n', _manifests.Node.Args)).Select(m => m.Groups[1].Value), j => j.Contains("-0.", StringComparison.Ordinal));

        Assert.Empty(DeployFiles.UnknownSettings(_manifests.Node.Env.Select(e => e.Name)));
        var settings = DeployFiles.LoadSettings(environment);
        Assert.Equal($"http://{stableName}:{NodePort}", settings.AdvertiseUrl);
        Assert.Equal($"{set.Metadata.Name}-0.{set.Spec.ServiceName}:{NodePort}", settings.Join);
        Assert.Equal(NodePort, settings.Port);
        Assert.Equal(["cluster-secret", "admin-token"], _manifests.Node.Env.Where(e => e.ValueFrom?.SecretKeyRef is not null).Select(e => e.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void TheDataVolumeIsMountedWhereTheImageKeepsTheNodesState()
    {
        var image = Dockerfile.Load();
        var data = image.FinalEnvironment()["DUCK_DATA"];
        var claim = Assert.Single(_manifests.StatefulSet.Spec.VolumeClaimTemplates);

        Assert.Equal(data, _manifests.Node.VolumeMounts.Single(m => m.Name == claim.Metadata.Name).MountPath);
        Assert.Contains(image.Final, i => i.Keyword == "VOLUME" && i.Arguments == data);
        Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
    }

    [Fact]
    public void ReadinessAndLivenessAskTheNodesStatus()
    {
        var readiness = string.Join(' ', _manifests.Node.ReadinessProbe.Exec.Command);
        var liveness = _manifests.Node.LivenessProbe.HttpGet;

        Assert.Contains($"http://127.0.0.1:{NodePort.ToString(CultureInfo.InvariantCulture)}/status", readiness, StringComparison.Ordinal);
        Assert.Contains("\"converged\":true", readiness, StringComparison.Ordinal);
        Assert.Equal(("/status", "http"), (liveness.Path, liveness.Port.Value));
        Assert.Equal(Dockerfile.Load().FinalEnvironment()["DUCK_PORT"], NodePort.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheDisruptionBudgetKeepsAMajorityOfTheVoters()
    {
        var replicas = _manifests.StatefulSet.Spec.Replicas!.Value;
        var budget = _manifests.Objects.OfType<V1PodDisruptionBudget>().Single().Spec;

        Assert.Null(budget.MinAvailable);
        Assert.True(int.Parse(budget.MaxUnavailable.Value, CultureInfo.InvariantCulture) <= replicas - ((replicas / 2) + 1), $"maxUnavailable {budget.MaxUnavailable.Value} of {replicas} leaves no majority");
    }

    private string Environment(string name) => _manifests.Node.Env.Single(e => e.Name == name).Value;

    private void AssertSelects(IDictionary<string, string> selector, string what)
    {
        Assert.NotEmpty(selector);
        foreach (var (key, value) in selector)
        {
            Assert.True(PodLabels.TryGetValue(key, out var label) && label == value, $"{what} selects {key}={value}, which the pods do not carry");
        }
    }

    [GeneratedRegex(@"(?m)^label=(\S+)$")]
    private static partial Regex HookLabel();

    [GeneratedRegex(@"DUCK_JOIN=""([^""]+)""")]
    private static partial Regex JoinedPod();
}
