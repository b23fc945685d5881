using System.Text;

namespace PryvBus.Leader.Migration;

/// <summary>
/// A Pryv template as a Scriban template: every name Pryv's rule matches becomes <c>{{ expression }}</c>; the literal
/// text is kept byte for byte, a <c>{</c> that would open Scriban code (<c>{{</c>, <c>{%{</c>, or just before an
/// inserted expression) is written as <c>{{ "{" }}</c>.
/// </summary>
internal static class PryvTemplateText
{
    public static string Convert(IReadOnlyList<(string Text, bool IsName)> pieces, Func<string, string> expression, out int replaced)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        var output = new StringBuilder();
        replaced = 0;
        for (var p = 0; p < pieces.Count; p++)
        {
            var (text, isName) = pieces[p];
            if (isName)
            {
                output.Append("{{ ").Append(expression(text)).Append(" }}");
                replaced++;
                continue;
            }

            var codeFollows = p + 1 < pieces.Count;
            for (var i = 0; i < text.Length; i++)
            {
                var next = i + 1 < text.Length ? text[i + 1] : codeFollows ? '{' : '\0';
                output.Append(text[i] == '{' && next is '{' or '%' ? "{{ \"{\" }}" : text[i].ToString());
            }
        }

        return output.ToString();
    }
}
