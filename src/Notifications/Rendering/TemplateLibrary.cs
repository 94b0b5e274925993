using Municipal.Notifications.Domain;
using System.Collections.Frozen;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Municipal.Notifications.Rendering;

/// <summary>
/// The words of every notice, read from the template files under <c>Templates/</c> (embedded in the
/// assembly): <c>{language}/{kind}.txt</c> with the sections <c>subject</c>, <c>text</c>, <c>html</c> and
/// <c>short</c>, the mail layout <c>layout.html</c>, and the labels of codes (<c>labels.{language}.json</c>).
/// </summary>
/// <remarks>
/// A template says <c>{{key}}</c> where a value goes. A line that names a value which is absent for this
/// notice (null or empty, e.g. a request without a note) is left out whole. Naming a key the notice does not
/// provide at all is an error in the template, found by the test that renders every template.
/// </remarks>
public sealed partial class TemplateLibrary
{
    public static readonly string[] SectionNames = ["subject", "text", "html", "short"];

    /// <summary>A label file naming a code twice is refused at load: which of the two a notice would say is anyone's guess.</summary>
    private static readonly JsonSerializerOptions LabelFile = new() { AllowDuplicateProperties = false };
    private const string Prefix = "Templates/";

    private readonly FrozenDictionary<(string Kind, string Language), Template> _templates;
    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _labels;
    private readonly string _layout;

    private TemplateLibrary(
        FrozenDictionary<(string, string), Template> templates, FrozenDictionary<string, FrozenDictionary<string, string>> labels, string layout)
    {
        _templates = templates;
        _labels = labels;
        _layout = layout;
    }

    public IReadOnlyCollection<string> Kinds => _templates.Keys.Select(k => k.Kind).Distinct().Order(StringComparer.Ordinal).ToList();

    public static TemplateLibrary LoadEmbedded() => Load(typeof(TemplateLibrary).Assembly);

    public static TemplateLibrary Load(Assembly assembly)
    {
        string Read(string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)
                ?? throw new InvalidOperationException($"Template resource {name} is missing.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        }

        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToList();
        var templates = new Dictionary<(string, string), Template>();
        foreach (var name in names.Where(n => n.EndsWith(".txt", StringComparison.Ordinal)))
        {
            var parts = name[Prefix.Length..^".txt".Length].Split('/');
            if (parts.Length != 2 || !Languages.All.Contains(parts[0]))
            {
                throw new InvalidOperationException($"Template {name} is not named Templates/<language>/<kind>.txt.");
            }

            templates[(parts[1], parts[0])] = Template.Parse(name, Read(name));
        }

        var labels = Languages.All.ToFrozenDictionary(
            language => language,
            language => (JsonSerializer.Deserialize<Dictionary<string, string>>(Read($"{Prefix}labels.{language}.json"), LabelFile) ?? [])
                .ToFrozenDictionary(StringComparer.Ordinal));
        return new TemplateLibrary(templates.ToFrozenDictionary(), labels, Read($"{Prefix}layout.html"));
    }

    public bool Has(string kind, string language) => _templates.ContainsKey((kind, language));

    /// <summary>The label of a code in a language, e.g. <c>category.drainage</c> → ท่อระบายน้ำ; the code itself when there is none.</summary>
    public string Label(string language, string key, string fallback) =>
        _labels.TryGetValue(language, out var labels) && labels.TryGetValue(key, out var label) ? label : fallback;

    /// <summary>Every label key in a language, for the test that both languages name the same codes.</summary>
    public IReadOnlyCollection<string> LabelKeys(string language) => _labels[language].Keys;

    public RenderedMessage Render(string kind, string language, IReadOnlyDictionary<string, string?> values)
    {
        language = Languages.Normalize(language);
        if (!_templates.TryGetValue((kind, language), out var template))
        {
            throw new InvalidOperationException($"There is no {language} template for '{kind}'.");
        }

        var subject = string.Join(" ", Fill(template, "subject", values, html: false)).Trim();
        var text = string.Join("\n", Fill(template, "text", values, html: false)).Trim();
        var body = string.Join("\n", Fill(template, "html", values, html: true)).Trim();
        var shortText = string.Join(" ", Fill(template, "short", values, html: false)).Trim();
        var layoutValues = new Dictionary<string, string?>
        {
            ["language"] = language,
            ["title"] = WebUtility.HtmlEncode(subject),
            ["sender"] = WebUtility.HtmlEncode(Label(language, "sender", "")),
            ["content"] = body,
        };
        var html = Placeholder().Replace(_layout, m => layoutValues.TryGetValue(m.Groups[1].Value, out var v)
            ? v ?? ""
            : throw new InvalidOperationException($"layout.html names an unknown value '{m.Groups[1].Value}'."));
        return new RenderedMessage(language, subject, Collapse(text), html, shortText);
    }

    private static IEnumerable<string> Fill(Template template, string section, IReadOnlyDictionary<string, string?> values, bool html)
    {
        foreach (var line in template.Sections[section])
        {
            var missing = false;
            var filled = Placeholder().Replace(line, match =>
            {
                var key = match.Groups[1].Value;
                if (!values.TryGetValue(key, out var value))
                {
                    throw new InvalidOperationException($"Template {template.Name} ({section}) names '{key}', which this notice does not provide.");
                }

                if (string.IsNullOrWhiteSpace(value))
                {
                    missing = true;
                    return "";
                }

                return html ? WebUtility.HtmlEncode(value) : value;
            });
            if (!missing)
            {
                yield return filled;
            }
        }
    }

    /// <summary>No more than one empty line in a row, where optional lines were left out.</summary>
    private static string Collapse(string text) => BlankLines().Replace(text, "\n\n");

    /// <summary>The keys a template names in every section, for tests.</summary>
    public IReadOnlySet<string> KeysOf(string kind, string language) => _templates[(kind, language)].Sections.Values
        .SelectMany(lines => lines)
        .SelectMany(line => Placeholder().Matches(line).Select(m => m.Groups[1].Value))
        .ToHashSet();

    [GeneratedRegex(@"\{\{([a-z0-9.\-]+)\}\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\n{3,}")]
    private static partial Regex BlankLines();

    private sealed record Template(string Name, IReadOnlyDictionary<string, IReadOnlyList<string>> Sections)
    {
        public static Template Parse(string name, string content)
        {
            var sections = new Dictionary<string, List<string>>();
            List<string>? current = null;
            foreach (var line in content.Split('\n'))
            {
                if (line.StartsWith("=== ", StringComparison.Ordinal))
                {
                    var section = line[4..].Trim();
                    if (!SectionNames.Contains(section) || sections.ContainsKey(section))
                    {
                        throw new InvalidOperationException($"Template {name} has an unknown or repeated section '{section}'.");
                    }

                    current = sections[section] = [];
                }
                else if (current is not null)
                {
                    current.Add(line);
                }
                else if (line.Length > 0)
                {
                    throw new InvalidOperationException($"Template {name} has text before its first section.");
                }
            }

            var missing = SectionNames.Except(sections.Keys).ToList();
            if (missing.Count > 0)
            {
                throw new InvalidOperationException($"Template {name} lacks the section(s) {string.Join(", ", missing)}.");
            }

            return new Template(name, sections.ToDictionary(s => s.Key, s => (IReadOnlyList<string>)s.Value));
        }
    }
}
