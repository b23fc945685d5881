namespace PryvBus.Tests.Architecture;

/// <summary>Tarjan's strongly connected components over a small graph; returns the components with more than one node.</summary>
public sealed class CycleFinder(IReadOnlyDictionary<string, HashSet<string>> edges)
{
    private readonly Dictionary<string, int> _index = [];
    private readonly Dictionary<string, int> _low = [];
    private readonly Stack<string> _stack = new();
    private readonly HashSet<string> _onStack = [];
    private readonly List<IReadOnlyList<string>> _cycles = [];

    public IReadOnlyList<IReadOnlyList<string>> Find()
    {
        var nodes = edges.Keys.Concat(edges.Values.SelectMany(targets => targets)).Distinct().Order(StringComparer.Ordinal);
        foreach (var node in nodes.Where(node => !_index.ContainsKey(node)))
        {
            Visit(node);
        }

        return _cycles;
    }

    private void Visit(string node)
    {
        _index[node] = _low[node] = _index.Count;
        _stack.Push(node);
        _onStack.Add(node);
        foreach (var next in edges.GetValueOrDefault(node) ?? [])
        {
            if (!_index.TryGetValue(next, out var seen))
            {
                Visit(next);
                _low[node] = Math.Min(_low[node], _low[next]);
            }
            else if (_onStack.Contains(next))
            {
                _low[node] = Math.Min(_low[node], seen);
            }
        }

        if (_low[node] != _index[node])
        {
            return;
        }

        var component = new List<string>();
        string member;
        do
        {
            member = _stack.Pop();
            _onStack.Remove(member);
            component.Add(member);
        }
        while (member != node);

        if (component.Count > 1)
        {
            _cycles.Add([.. component.Order(StringComparer.Ordinal)]);
        }
    }
}
