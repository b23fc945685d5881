using System.Text.Json;
using System.Text.Json.Serialization;
using PryvBus.Leader.Commands;
using PryvBus.Leader.Migration;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Rollout;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The <c>--json</c> output written from named records (source-generated, Native AOT-safe) is byte for byte what the
/// anonymous objects they replaced gave through reflection: scripts reading it see no change.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class CommandJsonTests
{
    // The options CommandJson used with reflection before the records.
    private static readonly JsonSerializerOptions Reflection = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
    };

    [Fact]
    public async Task WriteAsync_RolloutStatus_SameAsTheAnonymousObject()
    {
        IReadOnlyList<RolloutWaveView> waves = [new(1, true, [new RolloutFollowerView("core-1", 7, "ok", "healthy", true, false)])];
        var written = await WriteAsync(
            new RolloutStatusOutput("core", true, "running", 7, 2, 1, string.Empty, 30, waves), CommandsJsonContext.Default.RolloutStatusOutput);

        written.Should().Be(Old(new
        {
            role = "core", policy = true, phase = (string?)"running", serial = (long?)7, generation = (long?)2, wave = (int?)1,
            reason = (string?)string.Empty, soakLeftSeconds = 30L, waves,
        }));
    }

    [Fact]
    public async Task WriteAsync_RenderRows_SameAsTheAnonymousObjects()
    {
        IReadOnlyList<RenderError> errors = [new RenderError("core/a.conf", 3, 4, "unknown variable X") { Template = "core/a.conf.tpl" }];
        var rows = new[] { ("core", true, false, (long?)null, (long?)null, 0L, errors), ("static", false, true, (long?)12, (long?)11, 2L, (IReadOnlyList<RenderError>)[]) };

        var written = await WriteAsync(
            rows.Select(r => new RenderRoleOutput(r.Item1, r.Item2, r.Item3, r.Item4, r.Item5, r.Item6, r.Item7)),
            CommandsJsonContext.Default.IEnumerableRenderRoleOutput);

        written.Should().Be(Old(rows.Select(r => new
        {
            role = r.Item1, failed = r.Item2, stored = r.Item3, serial = r.Item4, pinnedAt = r.Item5, receivers = r.Item6, errors = r.Item7,
        })));
    }

    [Fact]
    public async Task WriteAsync_Import_SameAsTheAnonymousObject()
    {
        var file = new ImportedFile("core", "/old/core/a.yml", "core/a.yml", ImportOutcome.Written, "yaml", new Dictionary<string, int> { ["DOMAIN"] = 2 }, 1);
        IReadOnlyList<string> none = [];
        IReadOnlyList<string> problems = ["a \"quoted\" <problem> é"];
        var written = await WriteAsync(
            new ImportOutput(
                "/old", "/new/data", [new ImportFileOutput(file.Role, file.Source, file.Template, "written", file.Kind, file.Replacements, file.Escapes)],
                none, none, none, [new SharedValueOutput("x", ["A", "B"], 2)], [new HeldValueOutput("N", "v", "common", 1)], none, none, problems, false),
            CommandsJsonContext.Default.ImportOutput);

        written.Should().Be(Old(new
        {
            from = "/old", to = "/new/data",
            files = new[] { file }.Select(f => new
            {
                role = f.Role, source = f.Source, template = f.Template, outcome = f.Outcome.ToString().ToLowerInvariant(),
                kind = f.Kind, replacements = f.Replacements, escapes = f.Escapes,
            }),
            skipped = none, valuesNotFound = none, valuesLeftAlone = none,
            shared = new[] { new { value = "x", names = "A, B".Split(", "), occurrences = 2 } },
            held = new[] { new { name = "N", value = "v", reason = "common", occurrences = 1 } },
            preferred = none, nearMisses = none, problems, written = false,
        }));
    }

    [Fact]
    public async Task WriteAsync_Set_SameAsTheAnonymousObject()
    {
        IReadOnlyList<string> errors = ["x"];
        IReadOnlyList<string> changed = ["core/a.conf"];
        var written = await WriteAsync(
            new SetOutput(true, "DOMAIN: a → b", "\"e1\"", null, [new SetPreviewOutput("core", false, errors, 3, changed)], []),
            CommandsJsonContext.Default.SetOutput);

        written.Should().Be(Old(new
        {
            dryRun = true, change = (string?)"DOMAIN: a → b", etag = "\"e1\"", renderProblem = (string?)null,
            previews = new[] { new { role = "core", failed = false, errors, current = (long?)3, changed } },
            roles = Array.Empty<object>(),
        }));
    }

    [Fact]
    public async Task WriteAsync_HealthWithNulls_KeepsTheNullKeys()
    {
        var written = await WriteAsync(new HealthOutput(null, true, null, "off"), CommandsJsonContext.Default.HealthOutput);

        written.Should().Be(Old(new { url = (string?)null, healthy = true, status = (int?)null, body = "off" }));
    }

    private static async Task<string> WriteAsync<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        using var output = new StringWriter();
        await CommandJson.WriteAsync(output, value, type);
        return output.ToString();
    }

    private static string Old(object value) => JsonSerializer.Serialize(value, Reflection) + Environment.NewLine;
}
