namespace PryvBus.Leader.Api;

/// <summary>A settings file with problems: the error and every problem, one a line.</summary>
internal sealed record ProblemsAnswer(string Error, IReadOnlyList<string> Problems);
