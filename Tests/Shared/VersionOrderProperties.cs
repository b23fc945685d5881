using System.Globalization;
using System.Numerics;
using CsCheck;
using PryvBus.Shared.Versions;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Shared;

/// <summary>Properties of the ordering rule and of the bounded number parser, over generated inputs.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class VersionOrderProperties
{
    private const long Iterations = 20_000;

    private static readonly Gen<long> Number = Gen.Frequency(
        (3, Gen.Long[0, 20]),
        (3, Gen.Long[1, VersionNumber.Max]),
        (1, Gen.Long));

    private static readonly Gen<(long Generation, long Serial)> Version = Gen.Select(Number, Number);

    [Fact]
    public void Compare_GeneratedVersions_IsATotalOrderByGenerationThenSerial()
    {
        Gen.Select(Version, Version, Version).Sample(
            (a, b, c) =>
            {
                var ab = VersionOrder.Compare(a.Generation, a.Serial, b.Generation, b.Serial);
                var ba = VersionOrder.Compare(b.Generation, b.Serial, a.Generation, a.Serial);
                var bc = VersionOrder.Compare(b.Generation, b.Serial, c.Generation, c.Serial);
                var ac = VersionOrder.Compare(a.Generation, a.Serial, c.Generation, c.Serial);
                Math.Sign(ab).Should().Be(-Math.Sign(ba));
                (ab == 0).Should().Be(a == b);
                if (ab < 0 && bc < 0)
                {
                    ac.Should().BeNegative();
                }

                var newer = a.Generation > b.Generation || (a.Generation == b.Generation && a.Serial > b.Serial);
                VersionOrder.IsNewer(a.Generation, a.Serial, b.Generation, b.Serial).Should().Be(newer);
            },
            iter: Iterations);
    }

    [Fact]
    public void IsNewer_NewerGeneration_WinsWhateverTheSerials()
    {
        Gen.Select(Gen.Long[0, VersionNumber.Max - 1], Gen.Long[1, VersionNumber.Max], Gen.Long[1, VersionNumber.Max]).Sample(
            (generation, serial, appliedSerial) =>
            {
                VersionOrder.IsNewer(generation + 1, serial, generation, appliedSerial).Should().BeTrue();
                VersionOrder.IsNewer(generation, serial, generation + 1, appliedSerial).Should().BeFalse();
            },
            iter: Iterations);
    }

    [Fact]
    public void TryParse_AnyText_AcceptsOnlyCanonicalDecimalsInRange()
    {
        var text = Gen.Frequency(
            (2, Gen.String),
            (2, Gen.Char["0123456789"].Array[0, 20].Select(c => new string(c))),
            (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.OneOf(" 1", "1 ", "+1", "1e3", "0x10", "١٢", "9007199254740992", "9007199254740991", "01", "", "0")));
        text.Sample(
            t =>
            {
                var accepted = VersionNumber.TryParse(t, out var value);
                var canonical = t.Length > 0 && t[0] != '0' && t.All(char.IsAsciiDigit)
                    && BigInteger.Parse(t, CultureInfo.InvariantCulture) <= VersionNumber.Max;
                accepted.Should().Be(canonical, "for '{0}'", t);
                if (accepted)
                {
                    value.ToString(CultureInfo.InvariantCulture).Should().Be(t);
                }
            },
            iter: Iterations);
    }
}
