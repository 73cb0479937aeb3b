namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>Files of the repository and of the shared test data beside it.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string ReferenceData => Path.Combine(Root, "data", "reference");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CityDiplomacy.slnx"))) return dir.FullName;
        throw new InvalidOperationException("CityDiplomacy.slnx introuvable au-dessus du dossier des tests.");
    }
}
