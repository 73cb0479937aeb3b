using System.Runtime.CompilerServices;

namespace CityDiplomacy.Tests.Infrastructure;

internal static class TestProcess
{
    /// <summary>
    /// Hundreds of in-process hosts start during a run: without this, each one watches its settings and content
    /// files with inotify, and the kernel's per-user limit of instances (128 by default) fails later hosts.
    /// </summary>
    [ModuleInitializer]
    internal static void WatchNoFiles()
    {
        Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
        Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    }
}
