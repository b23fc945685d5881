using System.Text;
using System.Text.Json;
using CsCheck;
using PryvBus.Follower.Compose;
using PryvBus.Tests.Fixtures;

namespace PryvBus.Tests.Compose;

/// <summary>
/// The per-service comparison over generated compose files: a file compared with itself re-ordered (and written in
/// another style) has no change; any single edit of one service is found, and only there.
/// </summary>
[Trait(TestCategory.Name, TestCategory.Unit)]
public sealed class ComposeChangesProperties
{
    private const long Iterations = 2_000;

    private static readonly Gen<string> Word = Gen.String[Gen.Char["abcdefgh0123456789 :#-'\"./"], 0, 8];

    private static readonly Gen<string> Key = Gen.String[Gen.Char["abcdefghijklmnop_"], 1, 6];

    private static readonly Gen<string> ServiceName = Gen.Select(Gen.Char["abcxyz"], Key, (first, rest) => first + rest);

    private static readonly Gen<Node> Leaf = Word.Select(w => (Node)new Node.Scalar(w));

    private static readonly Gen<Node> Tree = Gen.Recursive<Node>((depth, tree) => depth >= 3
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, tree.Array[0, 3].Select(items => (Node)new Node.Sequence(items))),
            (2, Gen.Select(Key, tree).Array[0, 4].Select(Map))));

    private static readonly Gen<(string Name, Node Service)[]> Services =
        Gen.Select(ServiceName, Gen.Select(Key, Tree).Array[1, 5].Select(Map)).Array[1, 5]
            .Select(services => services.DistinctBy(s => s.Item1).ToArray());

    [Fact]
    public void Compare_FileReorderedAndRestyled_NoChange()
    {
        Gen.Select(Services, Gen.Int).Sample(
            (services, seed) =>
            {
                var applied = ComposeDefinitionTests.Digests(File(services, block: true, shuffle: null));
                var reordered = ComposeDefinition.Parse(File(services, block: false, shuffle: new Random(seed)), "pryv.yml");

                ComposeChanges.Compare(applied, reordered).IsEmpty.Should().BeTrue();
            },
            iter: Iterations);
    }

    [Fact]
    public void Compare_OneServiceEdited_OnlyThatServiceChanged()
    {
        Gen.Select(Services, Gen.Int, Gen.Int[0, 2], Word).Sample(
            (services, pick, edit, value) =>
            {
                var index = (int)((uint)pick % (uint)services.Length);
                var edited = services.ToArray();
                edited[index] = (services[index].Name, Edit((Node.Mapping)services[index].Service, edit, value));
                var applied = ComposeDefinitionTests.Digests(File(services, block: true, shuffle: null));

                var changes = ComposeChanges.Compare(applied, ComposeDefinition.Parse(File(edited, block: true, shuffle: null), "pryv.yml"));

                changes.Changed.Should().Equal(services[index].Name);
                changes.Added.Should().BeEmpty();
                changes.Removed.Should().BeEmpty();
            },
            iter: Iterations);
    }

    /// <summary>0: a new key; 1: the first scalar gets another value; 2: the first key removed (or a key added when it is the only one).</summary>
    private static Node Edit(Node.Mapping service, int edit, string value)
    {
        switch (edit)
        {
            case 1 when FirstScalarChanged(service, value) is { } changed:
                return changed;
            case 2 when service.Entries.Length > 1:
                return new Node.Mapping(service.Entries[1..]);
            default:
                return new Node.Mapping([.. service.Entries, ("zz_added", new Node.Scalar(value))]);
        }
    }

    private static Node.Mapping? FirstScalarChanged(Node.Mapping service, string value)
    {
        for (var i = 0; i < service.Entries.Length; i++)
        {
            if (service.Entries[i].Value is Node.Scalar scalar)
            {
                var entries = service.Entries.ToArray();
                entries[i] = (entries[i].Key, new Node.Scalar(scalar.Value + "!" + value));
                return new Node.Mapping(entries);
            }
        }

        return null;
    }

    private static Node Map((string, Node)[] entries) => new Node.Mapping(entries.DistinctBy(e => e.Item1).ToArray());

    private static string File((string Name, Node Service)[] services, bool block, Random? shuffle)
    {
        var root = new Node.Mapping([
            ("version", new Node.Scalar("3.5")),
            ("services", new Node.Mapping(services.Select(s => (s.Name, s.Service)).ToArray())),
        ]);
        var text = new StringBuilder();
        if (block)
        {
            Block(text, root, 0, shuffle);
        }
        else
        {
            Flow(text, root, shuffle);
        }

        return text.ToString();
    }

    private static void Block(StringBuilder text, Node node, int indent, Random? shuffle)
    {
        var pad = new string(' ', indent);
        switch (node)
        {
            case Node.Mapping mapping:
                foreach (var (key, value) in Order(mapping.Entries, shuffle))
                {
                    text.Append(pad).Append(Quote(key)).Append(':');
                    Child(text, value, indent, shuffle);
                }

                break;
            case Node.Sequence sequence:
                foreach (var item in sequence.Items)
                {
                    text.Append(pad).Append('-');
                    Child(text, item, indent, shuffle);
                }

                break;
        }
    }

    private static void Child(StringBuilder text, Node value, int indent, Random? shuffle)
    {
        if (value is Node.Scalar scalar || value is Node.Mapping { Entries.Length: 0 } || value is Node.Sequence { Items.Length: 0 })
        {
            text.Append(' ');
            Flow(text, value, shuffle);
            text.Append('\n');
            return;
        }

        text.Append('\n');
        Block(text, value, indent + 2, shuffle);
    }

    private static void Flow(StringBuilder text, Node node, Random? shuffle)
    {
        switch (node)
        {
            case Node.Scalar scalar:
                text.Append(Quote(scalar.Value));
                break;
            case Node.Sequence sequence:
                text.Append('[');
                for (var i = 0; i < sequence.Items.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : ", ");
                    Flow(text, sequence.Items[i], shuffle);
                }

                text.Append(']');
                break;
            case Node.Mapping mapping:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in Order(mapping.Entries, shuffle))
                {
                    text.Append(first ? string.Empty : ", ").Append(Quote(key)).Append(": ");
                    Flow(text, value, shuffle);
                    first = false;
                }

                text.Append('}');
                break;
        }
    }

    private static IEnumerable<(string Key, Node Value)> Order((string Key, Node Value)[] entries, Random? shuffle) =>
        shuffle is null ? entries : entries.OrderBy(_ => shuffle.Next());

    /// <summary>JSON strings are YAML double-quoted scalars.</summary>
    private static string Quote(string value) => JsonSerializer.Serialize(value);

    private abstract record Node
    {
        public sealed record Scalar(string Value) : Node;

        public sealed record Sequence(Node[] Items) : Node;

        public sealed record Mapping((string Key, Node Value)[] Entries) : Node;
    }
}
