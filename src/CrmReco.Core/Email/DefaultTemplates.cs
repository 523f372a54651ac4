namespace CrmReco.Core.Email;

/// <summary>The built-in "default" template in French and English. Used until someone saves a template of
/// the same name in the database (reads never write, so nothing is seeded by a read).</summary>
internal static class DefaultTemplates
{
    public const string Name = "default";

    /// <summary>The Loi Évin health message every email carries, word for word.</summary>
    public const string EvinMessage = "L'abus d'alcool est dangereux pour la santé, à consommer avec modération.";

    public static EmailTemplateSource? Get(string name, string language) => !string.Equals(name, Name, StringComparison.Ordinal) ? null : language switch
    {
        "fr" => new(Name, "fr", "Nos vins choisis pour vous", FrHtml, FrText),
        "en" => new(Name, "en", "Our wines picked for you", EnHtml, EnText),
        _ => null,
    };

    private const string FrHtml = """
        <!DOCTYPE html>
        <html lang="fr"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
        <body style="font-family: Georgia, serif; color: #2b2b2b; max-width: 600px; margin: auto;">
        <p>{{ greeting }}</p>
        <p>Voici les vins que {{ estate.name }} a choisis pour vous :</p>
        <ul>
        {% for wine in wines %}<li><a href="{{ wine.url }}">{{ wine.label }}{% if wine.vintage %} {{ wine.vintage }}{% endif %}</a>{% if wine.price %} — {{ wine.price }}{% endif %}<br><small>{{ wine.reason }}</small></li>
        {% endfor %}</ul>
        <p>Au plaisir de vous retrouver au domaine,<br>{{ estate.name }}</p>
        <hr>
        <p style="font-size: 12px;">{{ evin }}</p>
        <p style="font-size: 12px;">{{ estate.name }} — {{ estate.address }}<br>
        Vous recevez ce message en tant que client du domaine. <a href="{{ unsubscribe_url }}">Se désinscrire</a></p>
        </body></html>
        """;

    private const string FrText = """
        {{ greeting }}

        Voici les vins que {{ estate.name }} a choisis pour vous :
        {% for wine in wines %}
        - {{ wine.label }}{% if wine.vintage %} {{ wine.vintage }}{% endif %}{% if wine.price %} — {{ wine.price }}{% endif %}
          {{ wine.reason }}
          {{ wine.url }}
        {% endfor %}
        Au plaisir de vous retrouver au domaine,
        {{ estate.name }}

        {{ evin }}
        {{ estate.name }} — {{ estate.address }}
        Se désinscrire : {{ unsubscribe_url }}
        """;

    private const string EnHtml = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
        <body style="font-family: Georgia, serif; color: #2b2b2b; max-width: 600px; margin: auto;">
        <p>{{ greeting }}</p>
        <p>Here are the wines {{ estate.name }} picked for you:</p>
        <ul>
        {% for wine in wines %}<li><a href="{{ wine.url }}">{{ wine.label }}{% if wine.vintage %} {{ wine.vintage }}{% endif %}</a>{% if wine.price %} — {{ wine.price }}{% endif %}<br><small>{{ wine.reason }}</small></li>
        {% endfor %}</ul>
        <p>We look forward to seeing you at the estate,<br>{{ estate.name }}</p>
        <hr>
        <p style="font-size: 12px;">{{ evin }}</p>
        <p style="font-size: 12px;">{{ estate.name }} — {{ estate.address }}<br>
        You receive this message as a customer of the estate. <a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
        </body></html>
        """;

    private const string EnText = """
        {{ greeting }}

        Here are the wines {{ estate.name }} picked for you:
        {% for wine in wines %}
        - {{ wine.label }}{% if wine.vintage %} {{ wine.vintage }}{% endif %}{% if wine.price %} — {{ wine.price }}{% endif %}
          {{ wine.reason }}
          {{ wine.url }}
        {% endfor %}
        We look forward to seeing you at the estate,
        {{ estate.name }}

        {{ evin }}
        {{ estate.name }} — {{ estate.address }}
        Unsubscribe: {{ unsubscribe_url }}
        """;
}

/// <summary>A template's sources in one language.</summary>
public sealed record EmailTemplateSource(string Name, string Language, string Subject, string Html, string Text);
