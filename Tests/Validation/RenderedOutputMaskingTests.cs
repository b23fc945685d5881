using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Validation;

/// <summary>
/// An error about a rendered file may quote its text (a YAML key written twice, a JSON literal): a sensitive value or a
/// secret in it is masked before the quote is cut to its length, so no part of it is printed.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class RenderedOutputMaskingTests
{
    /// <summary>A run this long of a value printed is taken as a leak of it.</summary>
    private const int Fragment = 16;

    [Theory]
    [InlineData("a.yml", "{{ PASS }}: 1\n{{ PASS }}: 2\n", "duplicate key")]
    [InlineData("a.json", "{ \"a\": t{{ PASS }} }", "invalid JSON literal")]
    public void Render_ErrorQuotingASensitiveValueCutShort_QuotesNoPartOfIt(string file, string template, string problem)
    {
        // 300 characters: longer than the 200 a quote is cut to, so masking after the cut found no whole value.
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(150));
        using var tree = new LeaderTree()
            .Value("PASS", new JsonObject { ["value"] = password, ["sensitive"] = true })
            .Template("core", file, template);
        var settings = tree.Load();

        var render = new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));

        var message = render.Errors.Should().ContainSingle().Which.Message;
        message.Should().Contain(problem).And.Contain("«secret PASS»");
        FragmentsOf(password).Should().NotContain(f => message.Contains(f, StringComparison.Ordinal));
    }

    [Fact]
    public void Render_YamlDuplicateKeyHoldingALongSecret_QuotesNoPartOfIt()
    {
        // An explicit key (? …): an implicit one is limited to 1024 characters, and the secret is 4096.
        using var tree = new LeaderTree()
            .Secret("K", new JsonObject { ["length"] = 4096 })
            .Template("core", "a.yml", "? {{ secret \"K\" }}\n: 1\n? {{ secret \"K\" }}\n: 2\n");
        var settings = tree.Load();
        var secrets = SecretResolver.Offline(settings);

        var render = new TemplateRenderer().Render(settings, "core", secrets);

        var message = render.Errors.Should().ContainSingle().Which.Message;
        message.Should().Contain("duplicate key").And.Contain("«secret K»");
        FragmentsOf(secrets.Resolved["K"]).Should().NotContain(f => message.Contains(f, StringComparison.Ordinal));
    }

    private static IEnumerable<string> FragmentsOf(string value) =>
        Enumerable.Range(0, value.Length - Fragment + 1).Select(i => value.Substring(i, Fragment));
}
