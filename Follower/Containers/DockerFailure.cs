using System.Net.Sockets;
using Docker.DotNet;

namespace PryvBus.Follower.Containers;

/// <summary>Tells "Docker did not answer" (retry later) from "Docker answered with an error" (a failure).</summary>
internal static class DockerFailure
{
    /// <summary>
    /// True for transport failures: a missing socket, a refused or reset connection, a daemon that went away
    /// mid-request. An error answer from the daemon (<see cref="DockerApiException"/>) is not one of them, nor is
    /// a timeout: the client wraps the transport error it was waiting in, but a slow restart is not an outage.
    /// </summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        DockerApiException or OperationCanceledException => false,
        HttpRequestException or SocketException or IOException => true,
        _ => exception.InnerException is { } inner && IsUnreachable(inner),
    };

    /// <summary>The innermost message: "Connection refused" says more than "Connection failed.".</summary>
    public static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is { } inner)
        {
            innermost = inner;
        }

        return ReferenceEquals(innermost, exception) ? exception.Message : $"{exception.Message} {innermost.Message}";
    }

    /// <summary>The endpoint without any user info, for logs and results.</summary>
    public static string Redact(string endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0
            ? uri.GetComponents(UriComponents.AbsoluteUri & ~UriComponents.UserInfo, UriFormat.UriEscaped)
            : endpoint;
}
