using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CityDiplomacy.Reference;
using Xunit;

namespace CityDiplomacy.Tests.Localization;

/// <summary>
/// The pages use French strings as localization keys (<c>L["…"]</c> in Razor, <c>l["…"]</c> in page models);
/// English lives in src/CityDiplomacy/Resources/SharedResource.en.resx. A key without an English entry is
/// silently shown in French to English readers: these tests make it a failure instead.
/// </summary>
public sealed partial class EnglishResourcesTests
{
    private const string AppFolder = "src/CityDiplomacy";
    private const string EnglishResx = "src/CityDiplomacy/Resources/SharedResource.en.resx";

    private static readonly Lazy<IReadOnlyDictionary<string, string>> FoundKeys = new(ScanKeys);
    private static readonly Lazy<IReadOnlyDictionary<string, string>> English = new(LoadEnglish);

    [Fact]
    public void Every_French_page_string_has_an_English_translation()
    {
        // The commune type words reach the localizer as values (L[c.Type]), never as literals: add them by hand.
        var keys = FoundKeys.Value.ToDictionary();
        foreach (var type in Enum.GetValues<CommuneKind>().Select(CommuneTypes.Of))
            keys.TryAdd(type, $"{nameof(CommuneTypes)}.{nameof(CommuneTypes.Of)}");
        foreach (var label in new[] { "CC", "CA", "CU", "METRO", "MET69" }.Select(EpciTypes.Label))
            keys.TryAdd(label, $"{nameof(EpciTypes)}.{nameof(EpciTypes.Label)}");

        var missing = keys
            .Where(k => !English.Value.TryGetValue(k.Key, out var value) || string.IsNullOrWhiteSpace(value))
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => $"  \"{k.Key}\" (first used in {k.Value})")
            .ToList();

        if (missing.Count > 0)
            Assert.Fail($"{missing.Count} localizer key(s) have no English translation in {EnglishResx}:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void Every_English_translation_keeps_the_placeholders_of_its_French_key()
    {
        var mismatched = new List<string>();
        foreach (var key in FoundKeys.Value.Keys.Order(StringComparer.Ordinal))
        {
            if (!English.Value.TryGetValue(key, out var value)) continue; // reported by the translation test
            var expected = Placeholders(key);
            var actual = Placeholders(value);
            if (!expected.SetEquals(actual))
                mismatched.Add($"  \"{key}\" [{string.Join(' ', expected.Order(StringComparer.Ordinal))}] → \"{value}\" [{string.Join(' ', actual.Order(StringComparer.Ordinal))}]");
        }

        if (mismatched.Count > 0)
            Assert.Fail($"{mismatched.Count} English translation(s) do not have the placeholders of their key:\n{string.Join('\n', mismatched)}");
    }

    [Fact]
    public void No_two_English_keys_differ_only_by_case()
    {
        // The resource compiler keeps one of two names differing only by case and drops the other with a mere
        // warning: the dropped string would then show in French on English pages.
        var clashes = English.Value.Keys.GroupBy(k => k, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => string.Join(" / ", g.Select(k => $"\"{k}\""))).ToList();

        Assert.True(clashes.Count == 0, $"Keys differing only by case in {EnglishResx}:\n{string.Join('\n', clashes)}");
    }

    [Fact]
    public void The_key_scan_finds_the_page_strings()
    {
        // Guards the two tests above: a broken regex or a wrong folder would make them pass on nothing.
        Assert.True(FoundKeys.Value.Count >= 40,
            $"Only {FoundKeys.Value.Count} localizer key(s) found under {AppFolder}: {string.Join(" | ", FoundKeys.Value.Keys)}");
    }

    /// <summary>Every localizer key in the app's .cshtml and .cs files, with where it is first used.</summary>
    private static IReadOnlyDictionary<string, string> ScanKeys()
    {
        var root = RepositoryRoot();
        var app = Path.Combine(root, AppFolder);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = Directory.EnumerateFiles(app, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cshtml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
            .Where(f => !IsBuildOutput(Path.GetRelativePath(app, f)))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (Match match in LocalizerKey().Matches(text))
            {
                var line = 1 + text.AsSpan(0, match.Index).Count('\n');
                keys.TryAdd(Unescape(match.Groups[1].Value), $"{Path.GetRelativePath(root, file).Replace('\\', '/')}:{line}");
            }
        }
        return keys;
    }

    private static bool IsBuildOutput(string relativePath)
    {
        var first = relativePath.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)[0];
        return first is "bin" or "obj";
    }

    private static IReadOnlyDictionary<string, string> LoadEnglish()
    {
        var document = XDocument.Load(Path.Combine(RepositoryRoot(), EnglishResx));
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var data in document.Root!.Elements("data"))
        {
            var name = (string?)data.Attribute("name");
            if (name is null) continue;
            entries[name] = (string?)data.Element("value") ?? "";
        }
        return entries;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CityDiplomacy.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"CityDiplomacy.slnx not found above {AppContext.BaseDirectory}.");
    }

    private static HashSet<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>Undoes the C# escapes a regular string literal may hold (<c>\"</c>, <c>\\</c>, <c>\n</c>…).</summary>
    private static string Unescape(string literal)
    {
        if (!literal.Contains('\\', StringComparison.Ordinal)) return literal;
        var result = new StringBuilder(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            if (literal[i] != '\\' || i + 1 == literal.Length)
            {
                result.Append(literal[i]);
                continue;
            }
            var escaped = literal[++i];
            result.Append(escaped switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                _ => escaped, // \" \\ \'
            });
        }
        return result.ToString();
    }

    /// <summary><c>L["…"]</c> in Razor, <c>l["…"]</c> in C#: the key is the first string literal in the indexer.</summary>
    [GeneratedRegex(@"\b[Ll]\[""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LocalizerKey();

    /// <summary>Composite-format items: {0}, {1,8}, {0:N0}; doubled braces are literal text.</summary>
    [GeneratedRegex(@"(?<!\{)\{\d+(?:,-?\d+)?(?::[^{}]*)?\}")]
    private static partial Regex Placeholder();
}
