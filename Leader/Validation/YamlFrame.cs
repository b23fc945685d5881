using YamlDotNet.Core.Events;

namespace PryvBus.Leader.Validation;

/// <summary>One open mapping or sequence while a YAML file is parsed: a mapping remembers its plain keys.</summary>
internal sealed class YamlFrame(bool mapping)
{
    private readonly HashSet<string>? _keys = mapping ? new(StringComparer.Ordinal) : null;
    private bool _atValue;

    /// <summary>A scalar read in this collection; a problem when it is a key this mapping already has.</summary>
    /// <param name="scalar">The scalar.</param>
    /// <param name="mask">Masks secrets in the key before it is quoted and cut short (<see cref="OutputText.Clean"/>); null: none.</param>
    public OutputProblem? Key(Scalar scalar, Func<string, string>? mask)
    {
        if (_keys is null || _atValue || _keys.Add(scalar.Value))
        {
            return null;
        }

        return new OutputProblem(
            (int)scalar.Start.Line, (int)scalar.Start.Column, $"invalid YAML: duplicate key '{OutputText.Clean(scalar.Value, mask)}' in a mapping");
    }

    public void NodeDone()
    {
        if (_keys is not null)
        {
            _atValue = !_atValue;
        }
    }
}
