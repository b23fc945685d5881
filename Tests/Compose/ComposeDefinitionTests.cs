using PryvBus.Follower.Compose;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Compose;

[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ComposeDefinitionTests
{
    private const string Old = """
        version: "3.5"
        services:
          core:
            image: pryvio/core:1.9.0
            volumes: ["./core/conf/:/app/conf/:ro"]
            restart: always
          nginx:
            image: pryvio/nginx:1.9.0
            ports: ["80:80"]
        """;

    [Fact]
    public void Compare_ImageTagChanged_OnlyThatServiceChanged()
    {
        var applied = Digests(Old);

        var changes = ComposeChanges.Compare(applied, ComposeDefinition.Parse(Old.Replace("core:1.9.0", "core:1.9.1", StringComparison.Ordinal), "pryv.yml"));

        changes.Changed.Should().Equal("core");
        changes.Added.Should().BeEmpty();
        changes.Removed.Should().BeEmpty();
    }

    [Fact]
    public void Compare_KeysReorderedAndRestyled_NoChange()
    {
        const string reordered = """
            services:
              nginx: { ports: ["80:80"], image: 'pryvio/nginx:1.9.0' }
              core:
                restart: always
                volumes:
                  - ./core/conf/:/app/conf/:ro
                image: pryvio/core:1.9.0
            version: '3.5'
            """;

        ComposeChanges.Compare(Digests(Old), ComposeDefinition.Parse(reordered, "pryv.yml")).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void Compare_ServiceAddedAndRemoved_Reported()
    {
        var edited = Old.Replace("  nginx:", "  hfs:", StringComparison.Ordinal);

        var changes = ComposeChanges.Compare(Digests(Old), ComposeDefinition.Parse(edited, "pryv.yml"));

        changes.Added.Should().Equal("hfs");
        changes.Removed.Should().Equal("nginx");
        changes.ToBringUp.Should().Equal("hfs");
    }

    [Fact]
    public void Parse_ImageOfEachService_Read()
    {
        var definition = ComposeDefinition.Parse(Old + "\n  built:\n    build: ./built\n", "pryv.yml");

        definition.Services["core"].Image.Should().Be("pryvio/core:1.9.0");
        definition.Services["built"].Image.Should().BeNull();
    }

    [Fact]
    public void Parse_NotYaml_ErrorNamesFileAndLine()
    {
        var act = () => ComposeDefinition.Parse("services:\n  core:\n    image: [unclosed\n", "pryv.yml");

        act.Should().Throw<ComposeFileException>().WithMessage("pryv.yml:*not valid YAML*");
    }

    [Theory]
    [InlineData("platform: v1\n", "*no services section*")]
    [InlineData("- a\n- b\n", "*root is a mapping*")]
    [InlineData("services: [a, b]\n", "pryv.yml:1:*services must be a mapping*")]
    [InlineData("services:\n  'bad name!': {}\n", "pryv.yml:2:*service name*")]
    public void Parse_NotAComposeFile_ErrorSaysWhy(string text, string message)
    {
        var act = () => ComposeDefinition.Parse(text, "pryv.yml");

        act.Should().Throw<ComposeFileException>().WithMessage(message);
    }

    [Theory]
    [InlineData("&a {*a: 1}\n", "pryv.yml:1:*an alias as a mapping key*")]
    [InlineData("services: &s\n  core: *s\n", "pryv.yml:2:*alias *s inside the node it names*")]
    [InlineData("x: &l [a, *l]\nservices: {}\n", "pryv.yml:1:*alias *l inside the node it names*")]
    [InlineData("? [a, b]\n: 1\nservices: {}\n", "pryv.yml:1:*a mapping or sequence as a mapping key*")]
    public void Parse_RecursiveAliasOrCollectionKey_RefusedBeforeLoading(string text, string message)
    {
        // The representation model would recurse without end on some of these (a stack overflow ends the process).
        var act = () => ComposeDefinition.Parse(text, "pryv.yml");

        act.Should().Throw<ComposeFileException>().WithMessage(message);
    }

    [Fact]
    public void Parse_AliasesExpandingBeyondTheBound_Refused()
    {
        // Each level doubles the previous one: 2^30 scalars once expanded ("billion laughs").
        var text = "a0: &a0 [x, x]\n" + string.Concat(Enumerable.Range(1, 30).Select(i => $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n"))
            + "services:\n  core:\n    environment: *a30\n";

        var act = () => ComposeDefinition.Parse(text, "pryv.yml");

        act.Should().Throw<ComposeFileException>().WithMessage("pryv.yml: service core*");
    }

    [Fact]
    public void Parse_AliasedMappingKeys_Refused()
    {
        // Each key alone stays under the bound once expanded (2^14 scalars); many of them would not, and keys were
        // expanded outside the one budget. Compose has no such keys: refused, naming where.
        var text = "a0: &a0 [x, x]\n" + string.Concat(Enumerable.Range(1, 13).Select(i => $"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n"))
            + "services:\n  core:\n    labels:\n" + string.Concat(Enumerable.Range(0, 3).Select(i => $"      ? [*a13, k{i}]\n      : v\n"));

        var act = () => ComposeDefinition.Parse(text, "pryv.yml");

        act.Should().Throw<ComposeFileException>().WithMessage("pryv.yml:18:9: a mapping or sequence as a mapping key*");
    }

    [Fact]
    public void Parse_EmptyServices_NoService()
    {
        ComposeDefinition.Parse("services: {}\n", "pryv.yml").Services.Should().BeEmpty();
        ComposeDefinition.Parse("services:\n", "pryv.yml").Services.Should().BeEmpty();
    }

    internal static Dictionary<string, string> Digests(string text) =>
        ComposeDefinition.Parse(text, "pryv.yml").Services.ToDictionary(s => s.Key, s => s.Value.Digest, StringComparer.Ordinal);
}
