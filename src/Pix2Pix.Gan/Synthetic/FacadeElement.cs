namespace Pix2Pix.Gan.Synthetic;

/// <summary>
/// One rectangle of a synthetic facade: pixels [<see cref="X0"/>, <see cref="X1"/>) × [<see cref="Y0"/>,
/// <see cref="Y1"/>) take class <see cref="Class"/>. Elements are painted in order, later ones on top.
/// </summary>
internal readonly record struct FacadeElement(FacadeClass Class, int X0, int Y0, int X1, int Y1)
{
    public int Width => X1 - X0;

    public int Height => Y1 - Y0;
}
