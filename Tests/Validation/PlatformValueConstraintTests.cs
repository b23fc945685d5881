using System.Text.Json.Nodes;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Validation;

/// <summary>A documented platform value may declare a type and constraints; every violation is reported at once, by key.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PlatformValueConstraintTests
{
    private static LeaderTree Tree() => new LeaderTree().Template("core", "a.conf", "x");

    private static JsonObject Documented(JsonNode? value, params (string Key, JsonNode? Value)[] constraints)
    {
        var entry = new JsonObject { ["value"] = value };
        foreach (var (key, constraint) in constraints)
        {
            entry[key] = constraint;
        }

        return entry;
    }

    private static IReadOnlyList<string> Errors(LeaderTree tree) =>
        tree.Invoking(t => t.Load()).Should().Throw<SettingsException>().Which.Errors;

    private static string Error(JsonNode? value, params (string Key, JsonNode? Value)[] constraints)
    {
        using var tree = Tree().Value("X", Documented(value, constraints));
        return Errors(tree).Should().ContainSingle().Subject;
    }

    private static void Accepted(JsonNode? value, params (string Key, JsonNode? Value)[] constraints)
    {
        using var tree = Tree().Value("X", Documented(value, constraints));
        tree.Load().Platform["X"].Schema.Should().NotBeNull();
    }

    [Theory]
    [InlineData("string", "\"a\"")]
    [InlineData("integer", "3")]
    [InlineData("integer", "3.0")]
    [InlineData("number", "2.5")]
    [InlineData("boolean", "false")]
    [InlineData("array", "[]")]
    [InlineData("object", "{}")]
    public void Load_ValueOfDeclaredType_IsAccepted(string type, string json) => Accepted(JsonNode.Parse(json), ("type", type));

    [Theory]
    [InlineData("string", "3", "must be a string, not a number")]
    [InlineData("integer", "3.5", "must be an integer, not a number")]
    [InlineData("number", "\"3\"", "must be a number, not a string")]
    [InlineData("boolean", "\"true\"", "must be a boolean, not a string")]
    [InlineData("array", "{}", "must be an array, not an empty object")]
    [InlineData("object", "[1]", "must be an object, not an array")]
    public void Load_ValueOfAnotherType_IsReportedAtTheValueKey(string type, string json, string message) =>
        Error(JsonNode.Parse(json), ("type", type)).Should().Be($"config-leader.json: platform.X.value: {message}");

    [Fact]
    public void Load_Enum_AcceptsAListedValueAndRefusesOthers()
    {
        Accepted("eu", ("enum", new JsonArray("eu", "us", 3)));
        Accepted(3, ("enum", new JsonArray("eu", "us", 3)));
        Error("asia", ("enum", new JsonArray("eu", "us"))).Should().EndWith("platform.X.value: must be one of \"eu\", \"us\", not 'asia'");
    }

    [Fact]
    public void Load_Pattern_IsUnanchoredLikeJsonSchema()
    {
        Accepted("v1.9.0", ("pattern", "[0-9]+\\.[0-9]+"));
        Error("1.9.0-rc", ("pattern", "^[0-9.]+$")).Should().EndWith("platform.X.value: must match the pattern ^[0-9.]+$ (tried for at most 100 ms), not '1.9.0-rc'");
        Error(3, ("pattern", "^3$")).Should().EndWith("platform.X.value: must be a string to match the pattern, not a number");
    }

    [Fact]
    public void Load_CatastrophicPattern_TimesOutInsteadOfHanging()
    {
        // (a+)+$ backtracks exponentially on "aaaa…!": without the match timeout this never returns; with it the value
        // is refused and the error says the pattern was tried for a bounded time.
        var error = Error(new string('a', 40) + "!", ("pattern", "^(a+)+$"));

        error.Should().Contain("platform.X.value: must match the pattern ^(a+)+$ (tried for at most 100 ms)");
    }

    [Theory]
    [InlineData("pattern", "^[a-z]+$")]
    [InlineData("format", "hostname")]
    [InlineData("enum", null)]
    public void Load_SensitiveValueBreaksAConstraint_ErrorNeverQuotesIt(string key, string? constraint)
    {
        const string secret = "TopSecretPassw0rd!";
        JsonNode? value = key == "enum" ? new JsonArray("a", "b") : constraint;
        using var tree = Tree().Value("X", new JsonObject { ["value"] = secret, ["sensitive"] = true, [key] = value });

        var error = Errors(tree).Should().ContainSingle().Subject;

        error.Should().Contain("platform.X.value: ").And.Contain("(sensitive: not shown)").And.NotContain(secret);
    }

    [Fact]
    public void Load_MinMax_BoundNumbersStringLengthsAndArrayItems()
    {
        Accepted(1024, ("min", 1), ("max", 65535));
        Accepted("abc", ("min", 3), ("max", 3));
        Accepted("é😀", ("max", 2));
        Accepted(new JsonArray(1, 2), ("min", 1));
        Error(0, ("min", 1)).Should().EndWith("platform.X.value: must be at least 1, not 0");
        Error(70000, ("max", 65535)).Should().EndWith("platform.X.value: must be at most 65535, not 70000");
        Error("ab", ("min", 3)).Should().EndWith("platform.X.value: must have a length (in characters) at least 3, not 2");
        Error(new JsonArray(), ("type", "array"), ("min", 1)).Should().EndWith("platform.X.value: must have a number of items at least 1, not 0");
        Error(true, ("min", 1)).Should().EndWith("platform.X.value: must be a number, a string or an array to have a min or max, not a boolean");
        Error(5, ("min", 9), ("max", 1), ("type", "integer")).Should().EndWith("platform.X.min: must not be above max", "the bounds are wrong, not the value");
    }

    [Theory]
    [InlineData("hostname", "\"pryv.example.com\"")]
    [InlineData("hostname", "\"localhost\"")]
    [InlineData("ipv4", "\"203.0.113.10\"")]
    [InlineData("ipv6", "\"2001:db8::1\"")]
    [InlineData("url", "\"https://support.example.com/a?b=c\"")]
    [InlineData("email", "\"ops@example.com\"")]
    [InlineData("port", "443")]
    [InlineData("port", "\"8080\"")]
    public void Load_Format_AcceptsWellFormedValues(string format, string json) => Accepted(JsonNode.Parse(json), ("format", format));

    [Theory]
    [InlineData("hostname", "\"pryv_example.com\"", "must be a host name")]
    [InlineData("hostname", "\"-a.com\"", "must be a host name")]
    [InlineData("hostname", "\"203.0.113.10\"", "must be a host name")]
    [InlineData("ipv4", "\"10.1\"", "must be an IPv4 address")]
    [InlineData("ipv4", "\"010.0.0.1\"", "must be an IPv4 address")]
    [InlineData("ipv6", "\"[::1]\"", "must be an IPv6 address")]
    [InlineData("url", "\"support.example.com\"", "must be an absolute URL")]
    [InlineData("url", "\"/etc/passwd\"", "must be an absolute URL")]
    [InlineData("email", "\"ops@example\"", "must be an e-mail address")]
    [InlineData("email", "\"ops example@example.com\"", "must be an e-mail address")]
    [InlineData("port", "0", "must be a port")]
    [InlineData("port", "65536", "must be a port")]
    [InlineData("port", "\"080\"", "must be a port")]
    [InlineData("hostname", "3", "must be a host name")]
    public void Load_Format_RefusesMalformedValues(string format, string json, string message) =>
        Error(JsonNode.Parse(json), ("format", format)).Should().Contain($"platform.X.value: {message}");

    [Fact]
    public void Load_Required_RefusesBlankAndEmptyValues()
    {
        Accepted("x", ("required", true));
        Accepted("", ("required", false), ("type", "string"));
        Error("  ", ("required", true)).Should().EndWith("platform.X.value: is required: must not be a string");
        Error("", ("required", true)).Should().EndWith("platform.X.value: is required: must not be an empty string");
        Error(new JsonArray(), ("required", true)).Should().EndWith("platform.X.value: is required: must not be an empty array");
        Error(new JsonObject(), ("required", true)).Should().EndWith("platform.X.value: is required: must not be an empty object");
    }

    [Fact]
    public void Load_BadConstraints_AreReportedAtTheirOwnKey()
    {
        using var tree = Tree().Value("X", Documented(
            "x", ("type", "text"), ("format", "uuid"), ("enum", new JsonArray()), ("pattern", "(unclosed"), ("min", "1"), ("required", "yes"),
            ("maximum", 3)));

        var errors = Errors(tree);

        errors.Should().Contain(e => e.EndsWith("platform.X.type: must be one of string, integer, number, boolean, array, object, not 'text'"));
        errors.Should().Contain(e => e.EndsWith("platform.X.format: must be one of hostname, ipv4, ipv6, url, email, port, not 'uuid'"));
        errors.Should().Contain(e => e.EndsWith("platform.X.enum: must be a non-empty array of the allowed values, not an array"));
        errors.Should().Contain(e => e.Contains("platform.X.pattern: is not a .NET regular expression: "));
        errors.Should().Contain(e => e.Contains("platform.X.min: must be a number"));
        errors.Should().Contain(e => e.Contains("platform.X.required: must be true or false"));
        errors.Should().Contain(e => e.Contains("platform.X.maximum: unknown key (known here: description, enum, format, max, min, pattern, required, sensitive, type, value)"));
        errors.Should().HaveCount(7);
    }

    [Fact]
    public void Load_ConstraintsWithoutValue_OnlyTheMissingValueIsReported()
    {
        using var tree = Tree().Value("X", new JsonObject { ["type"] = "string", ["format"] = "hostname", ["description"] = "no value" });

        Errors(tree).Should().Equal("config-leader.json: platform.X: an object entry needs a 'value' (and may have a 'description')");
    }

    [Fact]
    public void Load_SeveralViolations_ReportsEveryOneAtOnce()
    {
        using var tree = Tree()
            .Value("DOMAIN", Documented("not a host", ("type", "string"), ("format", "hostname")))
            .Value("PORT", Documented("https", ("type", "integer"), ("format", "port")))
            .Value("REGION", Documented("asia", ("enum", new JsonArray("eu", "us"))))
            .Value("NAME", Documented("", ("required", true), ("max", 40), ("pattern", "^[A-Z]")));

        var errors = Errors(tree);

        errors.Should().BeEquivalentTo(
            "config-leader.json: platform.DOMAIN.value: must be a host name (letters, digits and '-' in dot-separated labels of at most 63, 253 in all, the last one starting with a letter), not 'not a host'",
            "config-leader.json: platform.PORT.value: must be an integer, not a string",
            "config-leader.json: platform.REGION.value: must be one of \"eu\", \"us\", not 'asia'",
            "config-leader.json: platform.NAME.value: is required: must not be an empty string",
            "config-leader.json: platform.NAME.value: must match the pattern ^[A-Z] (tried for at most 100 ms), not ''");
    }

    [Fact]
    public void Summary_EveryConstraint_ReadsAsWritten()
    {
        using var tree = Tree().Value("X", Documented(
            "eu", ("type", "string"), ("format", "hostname"), ("enum", new JsonArray("eu", 3)), ("pattern", "^e"), ("min", 1), ("max", 2.5), ("required", true)));

        tree.Load().Platform["X"].Schema!.Summary.Should().Be("type string, format hostname, one of \"eu\", 3, pattern ^e, min 1, max 2.5, required");
    }

    [Fact]
    public void Load_NoConstraint_LeavesTheValueFreeWithoutSchema()
    {
        using var tree = Tree().Value("X", new JsonObject { ["value"] = 3, ["description"] = "free" });

        tree.Load().Platform["X"].Schema.Should().BeNull();
    }
}
