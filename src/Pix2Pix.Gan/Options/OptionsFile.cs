using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pix2Pix.Gan.Options;

/// <summary>
/// Writes and reads a run's options: <c>options.json</c> (every flag, so test/translate/continue need no repeated
/// flags) and <c>train_opt.txt</c> in the reference's layout (non-defaults marked).
/// </summary>
internal static class OptionsFile
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string ToJson(BaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var obj = new JsonObject();
        foreach (var spec in options.Specs)
        {
            object v = spec.Get(options);
            obj[spec.Flag] = v switch
            {
                bool b => JsonValue.Create(b),
                int i => i == int.MaxValue ? JsonValue.Create("inf") : JsonValue.Create(i),
                float f => JsonValue.Create(f),
                double d => JsonValue.Create(d),
                _ => JsonValue.Create(Convert.ToString(v, CultureInfo.InvariantCulture)),
            };
        }
        return obj.ToJsonString(Indented);
    }

    /// <summary>Fills <paramref name="target"/> from options.json text; flags the target does not have are ignored.</summary>
    public static void FromJson(string json, BaseOptions target, string sourceName, ISet<string>? except = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        JsonObject obj;
        try
        {
            obj = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("not a JSON object");
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            throw new FormatException($"{sourceName} is not a valid options file ({ex.Message}); it is written by 'pix2pix train' — retrain or fix the file.", ex);
        }
        foreach (var spec in target.Specs)
        {
            if (except?.Contains(spec.Flag) == true || !obj.TryGetPropertyValue(spec.Flag, out var node) || node is null)
                continue;
            string text = node.GetValueKind() switch
            {
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.String => node.GetValue<string>(),
                _ => node.ToJsonString(),
            };
            spec.Set(target, spec.Parse(text));
        }
    }

    /// <summary>The reference's <c>print_options</c> text: sorted flags, "[default: x]" after changed values.</summary>
    public static string ToText(BaseOptions options, BaseOptions defaults)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(defaults);
        var sb = new StringBuilder();
        sb.Append("----------------- Options ---------------\n");
        foreach (var spec in options.Specs.OrderBy(s => s.Flag, StringComparer.Ordinal))
        {
            string value = spec.Format(options);
            string def = spec.Format(defaults);
            string comment = value == def ? "" : $"\t[default: {def}]";
            sb.Append(CultureInfo.InvariantCulture, $"{spec.Flag,25}: {value,-30}{comment}\n");
        }
        sb.Append("----------------- End -------------------\n");
        return sb.ToString();
    }
}
