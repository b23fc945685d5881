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
