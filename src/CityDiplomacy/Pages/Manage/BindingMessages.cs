using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace CityDiplomacy.Pages.Manage;

/// <summary>
/// The messages shown when a posted value cannot be read at all (a word in a number field), in the page's language
/// and next to the field instead of MVC's English defaults. Dates are text in the inputs: their own validation
/// names an impossible one.
/// </summary>
internal sealed class BindingMessages(IStringLocalizer<SharedResource> l) : IConfigureOptions<MvcOptions>
{
    public void Configure(MvcOptions options)
    {
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, _) => Invalid(value));
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(Invalid);
        messages.SetUnknownValueIsInvalidAccessor(_ => l["Cette valeur n'est pas valide."]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["Cette valeur n'est pas valide."]);
        messages.SetValueIsInvalidAccessor(Invalid);
        messages.SetValueMustBeANumberAccessor(_ => l["Saisissez un nombre."]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => l["Saisissez un nombre."]);
        messages.SetValueMustNotBeNullAccessor(_ => l["Ce champ est obligatoire."]);
        messages.SetMissingBindRequiredValueAccessor(_ => l["Ce champ est obligatoire."]);
        messages.SetMissingKeyOrValueAccessor(() => l["Ce champ est obligatoire."]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => l["Le formulaire est vide."]);
    }

    private string Invalid(string value) => l["« {0} » n'est pas une valeur valide.", value];
}
