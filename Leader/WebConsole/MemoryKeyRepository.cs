using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace PryvBus.Leader.WebConsole;

/// <summary>
/// A key ring store that never leaves the process: ASP.NET's default writes keys unencrypted under
/// <c>$HOME/.aspnet/DataProtection-Keys</c> on Linux. The console's keys come from the ephemeral provider; this store
/// only makes sure nothing that asks the key manager writes a file.
/// </summary>
internal sealed class MemoryKeyRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];
    private readonly Lock _gate = new();

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_gate)
        {
            return _elements.Select(e => new XElement(e)).ToArray();
        }
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        lock (_gate)
        {
            _elements.Add(new XElement(element));
        }
    }
}
