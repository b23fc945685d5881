namespace PryvBus.Leader.Migration;

/// <summary>
/// Where a number or boolean may be templated: as a whole value, after <c>:</c>, <c>=</c>, <c>[</c> or <c>,</c>
/// (spaces allowed) and before the end of the line, <c>,</c>, <c>]</c>, <c>}</c> or a <c>#</c> comment. Never inside
/// quotes or running text (<c>"3000:3000"</c>, <c>listens on 3000</c>).
/// </summary>
public static class ValuePositions
{
    public static bool IsValuePosition(string text, int start, int length)
    {
        ArgumentNullException.ThrowIfNull(text);
        var before = start - 1;
        while (before >= 0 && text[before] is ' ' or '\t')
        {
            before--;
        }

        var after = start + length;
        while (after < text.Length && text[after] is ' ' or '\t')
        {
            after++;
        }

        return before >= 0 && text[before] is ':' or '=' or '[' or ','
            && (after == text.Length || text[after] is '\r' or '\n' or ',' or ']' or '}' or '#' or ';');
    }
}
