using CityDiplomacy.Tests.Infrastructure;

namespace CityDiplomacy.Tests;

/// <summary>The verified facts (a copy committed under tests/data/facts) that the catalogues and the demo copy.</summary>
public static class SharedFacts
{
    /// <summary>The facts folder of tests/data.</summary>
    public static string Folder()
    {
        var folder = Path.Combine(Repository.TestData, "facts");
        if (!Directory.Exists(folder)) Assert.Fail($"Dossier de test absent : {folder} (voir tests/data/README.md).");
        return folder;
    }
}
