using PryvBus.Leader.Values;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Leader;

/// <summary>
/// The rule a change's reason is checked with (values API, console, <c>set</c>, <c>render --reason</c>): what reads as
/// one thing and is stored as another is refused with control characters — a bidirectional override that makes a
/// reason in the trail read backwards, a line or paragraph separator, an invisible character, half of a surrogate pair.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ReasonRuleTests
{
    [Theory]
    [InlineData("approved\u202E by nobody")] // right-to-left override
    [InlineData("two\u2028lines")] // line separator
    [InlineData("two\u2029paragraphs")] // paragraph separator
    [InlineData("zero\u200Bwidth")]
    [InlineData("isolate\u2066d")]
    public void ReasonProblem_InvisibleOrReordering_Refused(string reason) =>
        ValueRequest.ReasonProblem(reason).Should().NotBeNull().And.Contain("reason");

    [Fact]
    public void ReasonProblem_HalfOfASurrogatePair_Refused() => // built here: a theory's data would carry U+FFFD instead
        ValueRequest.ReasonProblem("half " + '\uD800' + " a pair").Should().NotBeNull().And.Contain("surrogate");

    [Theory]
    [InlineData("Déploiement du 4 décembre")]
    [InlineData("rotate keys 🚀 (ticket #42)")]
    [InlineData("日本語の理由")]
    public void ReasonProblem_OrdinaryText_Kept(string reason) =>
        ValueRequest.ReasonProblem(reason).Should().BeNull();
}
