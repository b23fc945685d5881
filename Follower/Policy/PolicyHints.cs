namespace PryvBus.Follower.Policy;

/// <summary>How an operator allows what the compose policy refuses: the words of every refusal's last part.</summary>
internal static class PolicyHints
{
    public const string Off = "turn the policy off with \"composePolicy\": \"off\" in this follower's settings";

    public static string Setting(string name) => $"to allow it: composePolicy.{name} in this follower's settings";

    public static string CannotJudge(string why) => $"the policy cannot judge it, {why}: write it out in full, or {Off}";

    public static string Interpolated => CannotJudge("compose would interpolate it");

    public static string NoSetting(string why) => $"{why}; no setting allows it alone: {Off} if this machine must run it";
}
