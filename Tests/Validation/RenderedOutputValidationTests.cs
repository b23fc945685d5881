using System.Text;
using System.Text.Json.Nodes;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Validation;

/// <summary>Every rendered .json, .yml and .yaml file is parsed before the role's version is accepted.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RenderedOutputValidationTests
{
    private static RoleRender Render(LeaderTree tree, string role = "core")
    {
        var settings = tree.Load();
        return new TemplateRenderer().Render(settings, role, SecretResolver.Offline(settings));
    }

    [Fact]
    public void Render_BrokenJson_NamesRenderedFileLineColumnAndTemplate()
    {
        // The template is fine Scriban; the value it inserts breaks the JSON on the rendered line 3.
        using var tree = new LeaderTree()
            .Value("NAME", "say \"hi\"")
            .Template("core", "conf/core.json", "{\n  \"a\": 1,\n  \"name\": \"{{ NAME }}\"\n}\n");

        var render = Render(tree);

        render.Version.Should().BeNull();
        var error = render.Errors.Should().ContainSingle().Subject;
        error.File.Should().Be("core/conf/core.json");
        error.Line.Should().Be(3);
        error.Column.Should().Be(17);
        error.Template.Should().Be("data/core/conf/core.json");
        error.ToString().Should().Be(
            "core/conf/core.json:3:17: rendered file: invalid JSON: 'h' is invalid after a value. Expected either ',', '}', or ']' (rendered from data/core/conf/core.json)");
    }

    [Fact]
    public void Render_BrokenJsonAfterWideCharacters_CountsColumnsInCharacters()
    {
        using var tree = new LeaderTree().Template("core", "a.json", "{\"é😀\": ]}");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.Column.Should().Be(8, "the emoji is one character");
    }

    [Theory]
    [InlineData("a.json", "")]
    [InlineData("a.json", "{\"a\": 1,}")]
    [InlineData("a.json", "// comment\n{}")]
    [InlineData("a.json", "{} {}")]
    [InlineData("a.json", "{\"a\": 01}")]
    [InlineData("a.yml", "a: [1, 2\n")]
    [InlineData("a.yaml", "a:\n  b: 1\n c: 2\n")]
    [InlineData("A.YML", "key: 'unclosed\n")]
    public void Render_InvalidJsonOrYaml_IsRefused(string path, string content)
    {
        using var tree = new LeaderTree().Template("core", path, content).Template("core", "ok.conf", "fine");

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.File.Should().Be("core/" + path);
    }

    [Fact]
    public void Render_YamlIndentedWithTab_IsRefusedAtTheTab()
    {
        using var tree = new LeaderTree().Template("core", "pryv.yml", "services:\n\tcore:\n    image: x\n");

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.ToString().Should()
            .StartWith("core/pryv.yml:2:1: rendered file: invalid YAML: While scanning a mapping, found invalid tab as indentation");
    }

    [Fact]
    public void Render_YamlDuplicateKey_IsRefusedAtTheSecondKey()
    {
        using var tree = new LeaderTree().Template("core", "pryv.yml", "services:\n  core:\n    image: a\n    ports: []\n    image: b\n");

        var render = Render(tree);

        var error = render.Errors.Should().ContainSingle().Subject;
        (error.Line, error.Column).Should().Be((5, 5));
        error.Message.Should().Contain("duplicate key 'image'");
    }

    [Theory]
    [InlineData("a: [1, 2\nb: 3\n", "x.yml:1:6: rendered file: invalid YAML: cannot be parsed after this point")]
    [InlineData("a: 'unclosed\nb: 3\n", "x.yml:3:1: rendered file: invalid YAML: While scanning a quoted scalar, found unexpected end of stream (in what starts at line 1, column 4)")]
    [InlineData("a: 1\n  b: 2\n", "x.yml:2:4: rendered file: invalid YAML: ")]
    [InlineData("a:\n  - 1\n  b: 2\n", "x.yml:3:3: rendered file: invalid YAML: ")]
    public void Render_YamlErrors_LocatedInTheRenderedText(string content, string expected)
    {
        using var tree = new LeaderTree().Template("core", "x.yml", content);

        Render(tree).Errors.Should().ContainSingle().Which.ToString().Should().StartWith("core/" + expected);
    }

    [Theory]
    [InlineData("a: 1\nb:\n  a: 1\n  c: [a, a]\n- x\n")]
    [InlineData("{a: 1, a: 2}")]
    [InlineData("? [a]\n: 1\na: 2\na: 3\n")]
    public void Render_YamlDuplicateOrMalformed_IsRefused(string content)
    {
        using var tree = new LeaderTree().Template("core", "x.yaml", content);

        Render(tree).Version.Should().BeNull();
    }

    [Theory]
    [InlineData("a: 1\nb:\n  a: 1\n  c: [a, a]\nd: {a: 1}\n")]
    [InlineData("x: &anchor\n  a: 1\ny:\n  <<: *anchor\n  b: 2\n")]
    [InlineData("---\na: 1\n---\na: 2\n")]
    [InlineData("- a: 1\n- a: 1\n")]
    [InlineData("text: |\n  \tkept as is\n")]
    [InlineData("")]
    public void Render_ValidYaml_IsStored(string content)
    {
        using var tree = new LeaderTree().Template("core", "x.yml", content);

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        Encoding.UTF8.GetString(render.Version!.Files["x.yml"]).Should().Be(content);
    }

    [Theory]
    [InlineData("a.yml", 100_000)]
    [InlineData("a.json", 100_000)]
    [InlineData("a.json", 1_001)]
    public void Render_DeeplyNestedOutput_IsRefusedWithoutExhaustingTheStack(string path, int depth)
    {
        // A rendered file is operator data: however deep it nests, the check answers instead of ending the leader.
        using var tree = new LeaderTree().Template("core", path, new string('[', depth) + new string(']', depth));

        var render = Render(tree);

        render.Version.Should().BeNull();
        render.Errors.Should().ContainSingle().Which.File.Should().Be("core/" + path);
    }

    [Fact]
    public void Render_JsonWithByteOrderMark_IsValidAndKeepsTheMark()
    {
        using var tree = new LeaderTree().Binary("core", "a.json", [0xEF, 0xBB, 0xBF, .. "{\"a\": \"{{ DOMAIN }}\"}"u8.ToArray()]);

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        render.Version!.Files["a.json"].Should().StartWith(new byte[] { 0xEF, 0xBB, 0xBF });
    }

    [Fact]
    public void Render_OtherExtensions_AreNotParsed()
    {
        using var tree = new LeaderTree().Template("core", "site.conf", "{ not json").Template("core", "a.json.bak2", "{");

        Render(tree).Errors.Should().BeEmpty();
    }

    [Fact]
    public void Render_SkippedByGlob_IsStoredUnparsed()
    {
        using var tree = new LeaderTree()
            .Template("core", "conf/x.tmpl.yml", "a: {{ '{' }}\n")
            .Template("core", "conf/y.json", "{")
            .Template("core", "conf/z.json", "{");
        tree.Config["validation"] = new JsonObject { ["skip"] = new JsonArray("**/*.tmpl.yml", "core/conf/y.json") };

        var render = Render(tree);

        render.Errors.Should().ContainSingle().Which.File.Should().Be("core/conf/z.json");
    }

    [Fact]
    public void Render_ValidationDisabled_StoresUnparsed()
    {
        using var tree = new LeaderTree().Template("core", "y.json", "{");
        tree.Config["validation"] = new JsonObject { ["enabled"] = false };

        Render(tree).Errors.Should().BeEmpty();
    }

    [Fact]
    public void Load_ValidationSection_UnknownKeyAndBadGlobAreReported()
    {
        using var tree = new LeaderTree().Template("core", "a.conf", "x");
        tree.Config["validation"] = new JsonObject { ["skipp"] = new JsonArray("x"), ["skip"] = new JsonArray("/abs", ""), ["enabled"] = "yes" };

        var errors = tree.Invoking(t => t.Load()).Should().Throw<SettingsException>().Which.Errors;

        errors.Should().Contain(e => e.Contains("validation.skipp: unknown key (did you mean 'skip'?)"));
        errors.Should().Contain(e => e.Contains("validation.skip: '/abs' must be relative"));
        errors.Should().Contain(e => e.Contains("validation.skip: '' must not be empty"));
        errors.Should().Contain(e => e.Contains("validation.enabled: must be true or false"));
    }
}
