namespace CityDiplomacy.OpenData;

/// <summary>
/// A cell whose column a schema defines as an identifier (SCDL DELIB_ID, COLL_SIRET, referenceDecision…): written as
/// it is whenever it cannot run as a formula (<see cref="SpreadsheetCells.IsInertIdentifier"/>), so « +DCM-2021-06 »
/// stays the deliberation's reference; anything else is neutralised like free text.
/// </summary>
public readonly record struct IdentifierCell(string Value);

/// <summary>Cells written for spreadsheets (CSV and XLSX exports, the resolve verb's output).</summary>
public static class SpreadsheetCells
{
    /// <summary>A cell a spreadsheet would run as a formula (= + - @, tab, carriage return) is prefixed with « ' ».</summary>
    /// Control characters and bidirectional overrides are removed (<see cref="Engagements.TextRule.ForDisplay"/>).
    public static string Neutralise(string cell)
    {
        cell = Engagements.TextRule.ForDisplay(cell);
        return cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + cell : cell;
    }

    /// <summary>An identifier cell: kept as it is when inert, else neutralised (<see cref="IdentifierCell"/>).</summary>
    public static string NeutraliseIdentifier(string cell)
    {
        cell = Engagements.TextRule.ForDisplay(cell);
        return IsInertIdentifier(cell) ? cell : Neutralise(cell);
    }

    /// <summary>
    /// Whether an identifier can be left as it is: it does not start with « = » or « @ » (a formula or a function in every
    /// spreadsheet) and holds only letters, digits, spaces and - + _ / . , ; # ° : with no parenthesis, quote, « ! », « | »
    /// or « & », a cell starting with + or - can at worst compute arithmetic on its own text (« +DCM-2021-06 » shows
    /// #NAME?), never call a function, another program (DDE) or an address.
    /// </summary>
    public static bool IsInertIdentifier(string cell) =>
        cell.Length > 0 && cell[0] is not ('=' or '@')
        && cell.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '+' or '_' or '/' or '.' or ',' or ';' or '#' or '°');
}
