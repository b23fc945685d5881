using System.Text.Json;
using CsCheck;
using PryvBus.Leader.Migration;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>The importer's JSON key scan: never throws on any text; on real JSON, no value equal to a key is replaced in the key.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class JsonKeysProperties
{
    private static readonly Gen<string> Word = Gen.OneOf(Gen.Const("pryv.test"), Gen.Const("notice"), Gen.String[Gen.Char.AlphaNumeric, 1, 12]);

    [Fact]
    public void Claim_AnyText_NeverThrowsAndClaimsOnlyQuotedSpans()
    {
        Gen.String.Sample(text =>
        {
            var claimed = new bool[text.Length];
            JsonKeys.Claim(text, claimed);
            for (var i = 0; i < text.Length; i++)
            {
                if (claimed[i] && (i == 0 || !claimed[i - 1]))
                {
                    text[i].Should().Be('"');
                }
            }
        });
    }

    [Fact]
    public void Replace_JsonObject_KeysAreKeptAndValuesReplaced()
    {
        Gen.Dictionary(Word, Word)[1, 6].Sample(map =>
        {
            var text = JsonSerializer.Serialize(map);
            var result = TokenReplacer.Replace(text, [new ImportValue("DOMAIN", "pryv.test")], json: true);

            var keysBack = result.Text.Replace("{{ DOMAIN }}", "pryv.test", StringComparison.Ordinal);
            keysBack.Should().Be(text);
            result.Text.Should().NotContain("\"{{ DOMAIN }}\":");
            result.Counts.GetValueOrDefault("DOMAIN").Should().Be(map.Values.Count(v => v == "pryv.test"));
        });
    }
}
