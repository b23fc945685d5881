using System.Text;
using CsCheck;
using PryvBus.Leader.State;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.LeaderState;

/// <summary>
/// <c>store.pending</c> is rewritten in place (<see cref="PendingMarker"/>): a pass's first role over the cleared marker,
/// the pass's end back to <see cref="PendingMarker.Cleared"/>. For random prefixes and roles, a marker read after any
/// complete step names exactly the roles marked, and one read after a kill between a rewrite's write and its cut still
/// counts as pending and never names fewer roles than were in flight.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class PendingMarkerProperties
{
    private const string NameChars = "abcdefghijklmnopqrstuvwxyz0123456789_-";
    private const string PrefixChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-";

    private static readonly Gen<string> Prefixes = Gen.Select(
        Gen.Char[PrefixChars[..62]], Gen.String[Gen.Char[PrefixChars], 0, 8], (first, rest) => first + rest);

    private static readonly Gen<string> Roles = Gen.Select(
        Gen.Char[NameChars[..36]], Gen.String[Gen.Char[NameChars], 0, 8], (first, rest) => first + rest);

    [Fact]
    public void Mark_ThenClear_EachStepReadsAsWritten()
    {
        Gen.Select(Prefixes, Roles.Array[1, 4], Gen.Bool).Sample((prefix, roles, startCleared) =>
        {
            using var temp = new TempDirectory();
            var path = temp.Combine("store.pending");
            if (startCleared)
            {
                File.WriteAllText(path, PendingMarker.Cleared);
            }

            PendingMarker.IsPending(path).Should().BeFalse("absent or cleared: nothing in flight");
            var marker = new PendingMarker(path);
            var marked = new HashSet<(string, string)>();
            foreach (var role in roles)
            {
                marker.Mark(prefix, role);
                marked.Add((prefix, role));
                PendingMarker.IsPending(path).Should().BeTrue();
                PendingMarker.ReadRoles(path).Should().BeEquivalentTo(marked);
            }

            PendingMarker.Clear(path);
            File.ReadAllText(path).Should().Be(PendingMarker.Cleared);
            PendingMarker.IsPending(path).Should().BeFalse();
        });
    }

    [Fact]
    public void Mark_KilledBeforeTheCut_PendingAndNamesTheRoleOrCannotTell()
    {
        Gen.Select(Prefixes, Roles).Sample((prefix, role) =>
        {
            using var temp = new TempDirectory();
            var path = temp.Combine("store.pending");
            File.WriteAllText(path, PendingMarker.Cleared);

            // The first line written over the cleared marker, the process killed before the file is cut to it.
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                stream.Write(Encoding.UTF8.GetBytes($"{prefix}\t{role}\n"));
            }

            PendingMarker.IsPending(path).Should().BeTrue();
            var named = PendingMarker.ReadRoles(path);
            if (named is not null)
            {
                named.Should().Contain((prefix, role));
            }
        });
    }

    [Fact]
    public void Clear_AbsentMarker_StaysAbsent()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("store.pending");

        PendingMarker.Clear(path);

        File.Exists(path).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("#none\n")]
    [InlineData("#none\nbench\tcore\n")]
    [InlineData("#none")]
    [InlineData("#NONE\n")]
    public void IsPending_OnlyTheExactClearedTextReadsAsNothingInFlight(string text)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("store.pending");
        File.WriteAllText(path, text);

        PendingMarker.IsPending(path).Should().Be(text != PendingMarker.Cleared);
    }
}
