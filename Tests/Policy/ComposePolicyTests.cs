using PryvBus.Follower.Policy;
using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Policy;

/// <summary>
/// Each rule of the default compose policy, one service that breaks only it: removing a rule fails its case. The root is
/// <c>/srv/pryv</c> (nothing on disk: the symbolic-link check has nothing to follow).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ComposePolicyTests
{
    public const string Root = "/srv/pryv";

    internal static ComposePolicy Policy(ComposePolicySettings? settings = null) => new(settings ?? new ComposePolicySettings(), Root);

    /// <summary>A compose file of one service <c>web</c> whose body (indented four spaces) is <paramref name="lines"/>.</summary>
    internal static string Service(string lines) =>
        "services:\n  web:\n    image: busybox\n" + string.Concat(lines.Split('\n').Select(l => "    " + l + "\n"));

    [Theory]
    [InlineData("privileged: true", "privileged: true", "composePolicy.allowPrivileged")]
    [InlineData("privileged: yes", "privileged: yes", "composePolicy.allowPrivileged")]
    [InlineData("cap_add: [NET_ADMIN]", "cap_add NET_ADMIN", "composePolicy.allowCapabilities")]
    [InlineData("cap_add:\n  - cap_sys_admin", "cap_add SYS_ADMIN", "composePolicy.allowCapabilities")]
    [InlineData("devices: [\"/dev/sda:/dev/sda\"]", "devices", "composePolicy.allowDevices")]
    [InlineData("device_cgroup_rules: [\"c 1:3 mr\"]", "device_cgroup_rules", "composePolicy.allowDevices")]
    [InlineData("gpus: all", "gpus", "composePolicy.allowDevices")]
    [InlineData("deploy:\n  resources:\n    reservations:\n      devices:\n        - capabilities: [gpu]", "deploy.resources.reservations.devices", "composePolicy.allowDevices")]
    [InlineData("pid: host", "pid: host", "composePolicy.allowHostNamespaces")]
    [InlineData("ipc: host", "ipc: host", "composePolicy.allowHostNamespaces")]
    [InlineData("uts: host", "uts: host", "composePolicy.allowHostNamespaces")]
    [InlineData("userns_mode: host", "userns_mode: host", "composePolicy.allowHostNamespaces")]
    [InlineData("cgroup: host", "cgroup: host", "composePolicy.allowHostNamespaces")]
    [InlineData("pid: \"container:other\"", "pid: container:other", "composePolicy.allowHostNamespaces")]
    [InlineData("security_opt: [\"seccomp:unconfined\"]", "security_opt seccomp:unconfined", "composePolicy")]
    [InlineData("security_opt: [\"seccomp=unconfined\"]", "security_opt seccomp=unconfined", "composePolicy")]
    [InlineData("security_opt: [\"apparmor:unconfined\"]", "security_opt apparmor:unconfined", "composePolicy")]
    [InlineData("security_opt: [\"label:disable\"]", "security_opt label:disable", "composePolicy")]
    [InlineData("security_opt: [\"label=type:spc_t\"]", "security_opt label=type:spc_t", "composePolicy")]
    [InlineData("security_opt: [\"systempaths=unconfined\"]", "security_opt systempaths=unconfined", "composePolicy")]
    [InlineData("security_opt: [\"seccomp:/etc/profile.json\"]", "security_opt seccomp:/etc/profile.json", "composePolicy")]
    [InlineData("volumes: [\"/:/host\"]", "bind mount of /", "composePolicy.allowedBindSources")]
    [InlineData("volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]", "bind mount of /var/run/docker.sock", "composePolicy.allowedBindSources")]
    [InlineData("volumes: [\"../:/up\"]", "bind mount of /srv", "composePolicy.allowedBindSources")]
    [InlineData("volumes: [\"./core/../../etc:/etc2:ro\"]", "bind mount of /srv/etc", "composePolicy.allowedBindSources")]
    [InlineData("volumes: [\".:/all\"]", "bind mount of /srv/pryv, the config root", "mount a folder below the config root")]
    [InlineData("volumes: [\"./.pryvbus/:/state\"]", "bind mount of /srv/pryv/.pryvbus, the config root or its state folder", "mount a folder below the config root")]
    [InlineData("volumes: [\"~/.ssh:/keys\"]", "bind mount of ~/.ssh", "composePolicy")]
    [InlineData("volumes: [\"${HOME}:/home\"]", "volumes entry ${HOME}:/home", "composePolicy")]
    [InlineData("volumes:\n  - type: bind\n    source: /etc\n    target: /etc2", "bind mount of /etc", "composePolicy.allowedBindSources")]
    [InlineData("volumes:\n  - type: bind\n    source: ./conf/../..//\n    target: /x", "bind mount of /srv", "composePolicy.allowedBindSources")]
    [InlineData("volumes:\n  - source: /etc\n    target: /etc2", "volumes entry without a type", "composePolicy")]
    [InlineData("env_file: /etc/shadow", "env_file /etc/shadow", "composePolicy.allowedBindSources")]
    [InlineData("env_file:\n  - path: ../secrets.env", "env_file /srv/secrets.env", "composePolicy.allowedBindSources")]
    [InlineData("volumes_from: [\"container:other\"]", "volumes_from container:other", "composePolicy")]
    [InlineData("extends: { file: base.yml, service: web }", "extends", "composePolicy")]
    [InlineData("provider: { type: model }", "provider", "composePolicy")]
    [InlineData("post_start:\n  - command: [\"sh\"]\n    privileged: true", "post_start privileged: true", "composePolicy.allowPrivileged")]
    [InlineData("pre_stop: [{ command: x, privileged: yes }]", "pre_stop privileged: yes", "composePolicy.allowPrivileged")]
    [InlineData("privileged: ${PRIVILEGED}", "privileged: ${PRIVILEGED}", "composePolicy.allowPrivileged")]
    [InlineData("cap_add: [\"$CAP\"]", "cap_add $CAP", "composePolicy")]
    [InlineData("pid: ${PID_MODE}", "pid: ${PID_MODE}", "composePolicy")]
    public void Judge_ServiceBreakingOneRule_RefusedNamingServiceRuleAndSetting(string lines, string rule, string allow)
    {
        var refusal = Policy().Judge(Service(lines));

        refusal.Should().NotBeNull(lines);
        refusal!.Service.Should().Be("web");
        refusal.ToString().Should().StartWith("pryv.yml: service web: ").And.Contain(rule).And.Contain(allow);
    }

    [Theory]
    [InlineData("x-base: &base\n  privileged: true\nservices:\n  web:\n    <<: *base\n    image: busybox\n", "privileged: true")]
    [InlineData("x-base: &base\n  pid: host\nservices:\n  web:\n    <<: [*base]\n", "pid: host")]
    [InlineData("include: [other.yml]\nservices:\n  web:\n    image: busybox\n", "include")]
    [InlineData("services:\n  web:\n    volumes: [data:/data]\nvolumes:\n  data:\n    driver_opts: { type: none, o: bind, device: /etc }\n", "volume data: a bind of /etc")]
    [InlineData("services:\n  web:\n    secrets: [key]\nsecrets:\n  key:\n    file: /root/.ssh/id_rsa\n", "secret key: file /root/.ssh/id_rsa")]
    [InlineData("services:\n  web:\n    configs: [c]\nconfigs:\n  c:\n    file: ../c.conf\n", "config c: file /srv/c.conf")]
    [InlineData("services:\n  web:\n    image: [unclosed\n", "not valid YAML")]
    [InlineData("services:\n  web: [a, b]\n", "service web: a definition that is not a mapping")]
    [InlineData("services:\n  web:\n    privileged: false\n    privileged: true\n", "not valid YAML")]
    public void Judge_FileLevelProblem_Refused(string text, string rule)
    {
        var refusal = Policy().Judge(text);

        refusal.Should().NotBeNull();
        refusal!.ToString().Should().StartWith("pryv.yml: ").And.Contain(rule);
    }

    [Theory]
    [InlineData("network_mode: host")]
    [InlineData("network_mode: none")]
    [InlineData("network_mode: \"service:db\"")]
    [InlineData("privileged: false")]
    [InlineData("cap_drop: [ALL]")]
    [InlineData("pid: \"service:db\"")]
    [InlineData("ipc: shareable")]
    [InlineData("security_opt: [\"no-new-privileges:true\", \"apparmor:docker-default\", \"label:level:s0:c100,c200\"]")]
    [InlineData("volumes: [\"./core/conf/:/app/conf/:ro\", \"data:/data\", \"/anonymous\"]")]
    [InlineData("volumes: [\"/srv/pryv/core/log:/log\"]")]
    [InlineData("volumes:\n  - type: volume\n    source: data\n    target: /data\n  - type: tmpfs\n    target: /tmp")]
    [InlineData("volumes_from: [db, \"service:db:ro\"]")]
    [InlineData("env_file: ./core/core.env")]
    [InlineData("post_start: [{ command: [\"sh\", \"-c\", \"true\"], user: root }]")]
    [InlineData("labels:\n  tag: \"${TAG}\"\nenvironment:\n  A: $B")]
    public void Judge_AcceptableService_NotRefused(string lines)
    {
        Policy().Judge(Service(lines))?.ToString().Should().BeNull(lines);
    }

    [Theory]
    [InlineData("platform: v1\n")]
    [InlineData("old root\n")]
    [InlineData("services: {}")]
    [InlineData("services: { core: {} }")]
    [InlineData("")]
    public void Judge_NothingToBringUp_NotRefused(string text)
    {
        Policy().Judge(text).Should().BeNull();
    }

    [Fact]
    public void Judge_ShippedSamples_NotRefused()
    {
        var data = Path.Combine(RepositoryRoot.Path, "compose");
        var files = Directory.GetFiles(data, "pryv.yml", SearchOption.AllDirectories);
        files.Should().NotBeEmpty();
        foreach (var file in files)
        {
            // Scriban expressions read as plain text: the policy looks at keys and paths, which they never are in the samples.
            var text = System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(file), @"\{\{[^}]*\}\}", "x");
            Policy().Judge(text).Should().BeNull(file);
        }
    }
}
