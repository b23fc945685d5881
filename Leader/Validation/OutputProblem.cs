namespace PryvBus.Leader.Validation;

/// <summary>Why a rendered file does not parse, located in the rendered text (1-based line and column).</summary>
public sealed record OutputProblem(int Line, int Column, string Message);
