using PryvBus.Leader.Settings;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PryvBus.Leader.Rendering;

/// <summary>
/// A template context that reports when a template takes the globals object itself (<c>this</c>: iterated, passed to
/// <c>json</c>, <c>object.keys</c>…): what it reads then cannot be told name by name, so it reads everything. It also
/// ends the render once it has allocated more than its budget, counted on the rendering thread from the context's
/// creation after each statement (a loop's step runs its body's statements): a render is one synchronous call on one
/// thread.
/// </summary>
/// <param name="builtins">The built-in functions (<see cref="BuiltinGaps.Shared"/>).</param>
/// <param name="onWholeGlobals">Called when the template takes the globals object itself.</param>
/// <param name="limits">The bytes the render may allocate (<c>render.allocationMiB</c>).</param>
internal sealed class TrackingContext(ScriptObject builtins, Action onWholeGlobals, RenderLimits limits) : TemplateContext(builtins)
{
    private readonly long _allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

    public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
    {
        if (scriptNode is ScriptThisExpression)
        {
            onWholeGlobals();
        }

        var result = base.Evaluate(scriptNode, aliasReturnedFunction);
        if (scriptNode is ScriptStatement && GC.GetAllocatedBytesForCurrentThread() - _allocatedBefore > limits.AllocationBytes)
        {
            throw new ScriptRuntimeException(scriptNode.Span, limits.AllocationProblem);
        }

        return result;
    }
}
