namespace PryvBus.Leader.Values;

public enum ValueSpotKind
{
    /// <summary>The <c>value</c> of a documented entry (<c>"DOMAIN": { "value": …, "description": … }</c>).</summary>
    Documented,

    /// <summary>A plain entry (<c>"PORT": 3000</c>): an object value must be wrapped as <c>{ "value": … }</c> (a plain object reads as a documented entry).</summary>
    Plain,

    /// <summary>A documented entry without a <c>value</c> key yet: one is inserted.</summary>
    Insert,
}
