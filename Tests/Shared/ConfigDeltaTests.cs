using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using PryvBus.Shared.Events;
using PryvBus.Shared.Paths;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The files a config event says changed since the version its <c>base</c> names (<see cref="ConfigDelta"/>): computed by
/// the leader, carried in the event, read by the follower as untrusted input (a hint for what to fetch; the signed digest
/// still decides what is applied).
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class ConfigDeltaTests
{
    private const string Base = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Sha = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";

    private static Dictionary<string, byte[]> Files(params (string Path, string Content)[] files) =>
        files.ToDictionary(f => f.Path, f => Encoding.UTF8.GetBytes(f.Content), StringComparer.Ordinal);

    [Fact]
    public void Between_ChangedAddedRemoved_NamesEachOnce()
    {
        var before = Files(("a.conf", "1"), ("b.conf", "1"), ("c.conf", "1"));
        var after = Files(("a.conf", "1"), ("b.conf", "2"), ("d.conf", "1"));

        var delta = ConfigDelta.Between(Base, before, after);

        delta.Should().NotBeNull();
        delta!.BaseSha256.Should().Be(Base);
        delta.Changed.Should().Equal("b.conf", "d.conf");
        delta.Removed.Should().Equal("c.conf");
    }

    [Fact]
    public void Between_MoreChangesThanTheLimit_IsNull()
    {
        var before = Files();
        var after = Enumerable.Range(0, ConfigDelta.MaxPaths + 1).ToDictionary(i => $"f{i}.conf", _ => new byte[] { 1 }, StringComparer.Ordinal);

        ConfigDelta.Between(Base, before, after).Should().BeNull("a change of many files is fetched whole");
        ConfigDelta.Between(Base, before, after.Take(ConfigDelta.MaxPaths).ToDictionary(StringComparer.Ordinal)).Should().NotBeNull();
    }

    [Fact]
    public void Between_PathsLongerThanTheLimitTogether_IsNull()
    {
        // 20 acceptable paths of ~500 characters, each escaped in JSON (six characters for one): under the count limit,
        // over the 16 K characters of paths the leader lets an event carry (the parser takes 64 K in all).
        var before = Files();
        var segments = string.Join('/', Enumerable.Repeat(new string('é', 100), 5));
        var after = Enumerable.Range(0, 20).ToDictionary(i => $"{i:00}/" + segments, _ => new byte[] { 1 }, StringComparer.Ordinal);

        ConfigDelta.Between(Base, before, after).Should().BeNull();
        var delta = ConfigDelta.Between(Base, before, after.Take(5).ToDictionary(StringComparer.Ordinal));
        EventParser.Parse(new ConfigEvent("core", 7, Sha) { Delta = delta }.ToJson()).Event.Should().BeOfType<ConfigEvent>()
            .Which.Delta!.Changed.Should().HaveCount(5, "the longest delta the leader sends is one the parser takes");
    }

    [Fact]
    public void Event_WithDelta_RoundTrips()
    {
        var sent = new ConfigEvent("core", 7, Sha) { Delta = new ConfigDelta(Base, ["core/conf/core.yml", "nginx/nginx.conf"], ["old.conf"]) };

        var parsed = EventParser.Parse(sent.ToJson());

        parsed.Error.Should().BeNull();
        var config = parsed.Event.Should().BeOfType<ConfigEvent>().Subject;
        config.Delta.Should().NotBeNull();
        config.Delta!.BaseSha256.Should().Be(Base);
        config.Delta.Changed.Should().Equal("core/conf/core.yml", "nginx/nginx.conf");
        config.Delta.Removed.Should().Equal("old.conf");
    }

    [Fact]
    public void Event_WithoutDelta_HasNone()
    {
        var parsed = EventParser.Parse(new ConfigEvent("core", 7, Sha).ToJson());

        parsed.Event.Should().BeOfType<ConfigEvent>().Which.Delta.Should().BeNull();
        new ConfigEvent("core", 7, Sha).ToJson().Should().NotContain("base").And.NotContain("changed");
    }

    [Theory]
    [InlineData("\"base\":\"xyz\",\"changed\":[],\"removed\":[]", "config event: 'base' must be 64 hexadecimal characters")]
    [InlineData("\"changed\":[\"a.conf\"]", "config event: 'base' must be 64 hexadecimal characters")]
    [InlineData("\"base\":\"" + Base + "\",\"changed\":\"a.conf\"", "config event: 'changed' must be an array of paths")]
    [InlineData("\"base\":\"" + Base + "\",\"removed\":[1]", "config event: 'removed' must be an array of paths")]
    [InlineData("\"base\":\"" + Base + "\",\"changed\":[\"../etc/passwd\"]", "config event: 'changed' path '../etc/passwd' is refused: '.' or '..' segment")]
    [InlineData("\"base\":\"" + Base + "\",\"changed\":[\"a.conf\"],\"removed\":[\"a.conf\"]", "config event: 'a.conf' is both changed and removed")]
    [InlineData("\"base\":\"" + Base + "\",\"changed\":[\"a.conf\",\"a.conf\"]", "config event: 'a.conf' is named twice")]
    public void Event_BadDelta_IsRefusedWithTheField(string fields, string error)
    {
        var json = "{\"type\":\"config\",\"role\":\"core\",\"serial\":7,\"sha256\":\"" + Sha + "\"," + fields + "}";

        var parsed = EventParser.Parse(json);

        parsed.IsValid.Should().BeFalse();
        parsed.Error.Should().Be(error);
    }

    [Fact]
    public void Event_TooManyPaths_IsRefused()
    {
        var paths = new JsonArray(Enumerable.Range(0, ConfigDelta.MaxPaths + 1).Select(i => (JsonNode)$"f{i}.conf").ToArray());
        var json = new JsonObject
        {
            ["type"] = "config", ["role"] = "core", ["serial"] = 7, ["sha256"] = Sha, ["base"] = Base, ["changed"] = paths,
        }.ToJsonString();

        EventParser.Parse(json).Error.Should().Be($"config event: 'changed' and 'removed' name more than {ConfigDelta.MaxPaths} paths");
    }

    /// <summary>Generated paths, most of them refused by the path rule: an accepted delta names only acceptable paths.</summary>
    [Fact]
    public void Event_GeneratedPaths_AcceptedOnlyWhenEveryPathIsAcceptable()
    {
        var segment = Gen.OneOf(Gen.Const(".."), Gen.Const("."), Gen.Const(".pryvbus"), Gen.Const(""), Gen.String[Gen.Char['\0', '\u00ff'], 0, 6], Gen.String[Gen.Char['a', 'e'], 1, 4]);
        var path = segment.Array[1, 4].Select(parts => string.Join('/', parts));
        Gen.Select(path.Array[0, 4], path.Array[0, 3]).Sample(
            (changed, removed) =>
            {
                var json = new JsonObject
                {
                    ["type"] = "config", ["role"] = "core", ["serial"] = 7, ["sha256"] = Sha, ["base"] = Base,
                    ["changed"] = new JsonArray(changed.Select(p => (JsonNode)p!).ToArray()),
                    ["removed"] = new JsonArray(removed.Select(p => (JsonNode)p!).ToArray()),
                }.ToJsonString();
                var all = changed.Concat(removed).ToArray();
                var acceptable = all.All(ConfigPath.IsAcceptable) && all.Distinct(StringComparer.Ordinal).Count() == all.Length;

                var parsed = EventParser.Parse(json);

                parsed.IsValid.Should().Be(acceptable, parsed.Error);
                if (acceptable)
                {
                    var delta = ((ConfigEvent)parsed.Event!).Delta!;
                    delta.Changed.Should().Equal(changed);
                    delta.Removed.Should().Equal(removed);
                }
            },
            iter: EventParserPropertyTests.Iterations);
    }
}
