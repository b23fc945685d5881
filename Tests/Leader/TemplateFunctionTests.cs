using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Tests.Fixtures;
using Scriban;
using Scriban.Runtime;

namespace PryvBus.Tests.Leader;

/// <summary>
/// What a template can call: Scriban's built-ins (a fixed set: a new Scriban version exposing more fails here, to be
/// reviewed against the sandbox of issue 11) and the leader's own <c>secret</c> and <c>json</c>, imported without
/// reflection (Native AOT) with the semantics they had: argument checks, conversions, read-only names.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class TemplateFunctionTests
{
    // Recorded from Scriban.Signed 7.5.3 when the functions were imported by reflection (before Native AOT).
    private const string Builtins =
        "array: add add_range compact concat cycle any each filter first insert_at join last limit map offset remove_at reverse size sort uniq contains | "
        + "blank | "
        + "date: now utc_now add_days add_months add_years add_hours add_minutes add_seconds add_milliseconds parse parse_to_string default_format format to_string | "
        + "empty | "
        + "html: strip escape newline_to_br url_encode url_escape | "
        + "include | "
        + "include_join | "
        + "math: abs ceil divided_by floor format is_number minus modulo plus round times uuid random | "
        + "object: default eval eval_template format has_key has_value keys size typeof kind values from_json to_json | "
        + "regex: escape match matches replace split unescape | "
        + "string: escape append capitalize capitalizewords contains empty whitespace downcase ends_with equals_ignore_case handleize literal lstrip pluralize prepend remove remove_first remove_last replace replace_first rstrip size slice slice1 split starts_with strip strip_newlines to_int to_long to_float to_double truncate truncatewords upcase md5 sha1 sha256 sha512 hmac_sha1 hmac_sha256 hmac_sha512 pad_left pad_right base64_encode base64_decode index_of | "
        + "timespan: zero from_days from_hours from_minutes from_seconds from_milliseconds parse";

    [Fact]
    public void Builtins_NewContext_AreTheRecordedSet() => Listed(new TemplateContext()).Should().Be(Builtins);

    [Fact]
    public void Builtins_GapsFilled_SameSetAsScriban()
    {
        // What the leader's contexts get (the one shared set): the gaps of Scriban's Native AOT build filled, nothing added.
        var context = new TemplateContext(BuiltinGaps.Shared);

        Listed(context).Should().Be(Builtins);
    }

    [Theory]
    [InlineData("{{ json [1, \"a\", {b: true}] }}", "[1,\"a\",{\"b\":true}]")]
    [InlineData("{{ [1, 2] | json }}", "[1,2]")]
    [InlineData("{{ secret \"ADMIN_KEY\" | string.size }}", "32")]
    public void Render_LeaderFunctions_Work(string template, string expected)
    {
        using var tree = new LeaderTree().Template("core", "a.conf", template);

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        Encoding.UTF8.GetString(render.Version!.Files["a.conf"]).Should().Be(expected);
    }

    [Theory]
    [InlineData("{{ secret }}", "data/core/a.conf:1:10: Invalid number of arguments `0` passed to `secret` while expecting `1` arguments")]
    [InlineData("{{ secret \"A\" \"B\" }}", "data/core/a.conf:1:15: Invalid number of arguments `2` passed to `secret \"A\" \"B\"` while expecting `1` arguments")]
    [InlineData("{{ json }}", "data/core/a.conf:1:8: Invalid number of arguments `0` passed to `json` while expecting `1` arguments")]
    [InlineData("{{ json 1 2 }}", "data/core/a.conf:1:11: Invalid number of arguments `2` passed to `json 1 2` while expecting `1` arguments")]
    [InlineData("{{ secret = 1 }}", "data/core/a.conf:1:4: Cannot set the readonly variable `secret`")]
    [InlineData("{{ json = 1 }}", "data/core/a.conf:1:4: Cannot set the readonly variable `json`")]
    [InlineData("{{ secret null }}", "data/core/a.conf:1:4: secret needs a name (letters, digits and '_'), not null")]
    [InlineData("{{ secret 12 }}", "data/core/a.conf:1:4: '12' is not a secret name (letters, digits and '_') (Parameter 'name')")]
    [InlineData("{{ json.x }}", "data/core/a.conf:1:8: Invalid number of arguments `0` passed to `json` while expecting `1` arguments")]
    public void Render_LeaderFunctionsMisused_OneNamedError(string template, string error)
    {
        using var tree = new LeaderTree().Template("core", "a.conf", template);

        Render(tree).Errors.Should().ContainSingle().Which.ToString().Should().Be(error);
    }

    [Theory]
    [InlineData("{{ {x: 1, y: [1.5, \"b\", null, true], z: {w: \"<é>\\n\"}} | object.to_json }}")]
    [InlineData("{{ [1e20, -0.0, 0.1, 123456789012345] | object.to_json }} {{ 1..3 | object.to_json }} {{ \"a\\\"b\" | object.to_json }}")]
    [InlineData("{{ date.parse \"2026-01-02T03:04:05Z\" | object.to_json }} {{ timespan.from_seconds 90 | object.to_json }} {{ null | object.to_json }}")]
    [InlineData("{{ \"abcdef\" | string.slice 1 }} {{ \"abcdef\" | string.slice 1 2 }} {{ \"abcdef\" | string.slice 4 }} {{ \"abcabc\" | string.index_of \"c\" }} {{ \"abcabc\" | string.index_of \"c\" 3 }}")]
    [InlineData("{{ {a: 1} | object.has_key \"a\" }} {{ {a: 1} | object.has_key \"b\" }} {{ {a: 1} | object.has_value \"a\" }} {{ null | object.has_key \"a\" }}")]
    [InlineData("{{ date.parse \"2026-01-02\" | date.to_string \"%Y-%m-%d\" }} {{ date.parse \"02/01/2026\" \"%d/%m/%Y\" | date.to_string \"%F\" }} {{ date.parse \"\" | object.typeof }} {{ timespan.zero }}")]
    public void Render_BuiltinsPutBack_SameAsScriban(string template)
    {
        using var tree = new LeaderTree().Template("core", "a.conf", template);
        var expected = Scriban.Template.Parse(template).Render(new TemplateContext { MemberRenamer = member => member.Name });

        var render = Render(tree);

        render.Errors.Should().BeEmpty();
        Encoding.UTF8.GetString(render.Version!.Files["a.conf"]).Should().Be(expected);
    }

    [Theory]
    [InlineData("{{ date.format = \"%Y\" }}", true)]
    [InlineData("{{ date.default_format = \"%Y\" }}", true)]
    [InlineData("{{ string.upcase = 1 }}", true)]
    [InlineData("{{ math = 1 }}", false)]
    [InlineData("{{ string = 1 }}", false)]
    public void Render_TemplateChangesABuiltin_LaterRendersSeeThemUnchanged(string change, bool refused)
    {
        // Every render shares one set of built-ins, built once: no template may change them for the renders after it. A
        // module's member is read-only (refused); a name of the template's own globals only hides a module in that render.
        const string Uses = "{{ date.parse \"2026-01-02\" }} {{ \"x\" | string.upcase }} {{ 1 | math.plus 1 }}";
        using var tree = new LeaderTree().Template("core", "a.conf", change).Template("other", "b.conf", Uses);
        var expected = Scriban.Template.Parse(Uses).Render(new TemplateContext { MemberRenamer = member => member.Name });
        var settings = tree.Load();

        var changing = new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));
        var after = new TemplateRenderer().Render(settings, "other", SecretResolver.Offline(settings));

        if (refused)
        {
            changing.Errors.Should().ContainSingle().Which.Message.Should().ContainAny("Cannot set a value", "readonly");
        }
        else
        {
            changing.Errors.Should().BeEmpty();
        }

        after.Errors.Should().BeEmpty();
        Encoding.UTF8.GetString(after.Version!.Files["b.conf"]).Should().Be(expected);
    }

    private static string Listed(TemplateContext context)
    {
        var builtins = context.BuiltinObject;
        return string.Join(" | ", builtins.GetMembers().Order(StringComparer.Ordinal).Select(name =>
            builtins[name] is ScriptObject members ? $"{name}: {string.Join(' ', members.GetMembers())}" : name));
    }

    private static RoleRender Render(LeaderTree tree)
    {
        var settings = tree.Load();
        return new TemplateRenderer().Render(settings, "core", SecretResolver.Offline(settings));
    }
}
