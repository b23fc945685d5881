using CsCheck;
using PryvBus.Follower.Admission;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Rollout;

[Trait(TestCategory.Name, TestCategory.Unit)]
public class AdmissionCheckTests
{
    private const string Key = "follower-key-0123456789abcdef";

    [Fact]
    public void Decide_SignedForThisFollower_Admitted()
    {
        AdmissionCheck.Decide(Signed("core", 2, 7, "core-1", "core-1,core-2"), "core", "core-1", Key)
            .Should().Be(AdmissionDecision.Admitted(2, 7));
    }

    [Fact]
    public void Decide_NoHash_NoPolicy()
    {
        AdmissionCheck.Decide(new Dictionary<string, string>(), "core", "core-1", Key).HasPolicy.Should().BeFalse();
    }

    [Fact]
    public void Decide_NotInSet_Waits()
    {
        var fields = Signed("core", 1, 7, "core-2", "core-2");

        AdmissionCheck.Decide(fields, "core", "core-1", Key).Waiting.Should().Contain("not admitted for this follower");
    }

    [Fact]
    public void Decide_ForgedOrReplayed_Waits()
    {
        // Signed with another key; replayed from another role; the set edited to add this follower; serial raised.
        var forged = Signed("core", 1, 7, "core-1", "core-1", key: "attacker-key-0123456789abcdef");
        var otherRole = Signed("web", 1, 7, "core-1", "core-1");
        var edited = Signed("core", 1, 7, "core-1", "core-2");
        edited["followers"] = "core-1,core-2";
        var raised = Signed("core", 1, 7, "core-1", "core-1");
        raised["serial"] = "8";

        foreach (var fields in new[] { forged, otherRole, edited, raised })
        {
            var decision = AdmissionCheck.Decide(fields, "core", "core-1", Key);
            decision.HasPolicy.Should().BeTrue();
            decision.Waiting.Should().StartWith("waiting for admission");
        }
    }

    [Fact]
    public void Decide_AnyMutatedField_NeverAdmitsAnotherVersion()
    {
        var fields = new[] { "generation", "serial", "followers", "sig:core-1" };
        Gen.Select(Gen.Int[0, fields.Length - 1], Gen.String).Sample((index, value) =>
        {
            var admission = Signed("core", 3, 9, "core-1", "core-1,core-2");
            admission[fields[index]] = value;
            var decision = AdmissionCheck.Decide(admission, "core", "core-1", Key);
            return decision.Waiting is not null || decision == AdmissionDecision.Admitted(3, 9);
        });
    }

    private static Dictionary<string, string> Signed(string role, long generation, long serial, string signer, string followers, string key = Key) =>
        new(StringComparer.Ordinal)
        {
            ["generation"] = generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["serial"] = serial.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["followers"] = followers,
            ["sig:" + signer] = AdmissionSignature.Sign(key, role, generation, serial, signer, followers),
        };
}
