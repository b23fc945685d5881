using CsCheck;
using PryvBus.Follower.Policy;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Policy;

/// <summary>
/// <see cref="BindSource"/> over generated sources made of <c>..</c>, <c>.</c>, empty segments (<c>//</c>), trailing
/// slashes and names, relative and absolute: a source is judged inside the config root only when a plain stack walk of
/// its segments (the model) ends strictly below the root and outside <c>.pryvbus</c>. The seed is printed on failure.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class BindSourceProperties
{
    private const string Root = "/srv/pryv";

    private static readonly Gen<string> Segment = Gen.OneOf(
        Gen.Const(".."), Gen.Const("."), Gen.Const(string.Empty), Gen.Const("core"), Gen.Const("pryv"), Gen.Const("srv"),
        Gen.Const(".pryvbus"), Gen.Const("..."), Gen.Const(".hidden"), Gen.Const("conf"));

    private static readonly Gen<string> Source = Gen.Select(
        Gen.OneOf(Gen.Const(string.Empty), Gen.Const("./"), Gen.Const("/"), Gen.Const("/srv/pryv/"), Gen.Const("/srv/")),
        Segment.Array[0, 7],
        Gen.OneOf(Gen.Const(string.Empty), Gen.Const("/"), Gen.Const("//")),
        (start, segments, end) => start + string.Join('/', segments) + end);

    [Fact]
    public void Problem_AnySource_InsideOnlyWhenTheModelSaysSo()
    {
        Source.Sample(source =>
        {
            var inside = BindSource.Problem(source, Root, []) is null;
            var expected = Model(source);
            if (inside != expected)
            {
                throw new InvalidOperationException($"'{source}': judged {(inside ? "inside" : "outside")}, the model says {(expected ? "inside" : "outside")}");
            }
        }, iter: 10_000, print: s => s);
    }

    [Fact]
    public void Problem_AnySourceWithAnAllowedFolder_NeverInsideWhenTheModelEndsOutsideBoth()
    {
        Source.Sample(source =>
        {
            var resolved = Walk(source.StartsWith('/') ? source : Root + "/" + source);
            var inAllowed = resolved == "/srv/core" || resolved.StartsWith("/srv/core/", StringComparison.Ordinal);
            if (BindSource.Problem(source, Root, ["/srv/core"]) is null && !Model(source) && !inAllowed)
            {
                throw new InvalidOperationException($"'{source}' resolves to {resolved}, outside the root and the allowed folder, yet was accepted");
            }
        }, iter: 10_000, print: s => s);
    }

    /// <summary>Inside: the walk ends strictly below the root, not in (or at) its state folder.</summary>
    private static bool Model(string source)
    {
        var resolved = Walk(source.StartsWith('/') ? source : Root + "/" + source);
        return resolved.StartsWith(Root + "/", StringComparison.Ordinal)
            && resolved != Root + "/.pryvbus" && !resolved.StartsWith(Root + "/.pryvbus/", StringComparison.Ordinal);
    }

    /// <summary>The path a kernel would reach with no symbolic links: a stack of segments, <c>..</c> at the top stays at <c>/</c>.</summary>
    private static string Walk(string absolute)
    {
        var stack = new List<string>();
        foreach (var segment in absolute.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                continue;
            }

            stack.Add(segment);
        }

        return "/" + string.Join('/', stack);
    }
}
