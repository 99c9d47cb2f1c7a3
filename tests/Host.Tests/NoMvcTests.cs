using System.Reflection;
using DuckDuckGoose.Host.Http;

namespace DuckDuckGoose.Host.Tests;

/// <summary>
/// The node is minimal APIs only, and MVC costs it 1.5 MiB of memory once loaded (bench/Node's RSS row). Two
/// things in the host assembly load it at start: an assembly attribute from an MVC assembly (the SDK's
/// ApplicationPart attributes, read by the hosting-startup scan) and an endpoint parameter's attribute from one
/// (<c>[FromBody]</c>, read when the endpoints are built). Neither may come back.
/// </summary>
public sealed class NoMvcTests
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    [Fact]
    public void The_host_assembly_carries_no_attribute_from_MVC_on_itself_or_on_any_parameter()
    {
        var host = typeof(AdminEndpoints).Assembly;

        var fromMvc = host.GetCustomAttributesData()
            .Where(a => IsMvc(a.AttributeType))
            .Select(a => $"assembly: [{a.AttributeType.Name}]")
            .Concat(host.GetTypes()
                .SelectMany(t => t.GetMethods(Declared).Cast<MethodBase>().Concat(t.GetConstructors(Declared)))
                .SelectMany(m => m.GetParameters()
                    .SelectMany(p => p.GetCustomAttributesData()
                        .Where(a => IsMvc(a.AttributeType))
                        .Select(a => $"{m.DeclaringType?.Name}.{m.Name}({p.Name}): [{a.AttributeType.Name}]"))))
            .ToList();

        Assert.Empty(fromMvc);
    }

    private static bool IsMvc(Type attribute) =>
        attribute.Assembly.GetName().Name?.StartsWith("Microsoft.AspNetCore.Mvc", StringComparison.Ordinal) == true;
}
