namespace CityDiplomacy.Pages.Accounts;

/// <summary>
/// The errors of a form, each tied to the id of the field it is about or to the whole form. The summary lists them
/// (linking to the fields); a field names its own message and the form's with aria-describedby.
/// </summary>
public sealed class FormErrors
{
    /// <summary>The id of the summary line holding the error about the whole form.</summary>
    public const string FormMessageId = "formulaire-erreur";

    private readonly List<(string? Field, string Message)> _errors = [];

    public IReadOnlyList<(string? Field, string Message)> All => _errors;
    public bool Any => _errors.Count > 0;

    public void Add(string? field, string message) => _errors.Add((field, message));

    public string? For(string field) => _errors.FirstOrDefault(e => e.Field == field).Message;

    /// <summary>The id of the message shown under the field.</summary>
    public static string MessageId(string field) => field + "-erreur";

    /// <summary>The aria-describedby value of a field: its hint, its error and the form's error, when present.</summary>
    public string? DescribedBy(string field, string? hint = null)
    {
        var ids = new List<string>();
        if (hint is not null) ids.Add(hint);
        if (For(field) is not null) ids.Add(MessageId(field));
        if (_errors.Any(e => e.Field is null)) ids.Add(FormMessageId);
        return ids.Count == 0 ? null : string.Join(' ', ids);
    }

    public string Invalid(string field) => For(field) is not null || _errors.Any(e => e.Field is null) ? "true" : "false";
}
