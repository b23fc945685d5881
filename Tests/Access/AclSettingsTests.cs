using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using PryvBus.Follower.Settings;
using PryvBus.Leader.Settings;
using PryvBus.Shared.Access;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Access;

[SupportedOSPlatform("linux")]
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class AclSettingsTests
{
    [Fact]
    public void Load_NoAclSection_ProvisionsByDefault()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");

        tree.Load().Acl.Provision.Should().BeTrue();
    }

    [Fact]
    public void Load_ProvisionFalse_IsRead()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["acl"] = new JsonObject { ["provision"] = false };

        tree.Load().Acl.Provision.Should().BeFalse();
    }

    [Fact]
    public void Load_BadAclSectionAndMissingCaCertificate_ReportsEveryProblem()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["acl"] = new JsonObject { ["provision"] = "yes", ["users"] = 1 };
        tree.Config["redis"]!["caCertificate"] = "../tls/nope.crt";

        var act = () => tree.Load();

        act.Should().Throw<PryvBus.Leader.Settings.SettingsException>().Which.Errors.Should().Contain(
            e => e.Contains("acl.provision: must be true or false", StringComparison.Ordinal)).And.Contain(
            e => e.Contains("acl.users: unknown key", StringComparison.Ordinal)).And.Contain(
            e => e.Contains("redis.caCertificate: file", StringComparison.Ordinal) && e.Contains("nope.crt", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_FollowerUserWithoutPassword_UsesThePasswordDerivedFromItsKey()
    {
        var settings = Parse("""{ "configuration": "127.0.0.1:6379", "user": "pryvbus:follower:core-1" }""");

        settings.Redis.Password.Should().Be(FollowerAcl.Password("core-1-key-0123456789"));
        var options = settings.Redis.ToOptions();
        options.User.Should().Be("pryvbus:follower:core-1");
        options.Password.Should().Be(FollowerAcl.Password("core-1-key-0123456789")).And.NotContain("0123456789");
        settings.Redis.ToString().Should().NotContain("0123456789");
    }

    [Fact]
    public void Parse_FollowerUserWithPassword_KeepsThePassword() =>
        Parse("""{ "configuration": "127.0.0.1:6379", "user": "ops", "password": "pw" }""").Redis.Password.Should().Be("pw");

    [Fact]
    public void Parse_NoUser_SendsNoPassword() =>
        Parse("""{ "configuration": "127.0.0.1:6379" }""").Redis.ToOptions().Password.Should().BeNull();

    [Fact]
    public void Parse_MissingCaCertificate_IsReported()
    {
        var act = () => Parse("""{ "configuration": "127.0.0.1:6379,ssl=true", "caCertificate": "/nonexistent/ca.crt" }""");

        act.Should().Throw<PryvBus.Follower.Settings.SettingsException>().Which.Message.Should().Contain("caCertificate");
    }

    [Fact]
    public void ToOptions_CaCertificate_IsTrustedByLeaderAndFollower()
    {
        using var temp = new TempDirectory();
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=PryvBus test CA", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = temp.Write("ca.crt", ca.ExportCertificatePem());

        var follower = Parse($$"""{ "configuration": "redis.example:6380,ssl=true", "caCertificate": "{{path}}" }""").Redis;
        var leader = new PryvBus.Leader.Settings.RedisSettings("redis.example:6380,ssl=true", null, null, path);

        follower.CaCertificate.Should().Be(path);
        follower.Invoking(r => r.ToOptions()).Should().NotThrow();
        leader.Invoking(r => r.ToOptions()).Should().NotThrow();

        // The file is really loaded: one that is not a certificate fails when the connection options are built.
        var garbage = new PryvBus.Leader.Settings.RedisSettings("redis.example:6380,ssl=true", null, null, temp.Write("bad.crt", "not a certificate"));
        garbage.Invoking(r => r.ToOptions()).Should().Throw<CryptographicException>();
    }

    private static FollowerSettings Parse(string redis) => FollowerSettingsLoader.Parse(
        $$"""{ "id": "core-1", "role": "core", "key": "core-1-key-0123456789", "redis": {{redis}}, "configRoot": "/var/pryv" }""",
        "config-follower.json",
        _ => null);
}
