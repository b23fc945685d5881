using PryvBus.Follower.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Policy;

/// <summary><c>composePolicy</c> in the follower's settings: defaults, <c>"off"</c>, every key, one error per bad key.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ComposePolicySettingsTests
{
    private const string Base = """ "id": "a", "role": "core", "key": "0123456789abcdef", "redis": { "configuration": "h" } """;

    private static FollowerSettings Parse(string policy) =>
        FollowerSettingsLoader.Parse("{" + Base + (policy.Length == 0 ? string.Empty : ", \"composePolicy\": " + policy) + "}", "f.json", name => name == "PRYV_CONF_ROOT" ? "/var/pryv" : null);

    [Fact]
    public void Parse_NoSetting_PolicyOnWithNothingAllowed()
    {
        var policy = Parse(string.Empty).ComposePolicy;

        policy.Enabled.Should().BeTrue();
        policy.AllowPrivileged.Should().BeFalse();
        policy.AllowCapabilities.Should().BeEmpty();
        policy.AllowDevices.Should().BeFalse();
        policy.AllowHostNamespaces.Should().BeFalse();
        policy.AllowedBindSources.Should().BeEmpty();
    }

    [Theory]
    [InlineData("\"off\"")]
    [InlineData("{ \"enabled\": false }")]
    public void Parse_Off_PolicyDisabled(string policy)
    {
        Parse(policy).ComposePolicy.Enabled.Should().BeFalse();
    }

    [Fact]
    public void Parse_EveryKey_Read()
    {
        var policy = Parse("""
            { "allowPrivileged": true, "allowCapabilities": ["net_admin", "CAP_SYS_TIME"], "allowDevices": true,
              "allowHostNamespaces": true, "allowedBindSources": ["/var/log/pryv/", "/data//x/../y"] }
            """).ComposePolicy;

        policy.Enabled.Should().BeTrue();
        policy.AllowPrivileged.Should().BeTrue();
        policy.AllowCapabilities.Should().BeEquivalentTo("NET_ADMIN", "SYS_TIME");
        policy.AllowDevices.Should().BeTrue();
        policy.AllowHostNamespaces.Should().BeTrue();
        policy.AllowedBindSources.Should().Equal("/var/log/pryv", "/data/y");
    }

    [Theory]
    [InlineData("\"on\"", "f.json: composePolicy: must be \"off\" or an object")]
    [InlineData("true", "f.json: composePolicy: must be an object (or \"off\")")]
    [InlineData("{ \"allowPrivileged\": \"yes\" }", "f.json: composePolicy.allowPrivileged: must be true or false")]
    [InlineData("{ \"allowCapabilities\": \"NET_ADMIN\" }", "f.json: composePolicy.allowCapabilities: must be an array")]
    [InlineData("{ \"allowCapabilities\": [\"NET ADMIN\"] }", "f.json: composePolicy.allowCapabilities: 'NET ADMIN' is not a capability name")]
    [InlineData("{ \"allowedBindSources\": [\"var/log\"] }", "f.json: composePolicy.allowedBindSources: 'var/log' must be an absolute path")]
    [InlineData("{ \"allowedBindSources\": [\"${HOME}/x\"] }", "f.json: composePolicy.allowedBindSources: '${HOME}/x' must be an absolute path without variables")]
    [InlineData("{ \"allowedBindSources\": [\"/\"] }", "f.json: composePolicy.allowedBindSources: '/' would allow any bind mount")]
    [InlineData("{ \"allowPrivilged\": true }", "f.json: composePolicy.allowPrivilged: unknown key (did you mean 'allowPrivileged'?)")]
    public void Parse_BadSetting_OneErrorNamingIt(string policy, string error)
    {
        var act = () => Parse(policy);

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle().Which.Should().StartWith(error);
    }
}
