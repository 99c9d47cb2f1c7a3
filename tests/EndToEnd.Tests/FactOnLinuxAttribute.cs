namespace DuckDuckGoose.EndToEnd.Tests;

/// <summary>A fact that reads Linux's /proc: reported as skipped on other systems rather than passing there unchecked.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class FactOnLinuxAttribute : FactAttribute
{
    public FactOnLinuxAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "reads /proc, which only Linux has";
        }
    }
}
