namespace PryvBus.Leader.Api;

/// <summary>A role's version as <c>/conf/{role}</c> serves it to a follower (text files and base64 ones apart).</summary>
internal sealed record ConfAnswer(
    string Role, long Generation, long Serial, string Sha256, string? Signature, string? Components, IEnumerable<string> SecretFiles,
    Dictionary<string, string> Files, Dictionary<string, string> Base64Files);
