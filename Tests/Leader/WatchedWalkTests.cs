using System.Text;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Leader.Watching;
using PryvBus.Shared.Native;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// An operator's pass takes a role's folder as listed before when the file watch saw nothing in it since that listing
/// (<see cref="IWatchedTree"/>), and walks it otherwise. What tells a walk from none: a file touched (its times moved,
/// which the watch does not report) is read again by a walk, a new array, and not by a pass that took the listing as it
/// was. The clock is ahead (<see cref="LaterClock"/>) so that every file counts as settled.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class WatchedWalkTests : IDisposable
{
    private static readonly byte[] Binary = [0, 1, 2, 3, 0, 5];
    private readonly LeaderTree _tree = new LeaderTree()
        .Value("A", "x")
        .Template("core", "a.conf", "{{ A }}-1")
        .Template("core", "sub/b.conf", "{{ A }}-2")
        .Binary("core", "blob.bin", Binary)
        .Template("static", "c.conf", "{{ A }}-3");

    private readonly TemplateRenderer _renderer = new(new LaterClock(TimeSpan.FromSeconds(10)));
    private readonly LogCollector _logs = new();
    private readonly InputWatcher _watcher;
    private readonly LeaderSettings _settings;

    public WatchedWalkTests()
    {
        _settings = _tree.Load();
        if (!LocalFileSystems.Holds(_tree.DataPath))
        {
            throw new InvalidOperationException($"{_tree.DataPath} is not on a local file system (ext4, XFS, Btrfs, tmpfs…): the watch vouches for nothing there");
        }

        _watcher = new InputWatcher(_tree.ConfigPath, _tree.DataPath, TimeSpan.FromSeconds(60), new RenderTriggers(), _logs.CreateLogger("PryvBus.Leader.Watching"));
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _tree.Dispose();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Render_NothingChangedInTheRole_OnlyATrustedRenderTakesItsListing(bool trusted)
    {
        var first = Render("core", trust: false);
        Touch("core", "blob.bin");

        var second = Render("core", trust: trusted);

        ReferenceEquals(second.Version!.Files["blob.bin"], first.Version!.Files["blob.bin"]).Should().Be(trusted, "a checking pass walks every folder");
    }

    [Fact]
    public void TrustedRender_WithoutAWatch_WalksTheRole()
    {
        var first = _renderer.Render(_settings, "core", Secrets("core"), watch: null, trustWatch: true);
        Touch("core", "blob.bin");

        var second = _renderer.Render(_settings, "core", Secrets("core"), watch: null, trustWatch: true);

        second.Version!.Files["blob.bin"].Should().NotBeSameAs(first.Version!.Files["blob.bin"]);
    }

    [Fact]
    public void TrustedRender_AnotherRoleChanged_StillTakesThisRolesListing()
    {
        var first = Render("core", trust: false);
        Touch("core", "blob.bin");
        _tree.Template("static", "new.conf", "{{ A }}");

        var second = Render("core", trust: true);

        second.Version!.Files["blob.bin"].Should().BeSameAs(first.Version!.Files["blob.bin"]);
    }

    [Fact]
    public async Task TrustedRender_TemplateEditedInPlace_IsPickedUp()
    {
        Render("core", trust: false);

        await File.WriteAllTextAsync(_tree.TemplatePath("core", "sub/b.conf"), "{{ A }}-9");

        Text(Render("core", trust: true), "sub/b.conf").Should().Be("x-9");
    }

    [Fact]
    public void TrustedRender_FolderNamedLikeAnEditorsFileMovedIn_IsWalked()
    {
        // The move is one event under a name the watch asks no render for; the folder brings its files with it.
        Render("core", trust: false);
        var outside = Path.Combine(Path.GetDirectoryName(_tree.DataPath)!, "x~");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "g.conf"), "{{ A }}-g");

        Directory.Move(outside, Path.Combine(_tree.DataPath, "core", "x~"));

        Render("core", trust: true).Version!.Files.Keys.Should().Contain("x~/g.conf");
    }

    [Fact]
    public void TrustedRender_FileInAFolderMadeAfterTheWatchStarted_IsRendered()
    {
        Render("core", trust: false);
        _tree.Template("core", "new/deeper/d.conf", "{{ A }}-4");
        Render("core", trust: true);
        File.WriteAllText(_tree.TemplatePath("core", "new/deeper/d.conf"), "{{ A }}-5");

        Text(Render("core", trust: true), "new/deeper/d.conf").Should().Be("x-5", "the new folders are watched too");
    }

    [Fact]
    public void TrustedRender_FolderMovedInFromAnotherRole_IsRenderedAndWatchedUnderItsNewRole()
    {
        _tree.Template("static", "moved/e.conf", "{{ A }}-6");
        Render("core", trust: false);
        Directory.Move(Path.Combine(_tree.DataPath, "static", "moved"), Path.Combine(_tree.DataPath, "core", "moved"));
        Text(Render("core", trust: true), "moved/e.conf").Should().Be("x-6");

        File.WriteAllText(_tree.TemplatePath("core", "moved/e.conf"), "{{ A }}-7");

        Text(Render("core", trust: true), "moved/e.conf").Should().Be("x-7", "an edit in the moved folder is one of its new role's");
    }

    [Fact]
    public void TrustedRender_RoleFolderReplaced_WalksTheNewOne()
    {
        Render("core", trust: false);
        var role = Path.Combine(_tree.DataPath, "core");
        Directory.Move(role, role + ".old");
        Directory.CreateDirectory(role);
        File.WriteAllText(Path.Combine(role, "only.conf"), "{{ A }}-8");

        Render("core", trust: true).Version!.Files.Keys.Should().BeEquivalentTo(["only.conf"]);
    }

    [Fact]
    public void Stamp_TemplateFolderReplaced_IsNullFromThenOn()
    {
        var real = NativeFiles.RealPath(_tree.DataPath)!;
        _watcher.Stamps.Stamp(real, "core").Should().NotBeNull();
        Directory.Move(_tree.DataPath, _tree.DataPath + ".old");
        Directory.CreateDirectory(Path.Combine(_tree.DataPath, "core"));

        _watcher.Stamps.Stamp(real, "core").Should().BeNull("the watch is on the folder that moved away");
    }

    [Fact]
    public void Stamp_AnotherTemplateFolder_IsNull()
    {
        var other = Path.Combine(Path.GetDirectoryName(_tree.DataPath)!, "other");
        Directory.CreateDirectory(Path.Combine(other, "core"));

        _watcher.Stamps.Stamp(NativeFiles.RealPath(other)!, "core").Should().BeNull();
    }

    [Fact]
    public void Stamp_RoleFolderAdded_MovesForThatRoleOnly()
    {
        var real = NativeFiles.RealPath(_tree.DataPath)!;
        var (core, stat) = (_watcher.Stamps.Stamp(real, "core"), _watcher.Stamps.Stamp(real, "static"));

        Directory.CreateDirectory(Path.Combine(_tree.DataPath, "reg-master"));

        _watcher.Stamps.Stamp(real, "reg-master").Should().BeGreaterThan(core!.Value);
        _watcher.Stamps.Stamp(real, "core").Should().Be(core);
        _watcher.Stamps.Stamp(real, "static").Should().Be(stat);
    }

    [Fact]
    public void TrustedRender_LinkResolvedThroughAnotherRolesLink_FollowsItsRetargeting()
    {
        // core/x -> ../static/l/y, with static/l -> ../core/sub: x is core's sub/y. Retargeting static/l is an event in
        // static's folder only, yet it changes what core's x reads.
        _tree.Template("core", "sub2/y", "{{ A }}-second").Template("core", "sub/y", "{{ A }}-first");
        File.CreateSymbolicLink(Path.Combine(_tree.DataPath, "static", "l"), "../core/sub");
        File.CreateSymbolicLink(_tree.TemplatePath("core", "x"), "../static/l/y");
        Text(Render("core", trust: false), "x").Should().Be("x-first");

        File.Delete(Path.Combine(_tree.DataPath, "static", "l"));
        File.CreateSymbolicLink(Path.Combine(_tree.DataPath, "static", "l"), "../core/sub2");

        Text(Render("core", trust: true), "x").Should().Be("x-second", "a role with a link is walked");
    }

    [Fact]
    public void TrustedRender_AfterTheQueueOverflowed_SeesAFolderMadeAmongTheLostEvents()
    {
        Render("core", trust: false);
        var bulk = Path.Combine(_tree.DataPath, "static", "bulk");
        Directory.CreateDirectory(bulk);
        _ = _watcher.Generation; // the folder's creation taken: it is watched before the reading is held
        var queued = int.Parse(File.ReadAllText("/proc/sys/fs/inotify/max_queued_events"), System.Globalization.CultureInfo.InvariantCulture);
        queued.Should().BeLessThanOrEqualTo(65_536, "the test makes half as many files as the kernel queues events (fs.inotify.max_queued_events)");
        using (_watcher.PauseReading())
        {
            // More events than the kernel queues, then a folder: its creation is among the events lost.
            for (var i = 0; i < queued / 2 + 100; i++)
            {
                File.WriteAllBytes(Path.Combine(bulk, i.ToString(System.Globalization.CultureInfo.InvariantCulture)), []);
            }

            Directory.CreateDirectory(Path.Combine(_tree.DataPath, "core", "late"));
        }

        Render("core", trust: true);
        _logs.Has(32).Should().BeTrue("the queue overflowed");
        File.WriteAllText(_tree.TemplatePath("core", "late/z.conf"), "{{ A }}-z");

        Render("core", trust: true).Version!.Files.Keys.Should().Contain("late/z.conf", "the overflow had every folder of the tree watched again");
    }

    [Fact]
    public void Render_RoleFolderOnAnotherMount_IsWalked()
    {
        // A file system mounted on the role's folder (NFS, FUSE…) can change without an event the watch sees.
        var role = Path.Combine(_tree.DataPath, "core");
        var saved = Path.Combine(Path.GetDirectoryName(_tree.DataPath)!, "core-files");
        Directory.Move(role, saved);
        Directory.CreateDirectory(role);
        using var mount = TestMount.Tmpfs(role);
        File.Copy(Path.Combine(saved, "blob.bin"), Path.Combine(role, "blob.bin"));
        var first = Render("core", trust: false);
        Touch("core", "blob.bin");

        var second = Render("core", trust: true);

        second.Version!.Files["blob.bin"].Should().NotBeSameAs(first.Version!.Files["blob.bin"]);
    }

    [Fact]
    public void Stamp_AfterTheWatchStopped_IsNull()
    {
        var real = NativeFiles.RealPath(_tree.DataPath)!;
        _watcher.Stamps.Stamp(real, "core").Should().NotBeNull();

        _watcher.Dispose();

        _watcher.Stamps.Stamp(real, "core").Should().BeNull();
    }

    [Fact]
    public void TrustedRender_RoleFolderAnotherInodeUnderAnUnmovedStamp_WalksIt()
    {
        // A watch whose stamp never moves: only the role folder's inode tells the old folder from its replacement.
        var still = new StillWatch();
        _renderer.Render(_settings, "core", Secrets("core"), still, trustWatch: true);
        var role = Path.Combine(_tree.DataPath, "core");
        Directory.Move(role, role + ".old");
        Directory.CreateDirectory(role);
        File.WriteAllText(Path.Combine(role, "only.conf"), "{{ A }}-8");

        _renderer.Render(_settings, "core", Secrets("core"), still, trustWatch: true).Version!.Files.Keys.Should().BeEquivalentTo(["only.conf"]);
    }

    private sealed class StillWatch : IWatchedTree
    {
        public long? Stamp(string realTemplates, string role) => 1;
    }

    private RoleRender Render(string role, bool trust) => _renderer.Render(_settings, role, Secrets(role), _watcher.Stamps, trust);

    private SecretResolver Secrets(string role) =>
        new(_settings, new Dictionary<string, string>(), new Dictionary<string, string>(), default(RedisKey), default(RedisKey), _ => null, role);

    /// <summary>New times, same bytes: a change of the file's attributes, which the watch does not report.</summary>
    private void Touch(string role, string path)
    {
        var file = _tree.TemplatePath(role, path);
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(-30));
    }

    private static string Text(RoleRender render, string file) => Encoding.UTF8.GetString(render.Version!.Files[file]);
}
