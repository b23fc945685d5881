using CsCheck;
using PryvBus.Leader.Audit;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Audit;

/// <summary>The audit chain: an untouched chain verifies; any single-field edit, deletion or reorder is found at the right entry.</summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public class AuditChainProperties
{
    private static readonly AuditChain Chain = new(SealingKey.Derive(new byte[32], "audit chain v1", "test"));
    private static readonly Gen<string?> Text = Gen.OneOf(Gen.Const((string?)null), Gen.String[Gen.Char.AlphaNumeric, 0, 12].Select(s => (string?)s), Gen.String.Select(s => (string?)s));
    private static readonly Gen<string> Word = Gen.String[Gen.Char.AlphaNumeric, 1, 10];

    private static readonly Gen<AuditRecord> Draft =
        Gen.Select(Word, Word, Gen.Int[0, 1].Select(i => i == 0 ? "viewer" : "admin"), Gen.Int[0, 2].Select(i => new[] { "api", "cli", "file" }[i]), Text, Text, Text)
            .Select(t => new AuditRecord(0, "2026-11-30T08:00:00.000Z", t.Item1, t.Item3, t.Item4, t.Item2, t.Item5, t.Item6, t.Item7, string.Empty, string.Empty));

    private static readonly Gen<List<(string Id, AuditRecord? Record)>> Chains = Draft.List[1, 12].Select(Link);

    private static List<(string Id, AuditRecord? Record)> Link(List<AuditRecord> drafts)
    {
        var previous = AuditChain.Start;
        var result = new List<(string, AuditRecord?)>();
        foreach (var draft in drafts)
        {
            var record = Chain.Link(draft, previous);
            previous = (record.Seq, record.Hash);
            result.Add(($"{result.Count + 1}-0", record));
        }

        return result;
    }

    private static AuditVerification Verify(List<(string Id, AuditRecord? Record)> entries, (long, string)? head) =>
        AuditVerifier.Verify(Chain, entries, AuditChain.Start, head);

    private static (long, string) HeadOf(List<(string Id, AuditRecord? Record)> chain) => (chain[^1].Record!.Seq, chain[^1].Record!.Hash);

    [Fact]
    public void Verify_UntouchedChain_Intact()
    {
        Chains.Sample(chain => Verify(chain, HeadOf(chain)).Should().Be(new AuditVerification(chain.Count, null, null)));
    }

    [Fact]
    public void Verify_OneFieldEdited_FoundAtThatEntry()
    {
        Gen.Select(Chains, Gen.Int, Gen.Int[0, 11], Gen.String[Gen.Char.AlphaNumeric, 1, 5]).Sample(t =>
        {
            var (chain, at, field, junk) = t;
            var head = HeadOf(chain);
            var i = Math.Abs(at % chain.Count);
            var r = chain[i].Record!;
            var edited = field switch
            {
                0 => r with { Seq = r.Seq + 1 },
                1 => r with { Time = r.Time + junk },
                2 => r with { Actor = r.Actor + junk },
                3 => r with { ActorRole = r.ActorRole + junk },
                4 => r with { Source = r.Source + junk },
                5 => r with { Action = r.Action + junk },
                6 => r with { Reason = r.Reason + junk },
                7 => r with { Role = r.Role is null ? junk : null },
                8 => r with { Detail = r.Detail + junk },
                9 => r with { Prev = Flip(r.Prev) },
                10 => r with { Hash = Flip(r.Hash) },
                _ => r with { Detail = r.Reason, Reason = r.Detail + junk },
            };
            chain[i] = (chain[i].Id, edited);

            var result = Verify(chain, head);

            result.Intact.Should().BeFalse();
            // A changed hash is seen at the entry itself, or (the last entry's) against the head.
            if (field != 10 || i < chain.Count - 1)
            {
                result.BadId.Should().Be(chain[i].Id, result.Problem);
            }
        });
    }

    [Fact]
    public void Verify_EntryDeleted_Found()
    {
        Gen.Select(Chains, Gen.Int).Sample(t =>
        {
            var (chain, at) = t;
            var head = HeadOf(chain);
            var i = Math.Abs(at % chain.Count);
            var next = i + 1 < chain.Count ? chain[i + 1].Id : null;
            chain.RemoveAt(i);

            var result = Verify(chain, head);

            result.Intact.Should().BeFalse();
            result.BadId.Should().Be(next, result.Problem);
        });
    }

    [Fact]
    public void Verify_TwoEntriesSwapped_Found()
    {
        Gen.Select(Draft.List[2, 12].Select(Link), Gen.Int, Gen.Int).Sample(t =>
        {
            var (chain, a, b) = t;
            var head = HeadOf(chain);
            var i = Math.Abs(a % chain.Count);
            var j = Math.Abs(b % chain.Count);
            if (i == j)
            {
                j = (i + 1) % chain.Count;
            }

            var (first, second) = (Math.Min(i, j), Math.Max(i, j));
            (chain[first], chain[second]) = ((chain[first].Id, chain[second].Record), (chain[second].Id, chain[first].Record));

            var result = Verify(chain, head);

            result.Intact.Should().BeFalse();
            result.BadId.Should().Be(chain[first].Id);
        });
    }

    [Fact]
    public void Verify_ChainWrittenWithAnotherKey_FoundAtTheFirstEntry()
    {
        var other = new AuditChain(SealingKey.Derive(new byte[32], "another purpose", "test"));
        Draft.List[1, 5].Sample(drafts =>
        {
            var forged = new List<(string Id, AuditRecord? Record)>();
            var previous = AuditChain.Start;
            foreach (var draft in drafts)
            {
                var record = other.Link(draft, previous);
                previous = (record.Seq, record.Hash);
                forged.Add(($"{forged.Count + 1}-0", record));
            }

            Verify(forged, previous).BadId.Should().Be("1-0");
        });
    }

    private static string Flip(string hex) => (hex[0] == '0' ? "1" : "0") + hex[1..];
}
