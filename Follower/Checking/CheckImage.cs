namespace PryvBus.Follower.Checking;

/// <summary>
/// What a check container is made of: the image the component will run once the version is applied, and the
/// environment, user and working folder it runs with (empty: the image's own). <see cref="Origin"/> says where they come
/// from, for the log ("container pryvio_nginx", "service nginx of the new pryv.yml").
/// </summary>
internal sealed record CheckImage(string Image, IList<string> Env, string User, string WorkingDir, string Origin);
