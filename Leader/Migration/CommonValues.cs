using System.Text.RegularExpressions;

namespace PryvBus.Leader.Migration;

/// <summary>
/// Values too ordinary to template everywhere they appear: a plain word (<c>notice</c>, <c>single</c>, <c>POST</c>),
/// a media type (<c>application/json</c>), a version (<c>1.9.0</c>, an image tag) or a bare number written as text.
/// The importer reports where they occur and replaces them only when asked.
/// </summary>
public static partial class CommonValues
{
    public static string? Reason(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return PlainWord().IsMatch(value) ? "a plain word"
            : MediaType().IsMatch(value) ? "a media type"
            : Version().IsMatch(value) ? "version-like"
            : Number().IsMatch(value) ? "a number"
            : null;
    }

    [GeneratedRegex("^[A-Za-z]+$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^(application|text|image|audio|video|font|multipart|message|model)/[A-Za-z0-9][A-Za-z0-9.+-]*$")]
    private static partial Regex MediaType();

    [GeneratedRegex(@"^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$")]
    private static partial Regex Version();

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Number();
}
