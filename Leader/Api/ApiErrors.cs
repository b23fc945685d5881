using Microsoft.AspNetCore.Http;

namespace PryvBus.Leader.Api;

/// <summary>Every error of the API is JSON with a message: never a stack trace, never a secret.</summary>
public static class ApiErrors
{
    public static IResult Json(int status, string message) => Results.Json(new ErrorAnswer(message), ApiJsonContext.Default.ErrorAnswer, statusCode: status);

    public static IResult Unauthorized(string message) => Json(StatusCodes.Status401Unauthorized, message);

    public static IResult Forbidden(string message) => Json(StatusCodes.Status403Forbidden, message);

    public static IResult NotFound(string message) => Json(StatusCodes.Status404NotFound, message);

    public static IResult BadRequest(string message) => Json(StatusCodes.Status400BadRequest, message);
}
