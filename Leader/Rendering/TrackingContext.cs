using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// A template context that reports when a template takes the globals object itself (<c>this</c>: iterated, passed to
/// <c>json</c>, <c>object.keys</c>…): what it reads then cannot be told name by name, so it reads everything.
/// </summary>
/// <param name="builtins">The built-in functions (<see cref="BuiltinGaps.Shared"/>).</param>
/// <param name="onWholeGlobals">Called when the template takes the globals object itself.</param>
internal sealed class TrackingContext(ScriptObject builtins, Action onWholeGlobals) : TemplateContext(builtins)
{
    public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
    {
        if (scriptNode is ScriptThisExpression)
        {
            onWholeGlobals();
        }

        return base.Evaluate(scriptNode, aliasReturnedFunction);
    }
}
