using System.Globalization;
using System.Text;
using CsCheck;
using PryvBus.Follower.Fetching;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class ComponentsFieldTests
{
    private const string Key = "key-of-follower-1-0123456789";

    private static readonly Dictionary<string, ComponentSpec> Sample = new(StringComparer.Ordinal)
    {
        ["nginx"] = new(new ReloadAction(ReloadKind.Signal, "HUP", [], ComponentRules.DefaultReloadTimeoutSeconds), new ComponentCheck(["nginx", "-t"], 20)),
        ["core"] = new(new ReloadAction(ReloadKind.Exec, null, ["sh", "-c", "kill -USR2 1"], 7), null),
        ["mail"] = new(ReloadAction.Restart, new ComponentCheck(["true"], 5)),
    };

    [Fact]
    public void Write_ThenRead_GivesTheSameDeclarations()
    {
        var text = ComponentsField.Write(Sample);

        var read = ComponentsField.Read(text, out var problem);

        problem.Should().BeNull();
        read!.Keys.Should().BeEquivalentTo(Sample.Keys);
        read["nginx"].Reload.Should().Be(Sample["nginx"].Reload with { Command = read["nginx"].Reload.Command });
        read["nginx"].Check!.Command.Should().Equal("nginx", "-t");
        read["core"].Reload.Command.Should().Equal("sh", "-c", "kill -USR2 1");
        read["core"].Reload.TimeoutSeconds.Should().Be(7);
        read["mail"].Reload.Kind.Should().Be(ReloadKind.Restart);
        ComponentsField.Write(read).Should().Be(text, "the leader writes one canonical form");
    }

    [Fact]
    public void Read_Absent_MeansEveryComponentRestarts()
    {
        ComponentsField.Read(null, out var problem).Should().BeEmpty();
        problem.Should().BeNull();
        ComponentsField.Write(new Dictionary<string, ComponentSpec>()).Should().BeNull();
    }

    [Theory]
    [InlineData("""{"nginx":{"reload":{"action":"signal","signal":"KILL"}}}""", "components.nginx.reload: must be one of")]
    [InlineData("""{"nginx":{"reload":{"action":"signal"}}}""", "components.nginx.reload: must be one of")]
    [InlineData("""{"nginx":{"reload":{"action":"exec","command":[]}}}""", "components.nginx.reload: command must be a non-empty")]
    [InlineData("""{"nginx":{"reload":{"action":"exec","command":["a\u0000b"]}}}""", "components.nginx.reload: command has an argument")]
    [InlineData("""{"nginx":{"reload":{"action":"exec","command":["x"],"timeoutSeconds":0}}}""", "components.nginx.reload: timeoutSeconds must be between")]
    [InlineData("""{"nginx":{"reload":{"action":"format-disk"}}}""", "components.nginx.reload: action must be")]
    [InlineData("""{"nginx":{"check":{"command":"nginx -t"}}}""", "components.nginx.check: command must be")]
    [InlineData("""{"nginx":{"check":{"command":["x"],"user":"root"}}}""", "components.nginx.check: unknown key")]
    [InlineData("""{"../etc":{}}""", "components.../etc: a component name")]
    [InlineData("""{"nginx":{"reload":{"action":"restart"},"privileged":true}}""", "components.nginx: must be an object")]
    [InlineData("""[1,2]""", "components is not a JSON object")]
    [InlineData("""{"a":""", "components is not valid JSON")]
    public void Read_BadField_RefusedNamingTheField(string json, string expected)
    {
        ComponentsField.Read(json, out var problem).Should().BeNull();

        problem.Should().Contain(expected);
    }

    [Fact]
    public void Read_TooLongOrTooManyArguments_Refused()
    {
        var many = "{\"x\":{\"reload\":{\"action\":\"exec\",\"command\":[" + string.Join(',', Enumerable.Repeat("\"a\"", ComponentRules.MaxArguments + 1)) + "]}}}";
        var huge = "{\"x\":{\"reload\":{\"action\":\"exec\",\"command\":[\"" + new string('a', ComponentRules.MaxFieldLength) + "\"]}}}";

        ComponentsField.Read(many, out var manyProblem).Should().BeNull();
        ComponentsField.Read(huge, out var hugeProblem).Should().BeNull();
        manyProblem.Should().Contain("components.x.reload: command");
        hugeProblem.Should().Contain("longer than");
    }

    [Fact]
    public void Read_ArbitraryText_NeverThrows()
    {
        var fragments = Gen.OneOf(
            Gen.Const("{"), Gen.Const("}"), Gen.Const("\"reload\":"), Gen.Const("\"check\":"), Gen.Const("\"action\":\"exec\""),
            Gen.Const("\"command\":[\"a\"]"), Gen.Const("\"timeoutSeconds\":"), Gen.Const(","), Gen.Const("\"nginx\":"), Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)), Gen.String);
        fragments.Array[0, 30].Select(parts => string.Concat(parts)).Sample(
            text =>
            {
                var read = ComponentsField.Read(text, out var problem);
                (read is null).Should().Be(problem is not null);
            },
            iter: 5_000);
    }

    [Fact]
    public void Verify_SignatureWithComponents_BindsThem()
    {
        var text = ComponentsField.Write(Sample)!;
        var sig = VersionSignature.Sign(Key, "core", 3, 9, "abc", text);

        VersionSignature.Verify(Key, "core", 3, 9, "abc", sig, text).Should().BeTrue();
        VersionSignature.Verify(Key, "core", 3, 9, "abc", sig, text.Replace("HUP", "USR1", StringComparison.Ordinal)).Should().BeFalse();
        VersionSignature.Verify(Key, "core", 3, 9, "abc", sig, null).Should().BeFalse("dropping the field must not leave a valid signature");
        VersionSignature.Verify(Key, "core", 3, 9, "abc", VersionSignature.Sign(Key, "core", 3, 9, "abc"), text).Should().BeFalse();
    }

    [Fact]
    public void Verify_VersionWithoutComponents_StillVerifiesAndMeansRestart()
    {
        var version = Fetched(components: null, signedComponents: null);

        var verified = VersionVerifier.Verify(version, "core-1", Key);

        verified.Components.Should().BeEmpty();
    }

    [Fact]
    public void Verify_SignedComponents_AreCarried()
    {
        var text = ComponentsField.Write(Sample);

        var verified = VersionVerifier.Verify(Fetched(text, text), "core-1", Key);

        verified.Components["nginx"].Reload.Signal.Should().Be("HUP");
    }

    [Fact]
    public void Verify_ComponentsChangedAfterSigning_Refused()
    {
        var text = ComponentsField.Write(Sample)!;
        var tampered = text.Replace("\"signal\":\"HUP\"", "\"signal\":\"TERM\"", StringComparison.Ordinal);

        var act = () => VersionVerifier.Verify(Fetched(tampered, text), "core-1", Key);

        act.Should().Throw<VersionRejectedException>().WithMessage("*signature*");
    }

    [Fact]
    public void Verify_BadComponentsEvenIfSigned_RefusedNamingTheField()
    {
        const string bad = """{"nginx":{"reload":{"action":"signal","signal":"KILL"}}}""";

        var act = () => VersionVerifier.Verify(Fetched(bad, bad), "core-1", Key);

        act.Should().Throw<VersionRejectedException>().WithMessage("*components.nginx.reload*");
    }

    [Fact]
    public void Verify_SameComponentsTextTwiceThenTampered_SecondReusesTheFirstAndTheTamperedIsStillRefused()
    {
        var text = ComponentsField.Write(Sample)!;
        var fields = new MetaTextCache(); // its own record of the fields read last: other tests verify in parallel
        var first = VersionVerifier.Verify(Fetched(text, text), "core-1", Key, fields);
        var second = VersionVerifier.Verify(Fetched(text, text), "core-1", Key, fields);
        var tampered = text.Replace("\"signal\":\"HUP\"", "\"signal\":\"TERM\"", StringComparison.Ordinal);

        second.Components.Should().BeSameAs(first.Components, "the text read last is not parsed again");
        ((Action)(() => VersionVerifier.Verify(Fetched(tampered, text), "core-1", Key, fields))).Should().Throw<VersionRejectedException>();
        VersionVerifier.Verify(Fetched(tampered, tampered), "core-1", Key, fields).Components["nginx"].Reload.Signal.Should().Be("TERM");
        const string bad = """{"nginx":{"reload":{"action":"signal","signal":"KILL"}}}""";
        ((Action)(() => VersionVerifier.Verify(Fetched(bad, bad), "core-1", Key, fields))).Should().Throw<VersionRejectedException>();
        ((Action)(() => VersionVerifier.Verify(Fetched(bad, bad), "core-1", Key, fields))).Should().Throw<VersionRejectedException>("a refused text is never kept");
    }

    private static FetchedVersion Fetched(string? components, string? signedComponents)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal) { ["nginx/conf/site.conf"] = Encoding.UTF8.GetBytes("server {}") };
        var sha = VersionDigest.Compute(files, new HashSet<string>());
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MetaFields.Role] = "core",
            [MetaFields.Generation] = "1",
            [MetaFields.Serial] = "4",
            [MetaFields.Sha256] = sha,
            [MetaFields.SecretFiles] = "[]",
            [MetaFields.Signature("core-1")] = VersionSignature.Sign(Key, "core", 1, 4, sha, signedComponents),
        };
        if (components is not null)
        {
            meta[MetaFields.Components] = components;
        }

        return new FetchedVersion("core", 4, files, meta);
    }
}
