namespace Pix2Pix.Imaging.Jpeg;

/// <summary>The frame header (SOF) and the geometry derived from it, as libjpeg's jdinput.c computes it.</summary>
internal sealed class JpegFrame
{
    public JpegFrame(int width, int height, bool progressive, JpegComponent[] components)
    {
        Width = width;
        Height = height;
        Progressive = progressive;
        Components = components;
        MaxH = components.Max(c => c.H);
        MaxV = components.Max(c => c.V);
        McusX = DivUp(width, 8 * MaxH);
        McusY = DivUp(height, 8 * MaxV);
        foreach (JpegComponent c in components)
        {
            c.Width = DivUp(width * c.H, MaxH);
            c.Height = DivUp(height * c.V, MaxV);
            c.BlocksWide = DivUp(c.Width, 8);
            c.BlocksHigh = DivUp(c.Height, 8);
            c.BlocksPerLine = McusX * c.H;
            c.BlocksPerColumn = McusY * c.V;
        }
    }

    public int Width { get; }

    public int Height { get; }

    public bool Progressive { get; }

    public JpegComponent[] Components { get; }

    public int MaxH { get; }

    public int MaxV { get; }

    /// <summary>MCUs per row and per column of an interleaved scan.</summary>
    public int McusX { get; }

    public int McusY { get; }

    /// <summary>Coefficient storage for every component (2 bytes per coefficient), checked against limits first.</summary>
    public long CoefficientCount => Components.Sum(c => (long)c.BlocksPerLine * c.BlocksPerColumn * 64);

    public void AllocateCoefficients()
    {
        foreach (JpegComponent c in Components)
            c.Coefficients = new short[c.BlocksPerLine * c.BlocksPerColumn * 64];
    }

    public static int DivUp(int a, int b) => (int)(((long)a + b - 1) / b);
}

/// <summary>One colour component: sampling factors, tables and its quantised DCT coefficients (natural order).</summary>
internal sealed class JpegComponent
{
    public JpegComponent(int id, int h, int v, int quantTableId)
    {
        Id = id;
        H = h;
        V = v;
        QuantTableId = quantTableId;
    }

    public int Id { get; }

    public int H { get; }

    public int V { get; }

    public int QuantTableId { get; }

    /// <summary>The quantisation table (natural order), latched when the component first appears in a scan.</summary>
    public ushort[]? Quant { get; set; }

    /// <summary>Size of the (downsampled) component plane in samples.</summary>
    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>Blocks that hold image data: a non-interleaved scan covers exactly these.</summary>
    public int BlocksWide { get; set; }

    public int BlocksHigh { get; set; }

    /// <summary>Allocated blocks, padded to whole MCUs for interleaved scans.</summary>
    public int BlocksPerLine { get; set; }

    public int BlocksPerColumn { get; set; }

    public short[] Coefficients { get; set; } = [];

    public JpegHuffmanTable? DcTable { get; set; }

    public JpegHuffmanTable? AcTable { get; set; }

    public int DcPredictor { get; set; }

    public bool SeenInScan { get; set; }
}
