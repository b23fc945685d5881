using CsCheck;
using PryvBus.Follower.Applying;
using PryvBus.Leader.Rendering;
using PryvBus.Shared.Paths;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>
/// The path rule over generated paths, hostile alphabets included. CsCheck prints the seed of a failing input, so a
/// failure can be replayed with <c>seed:</c>.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ConfigPathPropertyTests
{
    public const long Inputs = 20_000;

    private const string Root = "/srv/pryv/root";

    /// <summary>Segments an attacker or a careless operator would try, and plain ones.</summary>
    private static readonly Gen<string> Segment = Gen.Frequency(
        (4, Gen.OneOf(
            "core", "conf", "a", "..", ".", "", ".pryvbus", ".PryvBus", ".x.pryvbus-tmp-1", "pryvbus", "...", "..a", "a..",
            "~", " ", "a b", "é", "日本", "\U0001F600", "a\0b", "a\nb", "a\tb", "a\rb", "\u202E", "\u200B", "\u2028", "\U000E0041", "a\U0001D173",
            "\uD800", "\uDC00", "\\", "a\\..\\b", "C:", "//", "/", "%2e%2e", "\u2024\u2024", "\uFF0E\uFF0E", "\u007F", "\u0085")),
        (2, Gen.Char["/\\.\0\n\tab\u00E9\uD83D\uDE00\uD800"].Array[0, 6].Select(c => new string(c))),
        (1, Gen.String[0, 8]));

    private static readonly Gen<string> HostilePath = Gen.Frequency(
        (6, Segment.Array[1, 8].SelectMany(s => Gen.OneOf("/", "\\", "//").Select(sep => string.Join(sep, s)))),
        (1, Gen.Const("/").SelectMany(_ => Segment.Array[1, 4].Select(s => "/" + string.Join('/', s)))),
        (1, Gen.String[0, 64]),
        (1, Gen.Char.Array[0, 300].Select(c => new string(c))),
        (1, Gen.Const(() => string.Join('/', Enumerable.Repeat("a", 40)))));

    [Fact]
    public void Generator_HostilePaths_HoldBothAcceptedAndRefusedPaths()
    {
        // The properties below say something only if the generator reaches both sides of the rule.
        var accepted = 0;
        var total = 0;
        HostilePath.Sample(
            path =>
            {
                Interlocked.Increment(ref total);
                if (ConfigPath.IsAcceptable(path))
                {
                    Interlocked.Increment(ref accepted);
                }
            },
            iter: Inputs);

        accepted.Should().BeGreaterThan(total / 20);
        (total - accepted).Should().BeGreaterThan(total / 2);
    }

    [Fact]
    public void Problem_AnyString_NeverThrows() =>
        HostilePath.Sample(path => _ = (ConfigPath.Problem(path), ConfigPath.Printable(path)), iter: Inputs);

    [Fact]
    public void Problem_AcceptedPath_StaysUnderTheRootAndOutOfTheStateFolder() =>
        HostilePath.Sample(
            path =>
            {
                if (!ConfigPath.IsAcceptable(path))
                {
                    return true;
                }

                var full = Path.GetFullPath(Path.Combine(Root, path));
                var relative = Path.GetRelativePath(Root, full);
                var first = relative.Split('/')[0];
                return full.StartsWith(Root + "/", StringComparison.Ordinal)
                    && relative == path
                    && !first.Equals(ConfigPath.StateDirectory, StringComparison.OrdinalIgnoreCase)
                    && !path.Contains(ConfigPath.TempMarker, StringComparison.OrdinalIgnoreCase);
            },
            iter: Inputs);

    [Fact]
    public void Problem_AcceptedPath_ShowsAsItself() =>
        HostilePath.Sample(path => !ConfigPath.IsAcceptable(path) || ConfigPath.Printable(path) == path, iter: Inputs);

    [Fact]
    public void Problem_RefusedPath_ShowsWithoutControlCharacters() =>
        HostilePath.Sample(path => !ConfigPath.Printable(path).Any(char.IsControl), iter: Inputs);

    [Fact]
    public void Problem_AnyPath_ShowsNoInvisibleCharacter() =>
        HostilePath.Sample(path => !ConfigPath.Printable(path).EnumerateRunes().Any(Invisible), iter: Inputs);

    [Fact]
    public void Problem_AcceptedPath_HoldsNoInvisibleCharacter() =>
        HostilePath.Sample(path => !ConfigPath.IsAcceptable(path) || !path.EnumerateRunes().Any(Invisible), iter: Inputs);

    [Fact]
    public void LeaderAndFollower_AnyPath_AcceptTheSamePaths() =>
        HostilePath.Sample(path => (TemplateFiles.NameProblem(path) is null) == (PathGuard.Problem(path) is null), iter: Inputs);

    [Fact]
    public void IsSecretPath_AnyPath_IsWhetherAFolderOnTheWayIsNamedSecret() =>
        Gen.Frequency((3, Gen.OneOf("secret", "secrets", "secretx", "Secret", "a", "", "x.secret")), (1, Segment)).Array[1, 6]
            .Select(s => string.Join('/', s))
            .Sample(path => TemplateFiles.IsSecretPath(path) == path.Split('/')[..^1].Any(s => s is "secret" or "secrets"), iter: Inputs);

    private static bool Invisible(System.Text.Rune rune) =>
        System.Text.Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
            or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator;
}
