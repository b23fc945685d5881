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
                File.SetUnixFileMode(path, StateFiles.PrivateFile); // as the leader created it
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

    [Theory]
    [InlineData("a", "b")]
    [InlineData("ab", "c")]
    [InlineData("A", "b")]
    public void Mark_ShortFirstLineKilledBeforeTheCut_PendingAndCannotTell(string prefix, string role)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("store.pending");
        File.WriteAllText(path, PendingMarker.Cleared);

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes($"{prefix}\t{role}\n")); // shorter than the cleared text: its end remains
        }

        PendingMarker.IsPending(path).Should().BeTrue();
        PendingMarker.ReadRoles(path).Should().BeNull("what the cleared text left after the line is no role line");
    }

    [Fact]
    public void Clear_MarkerOfAnotherMode_RemovedSoTheNextPassCreatesItPrivate()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("store.pending");
        File.WriteAllText(path, "bench\tcore\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        PendingMarker.Clear(path);

        File.Exists(path).Should().BeFalse();
        new PendingMarker(path).Mark("bench", "core");
        File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [Fact]
    public void Clear_MarkerALink_LinkRemovedAndItsTargetUntouched()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("store.pending");
        var target = temp.Combine("elsewhere");
        File.WriteAllText(target, "keep me\n");
        File.CreateSymbolicLink(path, target);

        PendingMarker.Clear(path);

        new FileInfo(path).LinkTarget.Should().BeNull();
        File.Exists(path).Should().BeFalse();
        File.ReadAllText(target).Should().Be("keep me\n");
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
