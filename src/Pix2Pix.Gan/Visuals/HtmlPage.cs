using System.Net;
using System.Text;

namespace Pix2Pix.Gan.Visuals;

/// <summary>
/// A static results page like the reference's <c>util/html.py</c>: a title, then sections, each a header and a row
/// of images with captions. Image paths are relative to the page.
/// </summary>
internal sealed class HtmlPage
{
    private readonly StringBuilder _top = new();
    private readonly StringBuilder _body = new();

    public HtmlPage(string title, int refreshSeconds = 0)
    {
        Title = title;
        RefreshSeconds = refreshSeconds;
    }

    public string Title { get; }

    public int RefreshSeconds { get; }

    public void AddHeader(string text) => _body.Append("<h3>").Append(WebUtility.HtmlEncode(text)).Append("</h3>\n");

    public void AddParagraph(string text) => _body.Append("<p>").Append(WebUtility.HtmlEncode(text)).Append("</p>\n");

    /// <summary>Raw HTML written by our own code (tables of metrics, a legend).</summary>
    public void AddHtml(string html) => _body.Append(html).Append('\n');

    /// <summary>Raw HTML shown right under the title, before every section added so far or later (a summary table).</summary>
    internal void AddHtmlAtTop(string html) => _top.Append(html).Append('\n');

    public void AddImages(IEnumerable<(string Path, string Caption)> images, int width)
    {
        ArgumentNullException.ThrowIfNull(images);
        _body.Append("<table style=\"table-layout: fixed;\"><tr>\n");
        foreach (var (path, caption) in images)
        {
            string src = WebUtility.HtmlEncode(path.Replace('\\', '/'));
            _body.Append("<td style=\"word-wrap: break-word;\" halign=\"center\" valign=\"top\"><p>")
                .Append("<a href=\"").Append(src).Append("\"><img style=\"width:").Append(width).Append("px\" src=\"").Append(src).Append("\"></a><br>")
                .Append(WebUtility.HtmlEncode(caption)).Append("</p></td>\n");
        }
        _body.Append("</tr></table>\n");
    }

    public string Render()
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(Title)).Append("</title>\n");
        if (RefreshSeconds > 0)
            sb.Append("<meta http-equiv=\"refresh\" content=\"").Append(RefreshSeconds).Append("\">\n");
        sb.Append("<style>body{font-family:sans-serif} table{border-collapse:collapse} td{padding:4px} .metrics td,.metrics th{border:1px solid #ccc;padding:4px 8px}</style>\n");
        sb.Append("</head>\n<body>\n<h2>").Append(WebUtility.HtmlEncode(Title)).Append("</h2>\n");
        sb.Append(_top);
        sb.Append(_body);
        sb.Append("</body>\n</html>\n");
        return sb.ToString();
    }

    /// <summary>Writes the page atomically (a reader never sees half a page).</summary>
    public void Save(string path)
    {
        string full = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        string tmp = full + ".tmp";
        File.WriteAllText(tmp, Render());
        File.Move(tmp, full, overwrite: true);
    }
}
