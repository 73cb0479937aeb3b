using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests;

/// <summary>The verified facts beside the repository (../shared/data/facts) that the catalogues and the demo copy.</summary>
public static class SharedFacts
{
    /// <summary>The facts folder; the test is skipped with its reason in a bare clone without ../shared.</summary>
    public static string Folder()
    {
        var folder = Path.GetFullPath(Path.Combine(Repository.Root, "..", "shared", "data", "facts"));
        if (!Directory.Exists(folder))
            Assert.Skip($"Faits vérifiés absents ({folder}) : ce test compare les catalogues et la démonstration aux faits partagés, présents en CI.");
        return folder;
    }
}
