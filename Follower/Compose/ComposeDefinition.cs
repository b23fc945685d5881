using System.Security.Cryptography;
using System.Text;
using PryvBus.Shared.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PryvBus.Follower.Compose;

/// <summary>
/// The services of a compose file (<c>pryv.yml</c>), each normalised and digested so that two versions of the file can
/// be compared per service. Parsed with YamlDotNet's representation model (no reflection: the follower is published
/// Native AOT). Top-level sections other than <c>services</c> (networks, volumes) are not compared.
/// </summary>
public sealed class ComposeDefinition
{
    public const int MaxServices = 500;

    private ComposeDefinition(IReadOnlyDictionary<string, ServiceDefinition> services) => Services = services;

    public static ComposeDefinition Empty { get; } = new(new Dictionary<string, ServiceDefinition>(StringComparer.Ordinal));

    public IReadOnlyDictionary<string, ServiceDefinition> Services { get; }

    /// <param name="text">The file's content.</param>
    /// <param name="file">The file's name, for error messages.</param>
    /// <exception cref="ComposeFileException">Not YAML, not a mapping, no <c>services</c> mapping, or a service out of bounds.</exception>
    public static ComposeDefinition Parse(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var stream = new YamlStream();
        try
        {
            if (YamlAliasGuard.Problem(text) is { } problem)
            {
                throw new ComposeFileException($"{file}:{problem} in a compose file");
            }

            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new ComposeFileException($"{file}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            // The representation model refuses some malformed streams this way (e.g. a document with no node).
            throw new ComposeFileException($"{file}: not valid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new ComposeFileException($"{file}: must be one YAML document whose root is a mapping (with a services section)");
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("services"), out var servicesNode))
        {
            throw new ComposeFileException($"{file}: has no services section");
        }

        var services = new Dictionary<string, ServiceDefinition>(StringComparer.Ordinal);
        if (servicesNode is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return new ComposeDefinition(services);
        }

        if (servicesNode is not YamlMappingNode mapping)
        {
            throw new ComposeFileException($"{file}:{servicesNode.Start.Line}:{servicesNode.Start.Column}: services must be a mapping of service names");
        }

        if (mapping.Children.Count > MaxServices)
        {
            throw new ComposeFileException($"{file}: more than {MaxServices} services");
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { Length: > 0 } name } || !IsServiceName(name))
            {
                throw new ComposeFileException($"{file}:{key.Start.Line}:{key.Start.Column}: a service name must be letters, digits, '.', '_' or '-'");
            }

            var where = $"{file}: service {name}";
            var canonical = CanonicalYaml.Write(value, where);
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
            services[name] = new ServiceDefinition(name, digest, Image(value)) { Volumes = ServiceVolumes.Read(value) };
        }

        return new ComposeDefinition(services);
    }

    /// <summary>Compose's own rule for service names (a name is also passed as an argument to the compose tool).</summary>
    public static bool IsServiceName(string name) =>
        name.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    private static string? Image(YamlNode service) =>
        service is YamlMappingNode mapping
        && mapping.Children.TryGetValue(new YamlScalarNode("image"), out var image)
        && image is YamlScalarNode { Value: { Length: > 0 } reference }
            ? reference
            : null;
}
