using System.Text.Json;
using System.Text.Json.Nodes;
using PryvBus.Leader.Commands;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Validation;

/// <summary><c>describe</c> shows what each value must be, next to its description.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class DescribeConstraintsTests
{
    private static LeaderTree Tree() => new LeaderTree()
        .Template("core", "site.conf", "{{ DOMAIN }} {{ PORT }}")
        .Value("DOMAIN", new JsonObject { ["value"] = "pryv.test", ["type"] = "string", ["format"] = "hostname", ["description"] = "The domain." });

    private static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await LeaderCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString() + error);
    }

    [Fact]
    public async Task Describe_TypedValue_ShowsItsConstraints()
    {
        using var tree = Tree();

        var (exit, output) = await RunAsync("describe", "--config", tree.Save());

        exit.Should().Be(0);
        output.Should().Contain("  DOMAIN = pryv.test\n    The domain.\n    must be: type string, format hostname\n    used in: data/core/site.conf");
        output.Should().Contain("  PORT = 3000\n    (no description)\n    used in: data/core/site.conf");
    }

    [Fact]
    public async Task DescribeJson_TypedValue_HasConstraintsAndNullForAFreeValue()
    {
        using var tree = Tree();

        var (_, output) = await RunAsync("describe", "--json", "--config", tree.Save());

        var values = JsonDocument.Parse(output).RootElement.GetProperty("values").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        values["DOMAIN"].GetProperty("constraints").GetString().Should().Be("type string, format hostname");
        values["PORT"].GetProperty("constraints").ValueKind.Should().Be(JsonValueKind.Null);
    }
}
