namespace Pix2Pix.Imaging.Jpeg;

/// <summary>Marker codes (the byte after 0xFF) and the scan for the next marker.</summary>
internal static class JpegMarkers
{
    public const int Sof0 = 0xC0;
    public const int Sof1 = 0xC1;
    public const int Sof2 = 0xC2;
    public const int Dht = 0xC4;
    public const int Rst0 = 0xD0;
    public const int Rst7 = 0xD7;
    public const int Soi = 0xD8;
    public const int Eoi = 0xD9;
    public const int Sos = 0xDA;
    public const int Dqt = 0xDB;
    public const int Dnl = 0xDC;
    public const int Dri = 0xDD;
    public const int App0 = 0xE0;
    public const int App14 = 0xEE;

    /// <summary>
    /// Skips bytes up to the next marker, as libjpeg does (it warns about "extraneous bytes"): returns its code and
    /// leaves <paramref name="position"/> on the 0xFF just before the code, or returns -1 at the end of the data.
    /// </summary>
    public static int FindNext(byte[] data, ref int position)
    {
        int p = position;
        while (true)
        {
            while (p < data.Length && data[p] != 0xFF)
                p++;
            while (p + 1 < data.Length && data[p + 1] == 0xFF)
                p++;
            if (p + 1 >= data.Length)
            {
                position = data.Length;
                return -1;
            }

            if (data[p + 1] != 0)
            {
                position = p;
                return data[p + 1];
            }

            p += 2;
        }
    }

    /// <summary>A readable name for messages, e.g. "SOF2" or "APP1".</summary>
    public static string Name(int marker) => marker switch
    {
        >= 0xC0 and <= 0xCF and not Dht and not 0xC8 and not 0xCC => $"SOF{marker - 0xC0}",
        Dht => "DHT",
        0xCC => "DAC",
        >= Rst0 and <= Rst7 => $"RST{marker - Rst0}",
        Soi => "SOI",
        Eoi => "EOI",
        Sos => "SOS",
        Dqt => "DQT",
        Dnl => "DNL",
        Dri => "DRI",
        >= App0 and <= 0xEF => $"APP{marker - App0}",
        0xFE => "COM",
        _ => $"marker 0x{marker:X2}",
    };
}
