using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;

namespace PryvBus.Leader.Rendering;

/// <summary>The globals of one file's render; records which platform values the template reads (for <c>describe</c>).</summary>
internal sealed class TrackingGlobals(Action<string> onRead) : ScriptObject
{
    public override bool TryGetValue(TemplateContext? context, SourceSpan span, string member, out object? value)
    {
        var found = base.TryGetValue(context, span, member, out value);
        if (found)
        {
            onRead(member);
        }

        return found;
    }
}
