using CsCheck;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Watching;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A renderer whose every pass trusts the file watch (a role's folder the watch saw nothing in since its last listing is
/// taken as listed then) gives, after any sequence of changes to the template tree, what a fresh renderer walking every
/// folder gives: files written in place or renamed into place, made in new folders, deleted, moved between roles (files
/// and folders), a role folder moved away and made again, editors' files, touched files, empty folders, folders moved in from outside the tree. The clock is
/// ahead, so the kept renderer also trusts its files' identities; each write in place makes the file longer than ever
/// before, so that no two contents share an identity within the file system's clock tick (which only the settled rule,
/// not trusted here, tells apart). CsCheck prints the seed of a failing run.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class WatchedWalkProperties
{
    private static readonly string[] Roles = ["core", "other"];
    private static readonly string[] Files = ["f1.conf", "f2.conf", "d1/f3.conf", "d1/d2/f4.conf", "n1/f5.conf", "m1/deep/g.conf", "m2~/deep/g.conf"];
    private static readonly string[] Folders = ["d1", "d1/d2", "n1", "m1", "m2~"];

    private enum Op
    {
        WriteInPlace,
        WriteRenamed,
        Delete,
        MoveFileToOtherRole,
        MoveFolderToOtherRole,
        RoleFolderReplaced,
        EditorFile,
        Touch,
        EmptyFolder,
        FolderMovedIn,
    }

    private sealed record Step(Op Op, int Role, int Index);

    private static readonly Gen<Step> StepGen = Gen.Select(Gen.Enum<Op>(), Gen.Int[0, 1], Gen.Int[0, 6], (op, role, index) => new Step(op, role, index));

    [Fact]
    public void TrustedRender_AnySequenceOfTreeChanges_EqualsAFullWalk()
    {
        StepGen.Array[1, 10].Sample(steps =>
        {
            using var tree = new LeaderTree().Value("A", "x").Template("core", "f1.conf", "{{ A }}").Template("other", "d1/f3.conf", "{{ A }}!");
            var settings = tree.Load();
            using var watcher = new InputWatcher(tree.ConfigPath, tree.DataPath, TimeSpan.FromSeconds(60), new RenderTriggers(), new LogCollector().CreateLogger("watch"));
            var kept = new TemplateRenderer(new LaterClock(TimeSpan.FromSeconds(10)));
            foreach (var role in Roles)
            {
                kept.Render(settings, role, Resolver(settings, role), watcher.Stamps, trustWatch: false);
            }

            var length = 0;
            foreach (var step in steps)
            {
                Apply(tree, step, ref length);
                foreach (var role in Roles)
                {
                    var full = new TemplateRenderer().Render(settings, role, Resolver(settings, role));
                    var trusted = kept.Render(settings, role, Resolver(settings, role), watcher.Stamps, trustWatch: true);
                    Describe(trusted).Should().Be(Describe(full), "step {0}, role {1}", step, role);
                }
            }
        }, iter: 60);
    }

    private static void Apply(LeaderTree tree, Step step, ref int length)
    {
        var role = Path.Combine(tree.DataPath, Roles[step.Role]);
        var otherRole = Path.Combine(tree.DataPath, Roles[1 - step.Role]);
        var file = Path.Combine(role, Files[step.Index]);
        var folder = Path.Combine(role, Folders[step.Index % Folders.Length]);
        switch (step.Op)
        {
            case Op.WriteInPlace:
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, "{{ A }}" + new string('.', ++length));
                break;
            case Op.WriteRenamed:
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file + ".next", "{{ A }}" + new string('+', ++length));
                File.Move(file + ".next", file, overwrite: true);
                break;
            case Op.Delete when File.Exists(file):
                File.Delete(file);
                break;
            case Op.MoveFileToOtherRole when File.Exists(file):
                var target = Path.Combine(otherRole, Files[step.Index]);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Move(file, target, overwrite: true);
                break;
            case Op.MoveFolderToOtherRole when Directory.Exists(folder) && !Directory.Exists(Path.Combine(otherRole, Folders[step.Index % Folders.Length])):
                var destination = Path.Combine(otherRole, Folders[step.Index % Folders.Length]);
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                Directory.Move(folder, destination);
                break;
            case Op.RoleFolderReplaced:
                Directory.Move(role, role + ".replaced");
                Directory.CreateDirectory(role);
                File.WriteAllText(Path.Combine(role, "f2.conf"), "{{ A }}" + new string('=', ++length));
                Directory.Delete(role + ".replaced", recursive: true);
                break;
            case Op.EditorFile:
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, ".f1.conf.swp"), "swap");
                break;
            case Op.Touch when File.Exists(file):
                File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(-30));
                break;
            case Op.EmptyFolder:
                Directory.CreateDirectory(Path.Combine(folder, "empty"));
                break;
            case Op.FolderMovedIn when !Directory.Exists(Path.Combine(role, step.Index % 2 == 0 ? "m1" : "m2~")):
                // From outside the tree, under a name the watch asks no render for, or another: one event, files inside
                // (edited later through Files).
                var name = step.Index % 2 == 0 ? "m1" : "m2~";
                var outside = Path.Combine(Path.GetDirectoryName(tree.DataPath)!, "outside-" + ++length);
                Directory.CreateDirectory(Path.Combine(outside, "deep"));
                File.WriteAllText(Path.Combine(outside, "deep", "g.conf"), "{{ A }}" + new string('~', length));
                Directory.Move(outside, Path.Combine(role, name));
                break;
        }
    }

    private static SecretResolver Resolver(LeaderSettings settings, string role) =>
        new(settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default(RedisKey), default(RedisKey), _ => null, role);

    private static string Describe(RoleRender render) =>
        (render.Version is null
            ? "no version"
            : string.Join("\n", render.Version.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + Convert.ToHexString(f.Value))))
        + "\nerrors: " + string.Join("\n", render.Errors);
}
