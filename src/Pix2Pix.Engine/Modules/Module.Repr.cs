using System.Globalization;
using System.Text;

namespace Pix2Pix.Engine.Modules;

/// <summary>PyTorch-style printing of a module tree (what <c>print(net)</c> shows in the reference).</summary>
internal abstract partial class Module
{
    /// <summary>The text inside the parentheses of a leaf layer, e.g. <c>3, 64, kernel_size=(4, 4), stride=(2, 2)</c>.</summary>
    protected virtual string ExtraRepr() => "";

    /// <summary>The module tree as PyTorch prints it: the class name, then "(name): child" lines indented by two spaces.</summary>
    public override string ToString()
    {
        var extra = ExtraRepr();
        if (_children.Count == 0)
            return $"{GetType().Name}({extra})";
        var sb = new StringBuilder();
        sb.Append(GetType().Name).Append('(');
        if (extra.Length > 0)
            sb.Append('\n').Append("  ").Append(extra);
        foreach (var (name, child) in _children)
        {
            var text = child.ToString().Replace("\n", "\n  ", StringComparison.Ordinal);
            sb.Append('\n').Append("  (").Append(name).Append("): ").Append(text);
        }
        sb.Append("\n)");
        return sb.ToString();
    }

    /// <summary>Formats a float as Python's repr does for the usual hyper-parameters (0.2, 1e-05).</summary>
    protected static string PyFloat(float value)
    {
        string s = ((double)(decimal)value).ToString("R", CultureInfo.InvariantCulture);
        if (s.Contains('E', StringComparison.Ordinal))
        {
            var parts = s.Split('E');
            int exp = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return $"{parts[0]}e{(exp < 0 ? "-" : "+")}{Math.Abs(exp):00}";
        }
        return s.Contains('.', StringComparison.Ordinal) ? s : s + ".0";
    }

    protected static string PyBool(bool value) => value ? "True" : "False";
}
