using System.CommandLine;

namespace Pix2Pix.Cli.Commands;

/// <summary>The flags and progress display shared by <c>datasets download</c> and <c>models download</c>.</summary>
internal static class DownloadOptions
{
    /// <summary><c>--dir</c>, refused at parse time (exit 2) when empty.</summary>
    public static Option<string> Dir(string defaultValue, string description)
    {
        var dir = new Option<string>("--dir") { Description = description, DefaultValueFactory = _ => defaultValue };
        dir.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
                r.AddError($"--dir is empty; give a folder such as {defaultValue}.");
        });
        return dir;
    }

    /// <summary><c>--base_url</c>, refused at parse time (exit 2) unless it is an absolute http(s) address.</summary>
    public static Option<string?> BaseUrl(string description, string defaultUrl)
    {
        var baseUrl = new Option<string?>("--base_url") { Description = description };
        baseUrl.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } url && !IsHttp(url))
                r.AddError(NotHttp(url, defaultUrl));
        });
        return baseUrl;
    }

    /// <summary>The server to use: the flag, else the environment variable (checked here), else the authors' server.</summary>
    public static string ResolveBaseUrl(string? fromOption, string variable, string defaultUrl)
    {
        if (!string.IsNullOrWhiteSpace(fromOption))
            return fromOption;
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } fromEnv)
            return defaultUrl;
        if (!IsHttp(fromEnv))
            throw new ArgumentException($"${variable} is set to {NotHttp(fromEnv, defaultUrl)}");
        return fromEnv;
    }

    /// <summary>A redrawn bar when standard error is the terminal, otherwise short log lines.</summary>
    public static DatasetsDownloadProgress Progress(TextWriter error) =>
        new(error, interactive: ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected);

    private static bool IsHttp(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string NotHttp(string url, string defaultUrl) =>
        $"'{url}' is not an http(s) address; give --base_url like {defaultUrl}.";
}
