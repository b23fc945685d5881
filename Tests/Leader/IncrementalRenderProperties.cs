using System.Text.Json.Nodes;
using CsCheck;
using PryvBus.Leader.Rendering;
using PryvBus.Leader.Secrets;
using PryvBus.Leader.Settings;
using PryvBus.Tests.Fixtures;
using StackExchange.Redis;

namespace PryvBus.Tests.Leader;

/// <summary>
/// A renderer that reuses the files whose inputs did not change gives, after any sequence of value, secret and template
/// changes, byte for byte what a fresh renderer gives: files, errors, which files hold secrets, who used what. The
/// templates read values by name, through members and loops, through <c>this</c> (which sees a value added), a
/// builtin, a sensitive value and a secret. CsCheck prints the seed of a failing run.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class IncrementalRenderProperties
{
    private static readonly string[] Roles = ["core", "other"];

    /// <summary>One change: each field picks a variant of one input, 0 leaves it as it is.</summary>
    private sealed record Step(int A, int B, int Arr, int Obj, int S, int Pw, int Extra, int Added, int Template);

    private static readonly string[] AVariants = ["x", "y", "z"];
    private static readonly string[] TemplateVariants = ["{{ A }}-1", "{{ B }}-2", "{{ A }}-0"];

    private static readonly Gen<Step> StepGen =
        Gen.Int[0, 3].Array[9].Select(v => new Step(v[0], v[1], v[2] % 3, v[3] % 3, v[4], v[5] % 3, v[6] % 3, v[7] % 3, v[8]));

    [Fact]
    public void Render_AnySequenceOfChanges_EqualsAFullRender()
    {
        StepGen.Array[1, 12].Sample(steps =>
        {
            using var tree = Tree();
            // Every file counts as settled at once, so the kept renderer trusts what it listed and read before (folders
            // described from their own descriptor, paths known good, templates not read again): a template edit replaces
            // the file (below), which its identity shows at once.
            var incremental = new TemplateRenderer(new LaterClock(TimeSpan.FromSeconds(10)));
            var pw = "p0";
            foreach (var step in steps)
            {
                pw = Apply(tree, step, pw);
                var settings = tree.Load();
                foreach (var role in Roles)
                {
                    var full = new TemplateRenderer().Render(settings, role, Resolver(settings, role, pw));
                    var reused = incremental.Render(settings, role, Resolver(settings, role, pw));
                    Describe(reused).Should().Be(Describe(full), "step {0}, role {1}", step, role);
                }
            }
        }, iter: 60);
    }

    [Fact]
    public void Render_OneValueChanged_RendersAgainOnlyTheFilesThatReadIt()
    {
        using var tree = Tree();
        var renderer = new TemplateRenderer();
        var settings = tree.Load();
        var first = renderer.Render(settings, "core", Resolver(settings, "core", "p0"));

        tree.Value("B", 7);
        settings = tree.Load();
        var second = renderer.Render(settings, "core", Resolver(settings, "core", "p0"));

        // The same array: the file's output was reused, not rendered again.
        second.Version!.Files["a.conf"].Should().BeSameAs(first.Version!.Files["a.conf"]);
        second.Version.Files["obj.conf"].Should().BeSameAs(first.Version.Files["obj.conf"]);
        second.Version.Files["ab.conf"].Should().NotBeSameAs(first.Version.Files["ab.conf"]);
        System.Text.Encoding.UTF8.GetString(second.Version.Files["ab.conf"]).Should().Be("x8");
        second.Version.Files["this.conf"].Should().NotBeSameAs(first.Version.Files["this.conf"], "a template that iterates the globals reads everything");
    }

    [Fact]
    public void Render_FileReadingAValueTwice_IsNamedOnceAmongItsUsers()
    {
        using var tree = new LeaderTree().Value("A", "x").Value("B", 1)
            .Template("core", "twice.conf", "{{ A }}{{ B }}{{ A }}{{ secret \"PW\" }}{{ secret \"PW\" }}")
            .Template("core", "once.conf", "{{ A }}")
            .Secret("PW", new JsonObject { ["scope"] = "role" });
        var renderer = new TemplateRenderer();
        var renders = new List<RoleRender>();
        foreach (var b in new[] { 1, 2, 2 })
        {
            // Rendered, then twice.conf rendered again and once.conf reused, then both reused.
            tree.Value("B", b);
            var settings = tree.Load();
            renders.Add(renderer.Render(settings, "core", Resolver(settings, "core", "p0")));
        }

        foreach (var render in renders)
        {
            render.ValuesUsed["A"].Should().BeEquivalentTo("data/core/once.conf", "data/core/twice.conf").And.OnlyHaveUniqueItems();
            render.SecretsUsed["PW"].Should().Equal("data/core/twice.conf");
        }

        renders[2].Version!.Files["twice.conf"].Should().BeSameAs(renders[1].Version!.Files["twice.conf"], "the last render reused both files");
    }

    private static LeaderTree Tree()
    {
        var tree = new LeaderTree()
            .Value("A", "x").Value("B", 1).Value("ARR", new JsonArray("h1")).Value("OBJ", new JsonObject { ["value"] = new JsonObject { ["host"] = "m1" } })
            .Value("S", new JsonObject { ["value"] = "k1", ["sensitive"] = true })
            .Secret("PW", new JsonObject { ["scope"] = "role" })
            .Template("core", "a.conf", "{{ A }}")
            .Template("core", "ab.conf", "{{ A }}{{ B + 1 }}")
            .Template("core", "obj.conf", "{{ OBJ.host }} {{ json OBJ }}")
            .Template("core", "arr.conf", "{{ for h in ARR }}{{ h }},{{ end }}")
            .Template("core", "s.conf", "{{ S }}")
            .Template("core", "pw.conf", "{{ secret \"PW\" }}")
            .Template("core", "this.conf", "{{ for k in this }}{{ k }};{{ end }}|{{ this.A }}")
            .Template("core", "t.conf", "{{ A }}-0")
            .Template("other", "extra.conf", "{{ EXTRA }}")
            .Template("other", "builtin.conf", "{{ string.upcase A }}");
        return tree;
    }

    private static string Apply(LeaderTree tree, Step step, string pw)
    {
        if (step.A > 0)
        {
            tree.Value("A", AVariants[step.A - 1]);
        }

        if (step.B > 0)
        {
            tree.Value("B", step.B);
        }

        if (step.Arr > 0)
        {
            tree.Value("ARR", step.Arr == 1 ? new JsonArray("h1") : new JsonArray("h1", "h2"));
        }

        if (step.Obj > 0)
        {
            tree.Value("OBJ", new JsonObject { ["value"] = step.Obj == 1 ? new JsonObject { ["host"] = "m1" } : new JsonObject { ["host"] = "m2", ["port"] = 1 } });
        }

        if (step.S > 0)
        {
            tree.Value("S", new JsonObject { ["value"] = step.S == 2 ? "k2" : "k1", ["sensitive"] = step.S != 3 });
        }

        if (step.Extra > 0)
        {
            tree.Value("EXTRA", step.Extra == 1 ? null : "e" + step.Extra);
            if (step.Extra == 1)
            {
                tree.Config["platform"]!.AsObject().Remove("EXTRA");
            }
        }

        if (step.Added > 0)
        {
            // A value no template names: only the one iterating the globals sees it come and go.
            tree.Config["platform"]!.AsObject().Remove("NEW");
            if (step.Added == 2)
            {
                tree.Value("NEW", "n");
            }
        }

        if (step.Template > 0)
        {
            // Written beside it and renamed over it: a new file, as an editor saves, not the same one rewritten within
            // the file system's clock tick, which only the settled rule (not trusted here) tells apart.
            var path = tree.TemplatePath("core", "t.conf");
            File.WriteAllText(path + ".next", TemplateVariants[step.Template - 1]);
            File.Move(path + ".next", path, overwrite: true);
        }

        return step.Pw > 0 ? "p" + step.Pw : pw;
    }

    /// <summary>The secret PW held in Redis (so nothing is generated at random), scoped to the role.</summary>
    private static SecretResolver Resolver(LeaderSettings settings, string role, string pw)
    {
        var stored = new Dictionary<string, string> { ["PW"] = pw };
        return new SecretResolver(settings, stored, stored, default(RedisKey), default(RedisKey), _ => null, role);
    }

    private static string Describe(RoleRender render)
    {
        var files = render.Version is null
            ? "no version"
            : string.Join("\n", render.Version.Files.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + Convert.ToHexString(f.Value)))
              + "\nsecret files: " + string.Join(",", render.Version.SecretFiles.Order(StringComparer.Ordinal))
              + "\nsecrets used: " + string.Join(",", render.Version.SecretsUsed.Order(StringComparer.Ordinal));
        return files
            + "\nerrors: " + string.Join("\n", render.Errors)
            + "\nvalues used: " + Usage(render.ValuesUsed)
            + "\nsecrets by file: " + Usage(render.SecretsUsed);
    }

    private static string Usage(IReadOnlyDictionary<string, IReadOnlyCollection<string>> usage) =>
        string.Join(";", usage.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => u.Key + ":" + string.Join(",", u.Value.Order(StringComparer.Ordinal))));
}
