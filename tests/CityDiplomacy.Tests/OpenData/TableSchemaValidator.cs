using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CityDiplomacy.Tests.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;

namespace CityDiplomacy.Tests.OpenData;

/// <summary>One error of a table: the row (1 = the header, 2 = the first data row, as Validata and frictionless count) and the field.</summary>
public sealed record TableError(int Row, string Field, string Message)
{
    public override string ToString() => $"ligne {Row}, {Field} : {Message}";
}

/// <summary>
/// A small Frictionless Table Schema validator for the SCDL schemas committed under tests/data/standards/scdl: field
/// names and order, required, pattern, enum, minLength/maxLength, minimum/maximum, the types string (format uri),
/// date, integer, number and boolean (trueValues/falseValues), and the SCDL custom checks the schemas declare:
/// french-siret-value (14 digits, Luhn, La Poste's rule), one-of-required, cohesive-columns-value,
/// compare-columns-value, sum-columns-value, year-interval-value and nomenclature-actes-value. Every error is reported,
/// with its row and field; nothing stops at the first one. Written independently of the app's own code.
/// </summary>
public sealed class TableSchemaValidator
{
    private sealed record Field(string Name, string Type, string? Format, bool Required, Regex? Pattern, string[]? Enum,
        int? MinLength, int? MaxLength, decimal? Minimum, decimal? Maximum, string[] TrueValues, string[] FalseValues);

    private readonly List<Field> _fields = [];
    private readonly List<JsonElement> _customChecks = [];

    public string Name { get; }
    public IReadOnlyList<string> FieldNames => _fields.Select(f => f.Name).ToList();

    private TableSchemaValidator(string name) => Name = name;

    /// <summary>A schema of tests/data/standards/scdl (e.g. « deliberations-2.1.5.schema.json »).</summary>
    public static TableSchemaValidator Scdl(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Repository.TestFile("standards", "scdl", file)));
        var root = document.RootElement;
        var validator = new TableSchemaValidator(root.GetProperty("name").GetString()!);
        foreach (var field in root.GetProperty("fields").EnumerateArray())
        {
            var constraints = field.TryGetProperty("constraints", out var c) ? c : default;
            string? Text(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.GetString() : null;
            decimal? Number(string name) => constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out var v) ? v.GetDecimal() : null;
            int? Int(string name) => constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty(name, out var v) ? v.GetInt32() : null;
            string[]? Strings(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v)
                ? v.EnumerateArray().Select(x => x.GetString()!).ToArray() : null;
            var pattern = Text(constraints, "pattern");
            validator._fields.Add(new Field(
                field.GetProperty("name").GetString()!,
                Text(field, "type") ?? "string",
                Text(field, "format"),
                constraints.ValueKind == JsonValueKind.Object && constraints.TryGetProperty("required", out var r) && r.GetBoolean(),
                // A Table Schema pattern matches the whole value.
                pattern is null ? null : new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant),
                Strings(constraints, "enum"), Int("minLength"), Int("maxLength"), Number("minimum"), Number("maximum"),
                Strings(field, "trueValues") ?? ["true", "True", "TRUE", "1"],
                Strings(field, "falseValues") ?? ["false", "False", "FALSE", "0"]));
        }
        if (root.TryGetProperty("custom_checks", out var checks))
            validator._customChecks.AddRange(checks.EnumerateArray().Select(e => e.Clone()));
        return validator;
    }

    /// <summary>Every error of a CSV file (UTF-8, BOM allowed) with this delimiter.</summary>
    public IReadOnlyList<TableError> ValidateCsv(byte[] csv, string delimiter = ";")
    {
        using var reader = new StreamReader(new MemoryStream(csv), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        using var parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { Delimiter = delimiter });
        var rows = new List<string[]>();
        while (parser.Read()) rows.Add(parser.Record!);
        return Validate(rows);
    }

    /// <summary>Every error of a table given as rows, the header first.</summary>
    public IReadOnlyList<TableError> Validate(IReadOnlyList<string[]> rows)
    {
        var errors = new List<TableError>();
        if (rows.Count == 0)
        {
            errors.Add(new(1, "*", "fichier vide : pas d'en-tête"));
            return errors;
        }
        var header = rows[0];
        for (var i = 0; i < Math.Max(header.Length, _fields.Count); i++)
        {
            var expected = i < _fields.Count ? _fields[i].Name : null;
            var actual = i < header.Length ? header[i] : null;
            if (expected != actual)
                errors.Add(new(1, expected ?? actual!, $"colonne {i + 1} : « {actual} » au lieu de « {expected} » (noms et ordre du schéma)"));
        }
        if (errors.Count > 0) return errors;

        for (var r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            var number = r + 1;
            if (row.Length != _fields.Count)
            {
                errors.Add(new(number, "*", $"{row.Length} cellules au lieu de {_fields.Count}"));
                continue;
            }
            var cells = _fields.Select((f, i) => (f.Name, Value: row[i])).ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
            for (var i = 0; i < _fields.Count; i++) CheckCell(_fields[i], row[i], number, errors);
            foreach (var check in _customChecks) CustomCheck(check, cells, number, errors);
        }
        return errors;
    }

    private static void CheckCell(Field field, string value, int row, List<TableError> errors)
    {
        void Error(string message) => errors.Add(new(row, field.Name, message));
        if (value.Length == 0)
        {
            if (field.Required) Error("valeur obligatoire manquante");
            return;
        }
        switch (field.Type)
        {
            case "date" when !DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                Error($"« {value} » n'est pas une date AAAA-MM-JJ");
                return;
            case "integer" when !Regex.IsMatch(value, "^[+-]?[0-9]+$"):
                Error($"« {value} » n'est pas un entier");
                return;
            case "number" when !Regex.IsMatch(value, @"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"):
                Error($"« {value} » n'est pas un nombre (séparateur décimal : le point)");
                return;
            case "boolean" when !field.TrueValues.Contains(value) && !field.FalseValues.Contains(value):
                Error($"« {value} » n'est pas un booléen admis ({string.Join(", ", field.TrueValues.Concat(field.FalseValues))})");
                return;
        }
        if (field.Format == "uri" && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme.Length > 0))
            Error($"« {value} » n'est pas une URI");
        if (field.Pattern is { } pattern && !pattern.IsMatch(value))
            Error($"« {value} » ne suit pas le motif {pattern}");
        if (field.Enum is { } allowed && !allowed.Contains(value))
            Error($"« {value} » n'est pas une valeur admise ({string.Join(" | ", allowed)})");
        if (field.MaxLength is { } max && value.Length > max)
            Error($"{value.Length} caractères pour {max} au plus");
        if (field.MinLength is { } min && value.Length < min)
            Error($"{value.Length} caractères pour {min} au moins");
        if ((field.Minimum is not null || field.Maximum is not null) && decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            if (number < field.Minimum) Error($"{value} est inférieur au minimum {field.Minimum}");
            if (number > field.Maximum) Error($"{value} est supérieur au maximum {field.Maximum}");
        }
    }

    /// <summary>The first-level names of the ACTES nomenclature (the part of DELIB_MATIERE_NOM before « / »).</summary>
    private static readonly string[] ActesMatieres =
    [
        "commande publique", "urbanisme", "domaine et patrimoine", "fonction publique", "institutions et vie politique",
        "libertes publiques et pouvoirs de police", "finances locales", "domaines de competences par themes", "autres domaines de competences",
    ];

    private static void CustomCheck(JsonElement check, Dictionary<string, string> cells, int row, List<TableError> errors)
    {
        var parameters = check.GetProperty("params");
        string P(string name) => parameters.GetProperty(name).GetString()!;
        string Cell(string column) => cells.TryGetValue(column, out var v) ? v : "";
        switch (check.GetProperty("name").GetString())
        {
            case "french-siret-value":
            {
                var value = Cell(P("column"));
                if (value.Length > 0 && !IsSiret(value)) errors.Add(new(row, P("column"), $"« {value} » n'est pas un SIRET valide (clé de Luhn)"));
                break;
            }
            case "one-of-required":
                if (Cell(P("column1")).Length == 0 && Cell(P("column2")).Length == 0)
                    errors.Add(new(row, P("column1"), $"{P("column1")} ou {P("column2")} doit être renseigné"));
                break;
            case "cohesive-columns-value":
            {
                var columns = new[] { P("column") }.Concat(parameters.GetProperty("othercolumns").EnumerateArray().Select(c => c.GetString()!)).ToList();
                var filled = columns.Count(c => Cell(c).Length > 0);
                if (filled > 0 && filled < columns.Count)
                    errors.Add(new(row, P("column"), $"{string.Join(", ", columns)} : toutes renseignées ou toutes vides"));
                break;
            }
            case "compare-columns-value":
            {
                var (a, b) = (Cell(P("column")), Cell(P("column2")));
                if (a.Length == 0 || b.Length == 0) break;
                var order = decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && decimal.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var y)
                    ? x.CompareTo(y) : string.CompareOrdinal(a, b);
                var ok = P("op") switch { ">=" => order >= 0, ">" => order > 0, "<=" => order <= 0, "<" => order < 0, "==" => order == 0, _ => true };
                if (!ok) errors.Add(new(row, P("column"), $"{P("column")} ({a}) {P("op")} {P("column2")} ({b}) n'est pas vérifié"));
                break;
            }
            case "sum-columns-value":
            {
                var total = Cell(P("column"));
                var parts = parameters.GetProperty("columns").EnumerateArray().Select(c => Cell(c.GetString()!)).ToList();
                if (total.Length == 0 || parts.Any(p => p.Length == 0)) break;
                if (!long.TryParse(total, CultureInfo.InvariantCulture, out var sum) || parts.Sum(p => long.TryParse(p, CultureInfo.InvariantCulture, out var v) ? v : 0) != sum)
                    errors.Add(new(row, P("column"), $"{P("column")} ({total}) n'est pas la somme de ses colonnes"));
                break;
            }
            case "year-interval-value":
            {
                var value = Cell(P("column"));
                if (value.Length == 0) break;
                var years = value.Split('/');
                if (years.Length == 2 && string.CompareOrdinal(years[0], years[1]) >= 0)
                    errors.Add(new(row, P("column"), $"« {value} » : la première année doit précéder la seconde"));
                break;
            }
            case "nomenclature-actes-value":
            {
                var value = Cell(P("column"));
                if (value.Length == 0) break;
                var slash = value.IndexOf('/', StringComparison.Ordinal);
                var first = Fold(slash < 0 ? value : value[..slash]);
                if (slash < 0 || !ActesMatieres.Contains(first))
                    errors.Add(new(row, P("column"), $"« {value} » ne commence pas par une matière de la nomenclature ACTES suivie de « / »"));
                break;
            }
            default:
                throw new InvalidOperationException($"Contrôle personnalisé inconnu du validateur : {check.GetProperty("name").GetString()}");
        }
    }

    /// <summary>14 digits, Luhn; La Poste's establishments (SIREN 356000000): the sum of the digits is a multiple of 5.</summary>
    public static bool IsSiret(string value)
    {
        if (value.Length != 14 || !value.All(char.IsAsciiDigit)) return false;
        if (value.StartsWith("356000000", StringComparison.Ordinal) && value != "35600000000048")
            return value.Sum(c => c - '0') % 5 == 0;
        var sum = 0;
        for (var i = 0; i < 14; i++)
        {
            var d = value[13 - i] - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static string Fold(string text)
    {
        var decomposed = text.Trim().ToLowerInvariant().Normalize(NormalizationForm.FormD);
        return new string(decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark).ToArray());
    }
}
