using System.Text.RegularExpressions;
using Quant.Orleans.Deploy.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Quant.Orleans.Deploy.Tests;

/// <summary><c>deploy/kubernetes/</c>: every manifest parsed; the silos' Deployment checked against the silo's settings
/// and command line and against what <c>Microsoft.Orleans.Hosting.Kubernetes</c> reads (the pod labels
/// <c>orleans/serviceId</c> and <c>orleans/clusterId</c>, the variables <c>POD_NAME</c>, <c>POD_NAMESPACE</c>,
/// <c>POD_IP</c>, <c>ORLEANS_SERVICE_ID</c>, <c>ORLEANS_CLUSTER_ID</c>). Not applied anywhere (no cluster here).</summary>
public sealed partial class KubernetesTests
{
    private const string Folder = "deploy/kubernetes";

    private static readonly IReadOnlyList<(string File, YamlMappingNode Document)> Manifests =
        [.. Directory.EnumerateFiles(Repo.PathOf(Folder), "*.yaml").Order(StringComparer.Ordinal)
            .SelectMany(f => Yaml.Documents($"{Folder}/{Path.GetFileName(f)}").Select(d => ($"{Folder}/{Path.GetFileName(f)}", d)))];

    private static YamlMappingNode Deployment => Single("Deployment");

    private static YamlNode PodTemplate => Deployment.At("spec", "template")!;

    private static YamlNode Container => Assert.Single(PodTemplate.At("spec", "containers").Items());

    [Fact]
    public void EveryManifestHasAnApiVersionAKindAndAName()
    {
        Assert.NotEmpty(Manifests);
        Assert.All(Manifests, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.Document.Text("apiVersion")), $"{m.File}: a document without apiVersion.");
            Assert.False(string.IsNullOrEmpty(m.Document.Text("kind")), $"{m.File}: a document without kind.");
            Assert.Matches(DnsName(), m.Document.Text("metadata", "name") ?? string.Empty);
        });
        Assert.Equal(Manifests.Count, Manifests.Select(m => (m.Document.Text("kind"), m.Document.Text("metadata", "name"))).Distinct().Count());
    }

    [Fact]
    public void ThePodsCarryTheOrleansLabelsAndTheSelectorMatchesThem()
    {
        var labels = Labels(PodTemplate.At("metadata", "labels"));
        Assert.True(labels.TryGetValue("orleans/serviceId", out var serviceId), "the pod template has no orleans/serviceId label.");
        Assert.True(labels.TryGetValue("orleans/clusterId", out var clusterId), "the pod template has no orleans/clusterId label.");
        Assert.Matches(GridId(), serviceId);
        Assert.Matches(GridId(), clusterId);
        Assert.All(Labels(Deployment.At("spec", "selector", "matchLabels")), l => Assert.Equal(l.Value, labels.GetValueOrDefault(l.Key)));
    }

    [Fact]
    public void ThePodsHaveTheVariablesOrleansKubernetesHostingReads()
    {
        var variables = Container.At("env").Items().ToDictionary(e => e.Text("name")!, e => e, StringComparer.Ordinal);
        var expected = new Dictionary<string, string>
        {
            ["POD_NAME"] = "metadata.name",
            ["POD_NAMESPACE"] = "metadata.namespace",
            ["POD_IP"] = "status.podIP",
            ["ORLEANS_SERVICE_ID"] = "metadata.labels['orleans/serviceId']",
            ["ORLEANS_CLUSTER_ID"] = "metadata.labels['orleans/clusterId']",
        };
        foreach (var (name, field) in expected)
        {
            Assert.True(variables.TryGetValue(name, out var variable), $"the silo container has no {name}.");
            Assert.Equal(field, variable.Text("valueFrom", "fieldRef", "fieldPath"));
        }
    }

    [Fact]
    public void TheSilosSettingsLoadInClusterModeWithTheLabelsIdentityAndThePodsAddress()
    {
        var launch = SiloLaunch();
        var settings = launch.Load();
        Assert.Equal("serve", launch.Command);
        Assert.True(settings.Cluster.Enabled, "the silos must run with --cluster.");
        Assert.True(settings.Cluster.Kubernetes, "the silos must turn on Orleans's Kubernetes hosting (Cluster:Kubernetes).");
        var labels = Labels(PodTemplate.At("metadata", "labels"));
        Assert.Equal(labels["orleans/serviceId"], settings.Grid.ServiceId);
        Assert.Equal(labels["orleans/clusterId"], settings.Grid.ClusterId);
        Assert.Equal(PodIp, settings.Cluster.AdvertisedAddress);
        launch.AssertPortsDistinct(settings);
    }

    [Fact]
    public void TheConnectionStringAndTheAccessTokenComeFromASecret()
    {
        var variables = Container.At("env").Items().ToDictionary(e => e.Text("name")!, e => e, StringComparer.Ordinal);
        foreach (var name in new[] { "QO_Cluster__ConnectionString", "QO_Gateway__AccessToken" })
        {
            Assert.True(variables.TryGetValue(name, out var variable), $"the silo container has no {name}.");
            Assert.Null(variable.At("value"));
            Assert.False(string.IsNullOrEmpty(variable.Text("valueFrom", "secretKeyRef", "name")), $"{name} is not read from a Secret.");
            Assert.False(string.IsNullOrEmpty(variable.Text("valueFrom", "secretKeyRef", "key")), $"{name} names no key of its Secret.");
        }

        Assert.DoesNotContain(Manifests, m => m.Document.Text("kind") == "Secret");
    }

    [Fact]
    public void TheContainerPortsAreTheSettingsPorts()
    {
        var (silo, gateway, http) = Support.SiloLaunch.Ports(SiloLaunch().Load());
        var ports = ContainerPorts();
        Assert.Equal(new[] { silo, gateway, http }.Order(), ports.Values.Order());
        Assert.Equal(http, ports["http"]);
    }

    [Fact]
    public void TheGatewayServiceSelectsTheSilosAndTargetsTheirHttpPort()
    {
        var service = Single("Service");
        var podLabels = Labels(PodTemplate.At("metadata", "labels"));
        var selector = Labels(service.At("spec", "selector"));
        Assert.NotEmpty(selector);
        Assert.All(selector, l => Assert.Equal(l.Value, podLabels.GetValueOrDefault(l.Key)));
        var port = Assert.Single(service.At("spec", "ports").Items());
        var target = port.Text("targetPort")!;
        var ports = ContainerPorts();
        var targetNumber = int.TryParse(target, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : ports.GetValueOrDefault(target);
        Assert.Equal(Support.SiloLaunch.Ports(SiloLaunch().Load()).Http, targetNumber);
    }

    [Fact]
    public void TheProbesAskHealthOnTheHttpPortAndThereIsNoLivenessProbe()
    {
        foreach (var probe in new[] { "readinessProbe", "startupProbe" })
        {
            Assert.Equal("/health", Container.Text(probe, "httpGet", "path"));
            Assert.Equal("http", Container.Text(probe, "httpGet", "port"));
        }

        // A storage outage must not make Kubernetes restart the silos: they recover by themselves.
        Assert.Null(Container.At("livenessProbe"));
    }

    [Fact]
    public void TheGracePeriodCoversTheSilosDeactivation()
    {
        var settings = SiloLaunch().Load();
        var grace = TimeSpan.FromSeconds(int.Parse(PodTemplate.Text("spec", "terminationGracePeriodSeconds") ?? "30", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(grace > settings.Grid.DeactivationTimeout + TimeSpan.FromSeconds(5), $"terminationGracePeriodSeconds {grace} does not cover Grid:DeactivationTimeout {settings.Grid.DeactivationTimeout} + the host's 5 s.");
    }

    [Fact]
    public void EveryMountedVolumeAndClaimExistsAndStorageIsMounted()
    {
        var volumes = PodTemplate.At("spec", "volumes").Items().ToDictionary(v => v.Text("name")!, v => v, StringComparer.Ordinal);
        var mounts = Container.At("volumeMounts").Items().ToDictionary(m => m.Text("name")!, m => m.Text("mountPath")!, StringComparer.Ordinal);
        Assert.All(mounts.Keys, m => Assert.True(volumes.ContainsKey(m), $"the container mounts volume '{m}', which the pod does not have."));
        var claims = Manifests.Where(m => m.Document.Text("kind") == "PersistentVolumeClaim").ToDictionary(m => m.Document.Text("metadata", "name")!, m => m.Document, StringComparer.Ordinal);
        foreach (var volume in volumes.Values.Where(v => v.At("persistentVolumeClaim") is not null))
        {
            var claim = volume.Text("persistentVolumeClaim", "claimName")!;
            Assert.True(claims.ContainsKey(claim), $"volume {volume.Text("name")} uses claim {claim}, which no manifest declares.");
        }

        var settings = SiloLaunch().Load();
        Assert.Contains(mounts.Values, p => p == settings.Storage.Path);
    }

    [Fact]
    public void TheSilosServiceAccountMayReadAndDeletePods()
    {
        var account = PodTemplate.Text("spec", "serviceAccountName");
        Assert.Contains(Manifests, m => m.Document.Text("kind") == "ServiceAccount" && m.Document.Text("metadata", "name") == account);
        var binding = Single("RoleBinding");
        Assert.Contains(binding.At("subjects").Items(), s => s.Text("kind") == "ServiceAccount" && s.Text("name") == account);
        var role = Manifests.Single(m => m.Document.Text("kind") == binding.Text("roleRef", "kind") && m.Document.Text("metadata", "name") == binding.Text("roleRef", "name")).Document;
        var pods = role.At("rules").Items().Single(r => r.At("resources").Words().Contains("pods"));
        Assert.Superset(new HashSet<string> { "get", "list", "watch", "delete" }, pods.At("verbs").Words().ToHashSet());
    }

    [Fact]
    public void RollingUpdatesAndDisruptionsTakeOneSiloAtATime()
    {
        Assert.Equal("RollingUpdate", Deployment.Text("spec", "strategy", "type"));
        Assert.Equal("0", Deployment.Text("spec", "strategy", "rollingUpdate", "maxUnavailable"));
        var budget = Single("PodDisruptionBudget");
        Assert.Equal("1", budget.Text("spec", "maxUnavailable"));
        var podLabels = Labels(PodTemplate.At("metadata", "labels"));
        Assert.All(Labels(budget.At("spec", "selector", "matchLabels")), l => Assert.Equal(l.Value, podLabels.GetValueOrDefault(l.Key)));
    }

    private const string PodIp = "10.244.1.7";

    /// <summary>The silo container as Kubernetes would start it: fields and secrets replaced by stand-ins, <c>$(VAR)</c>
    /// expanded from the variables defined before it (Kubernetes's rule).</summary>
    private static SiloLaunch SiloLaunch()
    {
        var labels = Labels(PodTemplate.At("metadata", "labels"));
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in Container.At("env").Items())
        {
            var name = variable.Text("name")!;
            string value;
            if (variable.Text("value") is { } literal)
            {
                value = Reference().Replace(literal, m =>
                {
                    Assert.True(environment.TryGetValue(m.Groups[1].Value, out var earlier), $"{name} uses $({m.Groups[1].Value}), which no variable before it defines.");
                    return earlier!;
                });
            }
            else if (variable.Text("valueFrom", "fieldRef", "fieldPath") is { } field)
            {
                value = field switch
                {
                    "metadata.name" => "quant-orleans-silo-7d9f8-x2x4q",
                    "metadata.namespace" => "default",
                    "status.podIP" => PodIp,
                    _ when LabelField().Match(field) is { Success: true } label => labels.TryGetValue(label.Groups[1].Value, out var v) ? v : throw new InvalidDataException($"{name} reads label {label.Groups[1].Value}, which the pod does not have."),
                    _ => throw new InvalidDataException($"{name} reads field {field}, which this test does not know."),
                };
            }
            else if (variable.At("valueFrom", "secretKeyRef") is { } secret)
            {
                value = name == "QO_Cluster__ConnectionString" ? "UseDevelopmentStorage=true" : $"<secret {secret.Text("name")}/{secret.Text("key")}>";
            }
            else
            {
                throw new InvalidDataException($"{name} has no value this test knows.");
            }

            environment[name] = value;
        }

        return new SiloLaunch($"{Folder}: Deployment {Deployment.Text("metadata", "name")}", environment, Container.At("args").Words());
    }

    private static Dictionary<string, int> ContainerPorts() =>
        Container.At("ports").Items().ToDictionary(p => p.Text("name")!, p => int.Parse(p.Text("containerPort")!, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static Dictionary<string, string> Labels(YamlNode? node) => node.Entries().ToDictionary(e => e.Key, e => e.Value.Text() ?? string.Empty, StringComparer.Ordinal);

    private static YamlMappingNode Single(string kind)
    {
        var documents = Manifests.Where(m => m.Document.Text("kind") == kind).ToArray();
        Assert.True(documents.Length == 1, $"expected one {kind} in {Folder}, found {documents.Length}.");
        return documents[0].Document;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex GridId();

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();

    [GeneratedRegex(@"^metadata\.labels\['([^']+)'\]$")]
    private static partial Regex LabelField();
}
