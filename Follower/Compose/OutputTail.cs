using System.Text;

namespace PryvBus.Follower.Compose;

/// <summary>The last <c>limit</c> characters of the lines written (a tool's output, bounded whatever its size).</summary>
internal sealed class OutputTail(int limit)
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();

    public void AppendLine(string line)
    {
        lock (_lock)
        {
            _text.Append(line.Length > limit ? line[^limit..] : line).Append('\n');
            if (_text.Length > limit)
            {
                _text.Remove(0, _text.Length - limit);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }
}
