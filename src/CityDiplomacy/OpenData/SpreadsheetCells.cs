namespace CityDiplomacy.OpenData;

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
}
