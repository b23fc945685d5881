using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Architecture;

/// <summary>
/// No two folders of the production code depend on each other, directly or through others (docs/design.md,
/// "Folders and dependencies"): each type lives in the folder of the step that owns it.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class FolderDependencyTests
{
    private static readonly string Root =
        RepositoryRoot.Path;

    [Fact]
    public void Cycles_ProductionFolders_None()
    {
        var graph = FolderGraph.FromFolders(Root, "Shared", "Leader", "Follower");

        var cycles = graph.Cycles();

        cycles.Should().BeEmpty(because: Describe(graph, cycles));
    }

    [Fact]
    public void FromFolders_ProductionFolders_SeesKnownDependencies()
    {
        var graph = FolderGraph.FromFolders(Root, "Shared", "Leader", "Follower");

        graph.Edges.Select(edge => (edge.From, edge.To)).Should()
            .Contain(("PryvBus.Leader.Pipeline", "PryvBus.Leader.Rendering"))
            .And.Contain(("PryvBus.Follower.Applying", "PryvBus.Follower.Fetching"));
    }

    [Fact]
    public void Cycles_TwoFoldersNameEachOther_Reported()
    {
        var graph = FolderGraph.FromSources(new Dictionary<string, string>
        {
            ["A/One.cs"] = "using X.B;\nnamespace X.A;\npublic sealed class One { Two? _two; }",
            ["B/Two.cs"] = "namespace X.B;\npublic sealed class Two { X.A.One? _one; }",
            ["C/Three.cs"] = "using X.A;\nnamespace X.C;\npublic sealed class Three { One? _one; }",
        });

        graph.Cycles().Should().ContainSingle().Which.Should().Equal("X.A", "X.B");
    }

    [Fact]
    public void Cycles_ChildUsesTypeOfEnclosingFolder_Reported()
    {
        var graph = FolderGraph.FromSources(new Dictionary<string, string>
        {
            ["Root.cs"] = "using X.Child;\nnamespace X;\npublic sealed class Root { Leaf? _leaf; }",
            ["Child/Leaf.cs"] = "namespace X.Child;\npublic sealed class Leaf { Root? _root; }",
        });

        graph.Cycles().Should().ContainSingle().Which.Should().Equal("X", "X.Child");
    }

    private static string Describe(FolderGraph graph, IReadOnlyList<IReadOnlyList<string>> cycles) =>
        string.Join('\n', cycles.SelectMany(cycle => graph.Edges
            .Where(edge => cycle.Contains(edge.From) && cycle.Contains(edge.To))
            .Select(edge => $"{edge.From} -> {edge.To} ({edge.Type} in {edge.File})")));
}
