using CsCheck;
using PryvBus.Leader.Migration;
using PryvBus.Tests.Fixtures;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Tests.Leader;

/// <summary>Pryv's token rule as the importer applies it, and how it reads Pryv's YAML values.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PryvSubstitutionTests
{
    private static readonly Gen<string> Name = Gen.OneOf(Gen.Const("A"), Gen.Const("AB"), Gen.Const("B"), Gen.Const("BA"), Gen.Const("A_B"), Gen.Const("_A"));

    [Fact]
    public void Split_AnyTextAndNameOrder_TakesTheFirstNameInOrderAtTheLeftmostPosition()
    {
        Gen.Select(Name.List[1, 5], Gen.Char["AB_ x"].Array[0, 30]).Sample(
            (names, chars) =>
            {
                var order = names.Distinct().Select(n => KeyValuePair.Create(n, (object?)"v")).ToList();
                var text = new string(chars);

                var pieces = new PryvSubstitution(order).Split(text);

                string.Concat(pieces.Select(p => p.Text)).Should().Be(text);
                pieces.Where(p => p.IsName).Select(p => p.Text).Should().Equal(Naive(order.Select(o => o.Key).ToList(), text));
            },
            iter: 2000);
    }

    [Fact]
    public void Apply_NestedValues_SubstitutesInsertedTextAgainAndWritesOtherValuesAsJson()
    {
        var order = new List<KeyValuePair<string, object?>>
        {
            new("DOMAIN", "pryv.example.com"),
            new("URLS", new List<object?> { "https://sw.DOMAIN/", 3d, null, true }),
            new("APPS", "*@https://*.DOMAIN*"),
        };

        new PryvSubstitution(order).Apply("u: URLS\na: APPS\n").Should().Be("u: [\"https://sw.pryv.example.com/\",3,null,true]\na: *@https://*.pryv.example.com*\n");
    }

    [Fact]
    public void CycleFrom_ValuesNamingEachOther_GivesTheChain()
    {
        var order = new List<KeyValuePair<string, object?>> { new("X", "see Y"), new("Y", "see X") };

        new PryvSubstitution(order).CycleFrom("X").Should().Equal("X", "Y", "X");
    }

    [Fact]
    public void Apply_ValuesDoublingThroughEachOther_ExpandsEachNameOnce()
    {
        // V25X would be 2^25 copies of V00X: refused past MaxOutput, after expanding each name once (not 2^19 times).
        var order = new List<KeyValuePair<string, object?>> { new("V00X", "xxxxxxxxxxxxxxxx") };
        for (var i = 1; i < 26; i++)
        {
            order.Add(new($"V{i:D2}X", $"V{i - 1:D2}X-V{i - 1:D2}X"));
        }

        var substitution = new PryvSubstitution(order);

        substitution.Invoking(s => s.Apply("v: V25X")).Should().Throw<InvalidOperationException>().WithMessage("*gives over*");
        substitution.Expansions.Should().BeLessThan(3 * order.Count);
        substitution.Apply("v: V10X").Length.Should().Be(3 + (16 * 1024) + 1023, "a name's expansion, remembered, is the same text");
    }

    [Fact]
    public void CycleFrom_DiamondsOfNames_VisitsEachNameOnce()
    {
        // A and B of each level both name A and B of the level below: 2^20 paths, 42 names, no cycle.
        var order = new List<KeyValuePair<string, object?>> { new("A00_", "a"), new("B00_", "b") };
        for (var i = 1; i <= 20; i++)
        {
            order.Add(new($"A{i:D2}_", $"A{i - 1:D2}_ B{i - 1:D2}_"));
            order.Add(new($"B{i:D2}_", $"B{i - 1:D2}_ A{i - 1:D2}_"));
        }

        var substitution = new PryvSubstitution(order);

        substitution.CycleFrom("A20_").Should().BeNull();
        substitution.CycleFrom("B20_").Should().BeNull();
        substitution.Visits.Should().BeLessThan(3 * order.Count);
    }

    [Fact]
    public void Apply_AnyNamesAndTexts_SameTextOrErrorWithRememberedExpansionsAsWithout()
    {
        // Random graphs of names (cycles, chains, names inside names, JSON values), texts applied one after the other on
        // one substitution (what it remembers grows) and on one that remembers nothing: the same text or the same error.
        var names = new[] { "A", "AB", "B", "C", "CA", "D" };
        var baseText = Gen.Select(Gen.OneOf(Gen.Const("A"), Gen.Const("AB"), Gen.Const("B"), Gen.Const("C"), Gen.Const("CA"), Gen.Const("D"), Gen.Const("-"), Gen.Const("xy")).List[0, 4], s => string.Concat(s));
        Gen.Select(baseText.Array[names.Length], Gen.Bool.Array[names.Length], baseText.List[1, 6]).Sample(
            (texts, json, inputs) =>
            {
                var order = names.Select((n, i) => KeyValuePair.Create(n, json[i] ? (object?)new List<object?> { texts[i], 1d } : texts[i])).ToList();
                var remembering = new PryvSubstitution(order);
                foreach (var input in inputs)
                {
                    Outcome(remembering, input).Should().Be(Outcome(new PryvSubstitution(order) { Remember = false }, input), input);
                }
            },
            iter: 500);
    }

    [Fact]
    public void Apply_ChainsAroundTheDepthLimit_SameTextOrErrorWithRememberedExpansionsAsWithout()
    {
        // Names remembered at a shallow depth, then met deeper: past the depth limit their remembered text is not used.
        var order = new List<KeyValuePair<string, object?>> { new("N00_", "leaf") };
        for (var i = 1; i <= 40; i++)
        {
            order.Add(new($"N{i:D2}_", $"<N{i - 1:D2}_>"));
        }

        var remembering = new PryvSubstitution(order);
        foreach (var text in new[] { "N10_", "N40_", "N31_", "N32_", "N33_", "a N20_ b N31_", "N30_", "N32_ N31_" })
        {
            Outcome(remembering, text).Should().Be(Outcome(new PryvSubstitution(order) { Remember = false }, text), text);
        }

        Outcome(remembering, "N31_").Should().StartWith("ok: ");
        Outcome(remembering, "N32_").Should().StartWith("error: ").And.Contain("refers to itself");
    }

    private static string Outcome(PryvSubstitution substitution, string text)
    {
        try
        {
            return "ok: " + substitution.Apply(text);
        }
        catch (InvalidOperationException ex)
        {
            return "error: " + ex.Message;
        }
    }

    [Theory]
    [InlineData("v: 1.9.0", "1.9.0")]
    [InlineData("v: 3000", 3000d)]
    [InlineData("v: '3000'", "3000")]
    [InlineData("v: 08", "08")]
    [InlineData("v: 0.5", 0.5)]
    [InlineData("v: true", true)]
    [InlineData("v: ~", null)]
    [InlineData("v: REPLACE_ME", "REPLACE_ME")]
    public void ReadScalar_JsYamlForms_GiveTheSameValueAsPryv(string yaml, object? expected)
    {
        Scalar(yaml).Should().Be((expected, (string?)null));
    }

    [Theory]
    [InlineData("v: 2020-01-01")]
    [InlineData("v: 0755")]
    [InlineData("v: 1_000")]
    [InlineData("v: .inf")]
    public void ReadScalar_FormsJsYamlReadsAsDatesOrOddNumbers_AreProblems(string yaml)
    {
        Scalar(yaml).Problem.Should().NotBeNull();
    }

    private static (object? Value, string? Problem) Scalar(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlScalar.Read((YamlScalarNode)((YamlMappingNode)stream.Documents[0].RootNode).Children[new YamlScalarNode("v")]);
    }

    /// <summary>The rule by hand: scan left to right; at each position try the names in order; take the first that matches.</summary>
    private static List<string> Naive(List<string> names, string text)
    {
        var found = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var match = names.FirstOrDefault(n => string.CompareOrdinal(text, i, n, 0, n.Length) == 0 && i + n.Length <= text.Length);
            if (match is null)
            {
                i++;
                continue;
            }

            found.Add(match);
            i += match.Length;
        }

        return found;
    }
}
