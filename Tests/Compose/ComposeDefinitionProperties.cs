using CsCheck;
using PryvBus.Follower.Compose;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Compose;

/// <summary>Whatever a pryv.yml holds, parsing it gives a definition or one <see cref="ComposeFileException"/>, nothing else.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ComposeDefinitionProperties
{
    private static readonly Gen<string> Fragment = Gen.Frequency(
        (4, Gen.OneOf("services:", "\n", "  ", "core:", "image: x", "- ", "&a ", "*a", "<<: *a", "{", "}", "[", "]", ": ", "'", "\"", "#", "---\n", "~", "? ", "!!str ", "%YAML 1.2\n", "\t", "core:", "core:")),
        (1, Gen.String[0, 6]));

    [Fact]
    public void Parse_ArbitraryText_OnlyComposeFileExceptionEscapes()
    {
        Fragment.Array[0, 30].Select(string.Concat).Sample(
            text =>
            {
                try
                {
                    ComposeDefinition.Parse(text, "pryv.yml");
                }
                catch (ComposeFileException)
                {
                }
            },
            iter: 20_000);
    }
}
