using YamlDotNet.Core.Events;

namespace PryvBus.Leader.Validation;

/// <summary>One open mapping or sequence while a YAML file is parsed: a mapping remembers its plain keys.</summary>
internal sealed class YamlFrame(bool mapping)
{
    private readonly HashSet<string>? _keys = mapping ? new(StringComparer.Ordinal) : null;
    private bool _atValue;

    /// <summary>A scalar read in this collection; a problem when it is a key this mapping already has.</summary>
    public OutputProblem? Key(Scalar scalar)
    {
        if (_keys is null || _atValue || _keys.Add(scalar.Value))
        {
            return null;
        }

        return new OutputProblem(
            (int)scalar.Start.Line, (int)scalar.Start.Column, $"invalid YAML: duplicate key '{OutputText.Clean(scalar.Value)}' in a mapping");
    }

    public void NodeDone()
    {
        if (_keys is not null)
        {
            _atValue = !_atValue;
        }
    }
}
