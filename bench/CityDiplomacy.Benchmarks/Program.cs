using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace CityDiplomacy.Benchmarks;

public static class Program
{
    public static void Main(string[] args)
    {
        // « quality »: the resolver's accuracy report (counted, not timed), outside BenchmarkDotNet.
        if (args is ["quality", ..]) Environment.Exit(ResolverQuality.RunAsync().GetAwaiter().GetResult());
        // « letters [N] »: one department ZIP of letters, wall time and peak memory, outside BenchmarkDotNet.
        if (args is ["letters", ..])
            Environment.Exit(LetterZipBenchmarks.RunOnceAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 600)
                .GetAwaiter().GetResult());
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, DefaultConfig.Instance.WithArtifactsPath(ArtifactsPath()));
    }

    /// <summary>
    /// Reports go next to this project (bench/CityDiplomacy.Benchmarks/BenchmarkDotNet.Artifacts), wherever it is
    /// started from; --artifacts on the command line still wins.
    /// </summary>
    private static string ArtifactsPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CityDiplomacy.Benchmarks.csproj")))
                return Path.Combine(dir.FullName, "BenchmarkDotNet.Artifacts");
        return Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
    }
}
