using System.Globalization;

namespace CityDiplomacy.Reference;

/// <summary>Streams a shipped TSV file (header line, tab-separated, no quoting) row by row.</summary>
internal sealed class TsvFile(string fileName, TextReader reader)
{
    private Dictionary<string, int>? _columns;
    private string[] _fields = [];

    public int Line { get; private set; }

    public async IAsyncEnumerable<TsvFile> RowsAsync(IReadOnlyCollection<string> requiredColumns)
    {
        var header = await reader.ReadLineAsync() ?? throw Error("fichier vide (en-tête attendu)");
        Line = 1;
        _columns = header.Split('\t').Select((name, index) => (name, index)).ToDictionary(c => c.name, c => c.index);
        var missing = requiredColumns.Where(c => !_columns.ContainsKey(c)).ToList();
        if (missing.Count > 0) throw Error($"colonnes manquantes dans l'en-tête : {string.Join(", ", missing)}");
        while (await reader.ReadLineAsync() is { } line)
        {
            Line++;
            if (line.Length == 0) continue;
            _fields = line.Split('\t');
            if (_fields.Length != _columns.Count)
                throw Error($"{_fields.Length} champs au lieu de {_columns.Count}");
            yield return this;
        }
    }

    public string? Text(string column)
    {
        var value = _fields[_columns![column]];
        return value.Length == 0 ? null : value;
    }

    public string Required(string column) => Text(column) ?? throw Error($"champ « {column} » vide");

    public int? Int(string column) => Parse(column, static s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public long? Long(string column) => Parse(column, static s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture));

    public double? Double(string column) => Parse(column, static s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));

    private T? Parse<T>(string column, Func<string, T> parse) where T : struct
    {
        var text = Text(column);
        if (text is null) return null;
        try { return parse(text); }
        catch (FormatException) { throw Error($"champ « {column} » : valeur « {text} » illisible"); }
        catch (OverflowException) { throw Error($"champ « {column} » : valeur « {text} » hors limites"); }
    }

    public InvalidDataException Error(string message) => new($"{fileName}, ligne {Line} : {message}");
}
