namespace CityDiplomacy.Tests.Infrastructure;

/// <summary>Files of the repository, and the small licensed test data committed under tests/data.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string ReferenceData => Path.Combine(Root, "data", "reference");

    /// <summary>
    /// tests/data: slices of the real data sets (facts, alerts, V-Dem, Wikidata, Wikipedia, the exonym gold set), the
    /// synthetic town-hall export and a synthetic file in the Freedom House format, each with its licence and
    /// provenance in tests/data/README.md. Tests never read anything beside the repository.
    /// </summary>
    public static string TestData => Path.Combine(Root, "tests", "data");

    /// <summary>A file of tests/data (e.g. <c>TestFile("facts", "local_alerts_dev.csv")</c>); the test fails when it is missing.</summary>
    public static string TestFile(params string[] parts)
    {
        var path = Path.Combine([TestData, .. parts]);
        if (!File.Exists(path))
            Assert.Fail($"Fichier de test absent : tests/data/{string.Join('/', parts)}. Les tests ne lisent que les tranches " +
                        "versionnées sous tests/data (voir tests/data/README.md) ; ajoutez-y la tranche nécessaire, avec sa licence.");
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CityDiplomacy.slnx"))) return dir.FullName;
        throw new InvalidOperationException("CityDiplomacy.slnx introuvable au-dessus du dossier des tests.");
    }
}
