using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class SettingsLoaderTests
{
    [Fact]
    public void Load_ValidFile_ReadsEverySection()
    {
        using var tree = new LeaderTree("127.0.0.1:6390")
            .Template("core", "core/conf/core.yml", "x")
            .Follower("core-1", "core", "0123456789abcdef-core")
            .Secret("ADMIN_KEY", new JsonObject { ["scope"] = "platform", ["length"] = 40, ["alphabet"] = "hex" });

        var settings = tree.Load();

        settings.Redis.Configuration.Should().Be("127.0.0.1:6390");
        settings.KeyPrefix.Should().Be(tree.Prefix);
        settings.TemplatesPath.Should().Be(tree.DataPath);
        settings.HistoryLength.Should().Be(5);
        settings.Platform["DOMAIN"].Description.Should().Be("The platform domain.");
        settings.Platform["PORT"].Display.Should().Be("3000");
        settings.Followers.Should().ContainSingle().Which.Should().Be(new FollowerEntry("core-1", "core", "0123456789abcdef-core"));
        settings.Secrets["ADMIN_KEY"].Should().Be(new SecretSpec("ADMIN_KEY", SecretScope.Platform, 40, SecretSpec.Hex, null));
        settings.Roles().Should().Equal("core");
    }

    [Fact]
    public void Load_ManyProblems_ReportsEveryOneWithFileAndKey()
    {
        using var tree = new LeaderTree()
            .Template("core", "a.conf", "x")
            .Value("bad name", "x")
            .Value("secret", "x")
            .Value("EMPTY", new JsonObject { ["description"] = "no value" })
            .Secret("S1", new JsonObject { ["scope"] = "galaxy", ["length"] = 2 })
            .Follower("core-1", "core", "short")
            .Follower("core-1", "nope", "0123456789abcdef-x");
        tree.Config["historyLength"] = 0;
        tree.Config["keyPrefix"] = "bad prefix";

        var act = () => tree.Load();

        var errors = act.Should().Throw<SettingsException>().Which.Errors;
        errors.Should().OnlyContain(e => e.StartsWith("config-leader.json: ", StringComparison.Ordinal));
        errors.Should().Contain(e => e.Contains("historyLength: must be between 1 and 10000, not 0"));
        errors.Should().Contain(e => e.Contains("keyPrefix:"));
        errors.Should().Contain(e => e.Contains("platform.\"bad name\":"));
        errors.Should().Contain(e => e.Contains("platform.secret: 'secret' is reserved"));
        errors.Should().Contain(e => e.Contains("platform.EMPTY: an object entry needs a 'value'"));
        errors.Should().Contain(e => e.Contains("secrets.S1.scope:"));
        errors.Should().Contain(e => e.Contains("secrets.S1.length:"));
        errors.Should().Contain(e => e.Contains("followers[0].key:"));
        errors.Should().Contain(e => e.Contains("followers[1].id: 'core-1' is used by another follower"));
        errors.Should().Contain(e => e.Contains("followers[1].role: role 'nope' has no template folder"));
        errors.Should().HaveCount(10);
    }

    [Fact]
    public void Load_AlphabetWithSurrogates_IsRefused()
    {
        // A character outside the Basic Multilingual Plane is two UTF-16 units: a secret drawn unit by unit would hold halves of it.
        using var tree = new LeaderTree().Secret("K", new JsonObject { ["alphabet"] = "\U0001F600ab" });

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().Which.Errors.Should().ContainSingle()
            .Which.Should().Contain("secrets.K.alphabet: must be characters of the Basic Multilingual Plane (no surrogates)");
    }

    [Fact]
    public void Load_InvalidJson_NamesLineAndColumn()
    {
        using var tree = new LeaderTree();
        tree.Save();
        File.WriteAllText(tree.ConfigPath, "{\n  \"keyPrefix\": \"x\",\n  \"platform\": { \"A\": }\n}");

        var act = () => SettingsLoader.Load(tree.ConfigPath);

        act.Should().Throw<SettingsException>().WithMessage("*config-leader.json:3:*invalid JSON*");
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_AreAccepted()
    {
        // Operators document the file inline; comments must not break it.
        using var tree = new LeaderTree();
        tree.Save();
        File.WriteAllText(tree.ConfigPath, "// leader\n{ \"platform\": { \"A\": 1, /* note */ },\n \"templatesPath\": \"../data\", }");

        SettingsLoader.Load(tree.ConfigPath).Platform.Should().ContainKey("A");
    }

    [Fact]
    public void Load_MissingTemplatesFolder_IsReported()
    {
        using var tree = new LeaderTree();
        tree.Config["templatesPath"] = "../nowhere";

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().WithMessage("*templatesPath: folder*nowhere*does not exist*");
    }

    [Fact]
    public void Load_UnknownFieldInDocumentedValue_IsReported()
    {
        using var tree = new LeaderTree().Value("A", new JsonObject { ["value"] = 1, ["descripton"] = "typo" });

        var act = () => tree.Load();

        act.Should().Throw<SettingsException>().WithMessage("*platform.A.descripton: unknown key (did you mean 'description'?)*");
    }
}
