using PryvBus.Shared.Native;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Follower;

/// <summary>The hand edits of the apply property tests (<see cref="HandEdit"/>), done to one file of a root.</summary>
internal static class HandEdits
{
    /// <summary>
    /// Does <paramref name="edit"/> to <paramref name="full"/> (nothing when it does not exist); outside files (a hard
    /// link, a folder moved away) go to <paramref name="temp"/>. The folder of a file directly in <paramref name="root"/>
    /// is not swapped: the root's state folder would go with it.
    /// </summary>
    public static void Apply(HandEdit edit, string full, string root, TempDirectory temp)
    {
        if (!File.Exists(full))
        {
            return;
        }

        switch (edit)
        {
            case HandEdit.EditInPlace:
                using (var stream = new FileStream(full, FileMode.Open, FileAccess.Write))
                {
                    stream.Write("X"u8);
                }

                break;
            case HandEdit.Truncate:
                using (var stream = new FileStream(full, FileMode.Open, FileAccess.Write))
                {
                    stream.SetLength(1);
                }

                break;
            case HandEdit.Chmod:
                File.SetUnixFileMode(full, File.GetUnixFileMode(full) ^ UnixFileMode.OtherWrite);
                break;
            case HandEdit.Delete:
                File.Delete(full);
                break;
            case HandEdit.RenameOver:
                File.WriteAllText(full + ".new", "replaced\n");
                File.Move(full + ".new", full, overwrite: true);
                break;
            case HandEdit.HardLinkWrite:
                var outside = temp.Combine("link-" + Guid.NewGuid().ToString("N"));
                Libc.Link(full, outside).Should().Be(0);
                File.AppendAllText(outside, "through a link\n");
                break;
            case HandEdit.SwapFolder:
                SwapFolder(Path.GetDirectoryName(full)!, Path.GetFileName(full), root, temp);
                break;
        }
    }

    /// <summary>The folder renamed away, a copy with one file changed renamed into its place.</summary>
    private static void SwapFolder(string folder, string name, string root, TempDirectory temp)
    {
        if (folder == root)
        {
            return;
        }

        var copy = temp.Combine("copy-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(copy);
        foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
        {
            var target = Path.Combine(copy, Path.GetFileName(entry));
            if (Directory.Exists(entry))
            {
                Directory.Move(entry, target);
            }
            else
            {
                File.Copy(entry, target);
            }
        }

        File.WriteAllText(Path.Combine(copy, name), "swapped\n");
        Directory.Move(folder, temp.Combine("old-" + Guid.NewGuid().ToString("N")));
        Directory.Move(copy, folder);
    }
}
