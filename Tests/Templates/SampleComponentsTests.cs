using System.Text.RegularExpressions;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Templates;

/// <summary>The sample platforms check nginx's new files with <c>nginx -t</c> and reload it with SIGHUP.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed partial class SampleComponentsTests
{
    [Theory]
    [MemberData(nameof(SamplePlatforms.Platforms), MemberType = typeof(SamplePlatforms))]
    public void Load_SamplePlatform_NginxCheckedAndReloadedOnHup(string platform)
    {
        var nginx = SamplePlatforms.Load(platform).Components["nginx"];

        nginx.Reload.Should().Be(new ReloadAction(ReloadKind.Signal, "HUP", nginx.Reload.Command, ComponentRules.DefaultReloadTimeoutSeconds));
        nginx.Check!.Command[^1].Should().Contain("nginx -t").And.Contain("-c /app/conf/nginx.conf");
    }

    [Theory]
    [MemberData(nameof(SamplePlatforms.Roles), MemberType = typeof(SamplePlatforms))]
    public void Check_UpstreamHostsOfTheRole_AreResolvableWithoutNetwork(string platform, string role)
    {
        // The check runs with no network: every upstream host name nginx resolves at load time must be in the hosts line.
        var command = SamplePlatforms.Load(platform).Components["nginx"].Check!.Command[^1];
        var files = SamplePlatforms.TextFiles(SamplePlatforms.Render(platform, role));

        var upstreams = files.Where(f => f.Key.StartsWith("nginx/", StringComparison.Ordinal))
            .SelectMany(f => ProxyPass().Matches(f.Value).Select(m => m.Groups[1].Value))
            .Distinct();

        upstreams.Where(host => !command.Contains(" " + host + " ", StringComparison.Ordinal) && !command.Contains(" " + host + "'", StringComparison.Ordinal))
            .Should().BeEmpty("nginx -t resolves them at load time");
    }

    [GeneratedRegex(@"proxy_pass\s+https?://([A-Za-z0-9_.-]+)")]
    private static partial Regex ProxyPass();
}
