using System.Diagnostics;
using System.Globalization;
using System.Text;
using Pix2Pix.Gan.Options;

namespace Pix2Pix.Cli.Tests;

/// <summary>What a fuzz run saw: counts per outcome and kind, and every broken invariant with the case that broke it.</summary>
internal sealed class CliFuzzReport
{
    public int Seed { get; init; }

    public int Cases { get; set; }

    public int Succeeded { get; set; }

    public int ExitedTwo { get; set; }

    public int ExitedOne { get; set; }

    public Dictionary<string, int> ByKind { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, double> SecondsByKind { get; } = new(StringComparer.Ordinal);

    public (double Seconds, string Case) Slowest { get; set; }

    public List<string> Violations { get; } = [];

    public TimeSpan Elapsed { get; set; }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}: {Cases} cases in {Elapsed.TotalSeconds:F1} s ({string.Join(", ", ByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"))}); "
        + $"exit 0 with outputs {Succeeded}, exit 2 (command line) {ExitedTwo}, exit 1 (clean failure) {ExitedOne}; invariant violations {Violations.Count}\n"
        + $"seconds by kind: {string.Join(", ", SecondsByKind.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value:F1}"))}; slowest case {Slowest.Seconds:F2} s: {Slowest.Case}");
}

/// <summary>
/// Runs the whole CLI in-process (<see cref="CliApp.Run"/>) on seeded random cases (issue 15, "fuzz"): random flag values
/// for train / test / translate / summary; damaged copies of a trained run folder (safetensors, .pth, options.json,
/// loss_log.txt, train_opt.txt: truncated, bit-flipped, zeroed, replaced, deleted) under continue, test, translate and
/// export; damaged copies of the dataset (bad images, missing folders) under train and test. Invariants: no exception
/// escapes; a failure exits 1 or 2 with an "error:" line and is not an unexpected exception type; an exit 0 wrote
/// what the command promises. Everything happens under one temporary folder.
/// </summary>
internal sealed class CliFuzz
{
    private const string Unexpected = "set PIX2PIX_DEBUG=1";

    private readonly Random _rng;
    private readonly string _root;
    private readonly CliFuzzReport _report;
    private readonly string _data;
    private readonly string _ck;
    private readonly string _baseRun;
    private readonly string _pth;
    private readonly string _reference;
    private int _case;

    public CliFuzz(int seed, string root)
    {
        _rng = new Random(seed);
        _root = root;
        _report = new CliFuzzReport { Seed = seed };
        _data = Path.Combine(root, "data");
        _ck = Path.Combine(root, "ck");
        _baseRun = Path.Combine(_ck, "base");
        _pth = Path.Combine(root, "G.pth");
        _reference = Path.Combine(root, "reference");
    }

    /// <summary>The small run every case starts from: resnet_6blocks with 2 filters on 32-pixel crops.</summary>
    private string[] TrainBase(string name) =>
    [
        "train", "--dataroot", _data, "--name", name, "--checkpoints_dir", _ck, "--model", "pix2pix", "--netG", "resnet_6blocks",
        "--ngf", "2", "--ndf", "2", "--load_size", "36", "--crop_size", "32", "--n_epochs", "1", "--n_epochs_decay", "0",
        "--max_dataset_size", "2", "--num_threads", "1", "--save_epoch_freq", "1",
    ];

    public void Setup()
    {
        Expect(0, "datasets", "make-synthetic", "--out", _data, "--count", "2", "--size", "64");
        Expect(0, TrainBase("base"));
        Expect(0, "export", "--checkpoint", Path.Combine(_baseRun, "latest_net_G.safetensors"), "--format", "pth", "--output", _pth);
        Expect(0, "export", "--checkpoint", _baseRun, "--format", "pth", "--output", _reference);
    }

    public CliFuzzReport Run(int cases, TimeSpan budget)
    {
        var watch = Stopwatch.StartNew();
        for (_case = 0; _case < cases && watch.Elapsed < budget; _case++)
        {
            int pick = _rng.Next(100);
            if (pick < 55)
                FlagCase();
            else if (pick < 78)
                DamagedRunCase();
            else if (pick < 85)
                DamagedReferenceCase();
            else
                DamagedDataCase();
        }
        _report.Elapsed = watch.Elapsed;
        return _report;
    }

    // ---- random flags -------------------------------------------------------------------------------------------

    private static readonly string[] Ints = ["0", "-1", "1", "2", "3", "2147483647", "2147483648", "-2147483648", "1.5", "abc", "", "inf", "NaN", "1e3", "07"];
    private static readonly string[] Floats = ["0", "-0", "1e-5", "0.5", "1", "100", "NaN", "Infinity", "-Infinity", "-1", "1e40", "abc", "", "0x10", "1,5"];
    private static readonly string[] Texts = ["", " ", "..", "../x", "a/b", "x y", "fuzz", "latest", "1", "iter_1", "é", "a\\b", new string('n', 300)];

    /// <summary>Flags whose large valid values would make a case slow: only small or invalid values.</summary>
    private static readonly Dictionary<string, string[]> Bounded = new(StringComparer.Ordinal)
    {
        ["crop_size"] = ["0", "-1", "16", "32", "33", "64", "4097", "abc", ""],
        ["load_size"] = ["0", "32", "36", "64", "20000", "x"],
        ["ngf"] = ["0", "1", "2", "3", "4097", "-5", "1.5"],
        ["ndf"] = ["0", "1", "2", "3", "4097", "-5"],
        ["batch_size"] = ["0", "1", "2", "4097", "-1"],
        ["n_epochs"] = ["0", "1", "2", "-1", "1000001", "2147483648", "x"],
        ["n_epochs_decay"] = ["0", "1", "-1", "1000001"],
        ["max_dataset_size"] = ["0", "1", "2", "inf", "-1"],
        ["epoch_count"] = ["0", "1", "2", "3", "50", "1000001"],
        ["n_layers_D"] = ["0", "1", "2", "3", "4", "5", "11"],
        ["num_threads"] = ["0", "1", "2", "1025"],
        ["num_test"] = ["0", "1", "2", "-3", "inf"],
        ["display_winsize"] = ["0", "1", "32", "4097"],
        ["pool_size"] = ["0", "1", "50", "-1", "100001"],
        ["z_dim"] = ["0", "1", "8", "-1"],
        ["n_critic"] = ["0", "1", "2", "-1"],
        ["aspect_ratio"] = ["0", "0.5", "1", "2", "-1", "101", "NaN"],
        ["input_nc"] = ["0", "1", "2", "3", "4"],
        ["output_nc"] = ["0", "1", "2", "3", "4"],
        ["dataroot"] = ["", " ", "DATA", "MISSING", "FILE"],
        ["checkpoints_dir"] = ["", " ", "CK", "MISSING", "FILE"],
        ["results_dir"] = ["", " ", "RESULTS", "FILE"],
        ["seed"] = ["0", "1", "-1", "2147483647", "2147483648", "x"],
    };

    private static readonly string[] Stray = ["--bogus", "--gpu_ids", "--display_id", "--use_wandb", "--lr", "-h0", "--", "--name"];

    private void FlagCase()
    {
        string name = $"f{_case}";
        int command = _rng.Next(100);
        List<string> args;
        IReadOnlyList<OptionSpec> specs;
        string kind;
        if (command < 55)
        {
            (args, specs, kind) = ([.. TrainBase(name)], TrainOptions.TrainSpecs, "flags:train");
        }
        else if (command < 80)
        {
            (args, specs, kind) = (["test", "--name", "base", "--checkpoints_dir", _ck, "--results_dir", Path.Combine(_root, "results", name), "--num_test", "1"],
                TestOptions.TestSpecs, "flags:test");
        }
        else if (command < 92)
        {
            (args, specs, kind) = (["translate", "--checkpoint", _rng.Next(2) == 0 ? _baseRun : _pth, "--input", Path.Combine(_data, "test"),
                "--output", Path.Combine(_root, "out", name)], TranslateSpecs, "flags:translate");
        }
        else
        {
            (args, specs, kind) = (["summary", "--netG", "resnet_6blocks", "--ngf", "2", "--crop_size", "32"], TrainOptions.TrainSpecs, "flags:summary");
        }
        int mutations = 1 + _rng.Next(3);
        for (int m = 0; m < mutations; m++)
        {
            if (_rng.Next(12) == 0)
            {
                args.Add(Stray[_rng.Next(Stray.Length)]);
                if (_rng.Next(2) == 0)
                    args.Add(Ints[_rng.Next(Ints.Length)]);
                continue;
            }
            var spec = specs[_rng.Next(specs.Count)];
            if (spec.Flag is "name" && args[0] == "train")
                continue;   // every train case writes its own run folder
            if (spec.Flag is "continue_train" && args[0] == "train")
                continue;   // continues are the damaged-run cases, on copies
            args.Add("--" + spec.Flag);
            if (spec.ValueType == typeof(bool))
            {
                if (_rng.Next(10) == 0)
                    args.Add(_rng.Next(2) == 0 ? "true" : "maybe");
                continue;
            }
            args.Add(Value(spec));
        }
        string? output = args[0] switch
        {
            "train" => Path.Combine(Get(args, "--checkpoints_dir") ?? _ck, name),
            "test" => Get(args, "--results_dir"),
            "translate" => Path.Combine(_root, "out", name),
            _ => null,
        };
        Execute(kind, args, output, args[0] == "train" ? "latest_net_*.safetensors" : null, args[0] == "translate" ? TestImages : 1);
    }

    private int TestImages => Directory.GetFiles(Path.Combine(_data, "test")).Length;

    private static IReadOnlyList<OptionSpec> TranslateSpecs { get; } =
        [.. TrainOptions.TrainSpecs.Where(s => s.Flag is "input_nc" or "output_nc" or "ngf" or "netG" or "norm" or "no_dropout" or "direction" or "num_threads" or "seed" or "epoch")];

    private string Value(OptionSpec spec)
    {
        if (Bounded.TryGetValue(spec.Flag, out var bounded))
        {
            string v = bounded[_rng.Next(bounded.Length)];
            return v switch
            {
                "DATA" => _data,
                "CK" => _ck,
                "RESULTS" => Path.Combine(_root, "results", $"r{_case}"),
                "MISSING" => Path.Combine(_root, "missing"),
                "FILE" => Path.Combine(_data, "train", Directory.GetFiles(Path.Combine(_data, "train"))[0]),
                _ => v,
            };
        }
        if (spec.Allowed is { } allowed)
            return _rng.Next(6) == 0 ? (_rng.Next(2) == 0 ? "bogus" : "") : allowed[_rng.Next(allowed.Count)];
        if (spec.ValueType == typeof(int))
            return Ints[_rng.Next(Ints.Length)];
        if (spec.ValueType == typeof(float) || spec.ValueType == typeof(double))
            return Floats[_rng.Next(Floats.Length)];
        return Texts[_rng.Next(Texts.Length)];
    }

    private static string? Get(List<string> args, string flag)
    {
        int i = args.LastIndexOf(flag);
        return i >= 0 && i + 1 < args.Count ? args[i + 1] : null;
    }

    // ---- damaged run folders ------------------------------------------------------------------------------------

    private void DamagedRunCase()
    {
        string copy = Path.Combine(_root, "runs", $"d{_case}");
        CopyFolder(_baseRun, copy);
        var files = Directory.GetFiles(copy).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal) && !f.EndsWith(".owner", StringComparison.Ordinal)).ToList();
        string pth = Path.Combine(copy, "G.pth");
        File.Copy(_pth, pth);
        files.Add(pth);
        string victim = files[_rng.Next(files.Count)];
        string how = Damage(victim);
        string name = Path.GetFileName(copy);
        string ck = Path.GetDirectoryName(copy)!;
        int command = _rng.Next(100);
        string kind = $"run:{Path.GetFileName(victim).Split('.')[0].Replace("latest_", "", StringComparison.Ordinal)}:{how}";
        if (command < 35)
        {
            Execute(kind, ["train", "--name", name, "--checkpoints_dir", ck, "--continue_train", "--n_epochs", "2", "--num_threads", "1"],
                copy, mustWrite: "latest_net_*.safetensors");
        }
        else if (command < 60)
        {
            string results = Path.Combine(_root, "results", name);
            Execute(kind, ["test", "--name", name, "--checkpoints_dir", ck, "--results_dir", results, "--num_test", "1"], results);
        }
        else if (command < 85)
        {
            string source = _rng.Next(3) switch { 0 => copy, 1 => pth, _ => Path.Combine(copy, "latest_net_G.safetensors") };
            string output = Path.Combine(_root, "out", name);
            Execute(kind, ["translate", "--checkpoint", source, "--input", Path.Combine(_data, "test"), "--output", output, "--fit", "pad"], output, minFiles: TestImages);
        }
        else
        {
            string output = Path.Combine(_root, "export", name);
            Execute(kind, ["export", "--checkpoint", copy, "--format", "pth", "--output", output], output);
        }
    }

    /// <summary>A damaged copy of the run exported in the reference's layout (train_opt.txt, .pth files, loss_log.txt), imported.</summary>
    private void DamagedReferenceCase()
    {
        string copy = Path.Combine(_root, "references", $"r{_case}");
        CopyFolder(_reference, copy);
        var files = Directory.GetFiles(copy, "*", SearchOption.AllDirectories);
        string victim = files[_rng.Next(files.Length)];
        string how = Damage(victim);
        string name = $"r{_case}";
        Execute($"ref:{Path.GetFileName(victim).Split('.')[0].Replace("latest_", "", StringComparison.Ordinal)}:{how}",
            ["import", copy, "--name", name, "--checkpoints_dir", Path.Combine(_root, "imported")], Path.Combine(_root, "imported", name), mustWrite: "options.json");
    }

    /// <summary>Damages <paramref name="file"/> one of several ways; returns which.</summary>
    private string Damage(string file)
    {
        byte[] bytes = File.ReadAllBytes(file);
        switch (_rng.Next(7))
        {
            case 0:
                File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length == 0 ? 0 : _rng.Next(bytes.Length)).ToArray());
                return "truncated";
            case 1:
                for (int i = 1 + _rng.Next(8); i > 0 && bytes.Length > 0; i--)
                    bytes[_rng.Next(bytes.Length)] ^= (byte)(1 << _rng.Next(8));
                File.WriteAllBytes(file, bytes);
                return "bitflip";
            case 2:
            {
                if (bytes.Length > 0)
                {
                    int at = _rng.Next(bytes.Length);
                    bytes.AsSpan(at, Math.Min(bytes.Length - at, 1 + _rng.Next(64))).Clear();
                }
                File.WriteAllBytes(file, bytes);
                return "zeroed";
            }
            case 3:
                File.Delete(file);
                return "deleted";
            case 4:
                File.WriteAllBytes(file, []);
                return "empty";
            case 5:
            {
                var garbage = new byte[1 + _rng.Next(4096)];
                _rng.NextBytes(garbage);
                File.WriteAllBytes(file, garbage);
                return "garbage";
            }
            default:
            {
                // A flipped bit in the first kilobyte: headers, JSON, lengths.
                if (bytes.Length > 0)
                    bytes[_rng.Next(Math.Min(bytes.Length, 1024))] ^= (byte)(1 << _rng.Next(8));
                File.WriteAllBytes(file, bytes);
                return "headerflip";
            }
        }
    }

    // ---- damaged datasets ---------------------------------------------------------------------------------------

    private void DamagedDataCase()
    {
        string copy = Path.Combine(_root, "datasets", $"s{_case}");
        CopyFolder(_data, copy);
        string how;
        int what = _rng.Next(10);
        string train = Path.Combine(copy, "train");
        if (what == 0)
        {
            Directory.Delete(train, recursive: true);
            how = "no-train";
        }
        else if (what == 1)
        {
            foreach (string f in Directory.GetFiles(train))
                File.Delete(f);
            how = "empty-train";
        }
        else if (what == 2)
        {
            Directory.CreateDirectory(Path.Combine(train, "dir.png"));
            how = "folder-named-png";
        }
        else if (what == 3)
        {
            File.WriteAllText(Path.Combine(train, "text.png"), "not an image");
            how = "text-png";
        }
        else
        {
            var images = Directory.GetFiles(train).Concat(Directory.GetFiles(Path.Combine(copy, "test"))).ToList();
            how = "image-" + Damage(images[_rng.Next(images.Count)]);
        }
        string name = $"s{_case}";
        if (_rng.Next(2) == 0)
        {
            string[] args = [.. TrainBase(name)];
            args[2] = copy;
            if (_rng.Next(3) == 0)
                args = [.. args, "--skip_bad_images"];
            Execute("data:train:" + how, args, Path.Combine(_ck, name), "latest_net_*.safetensors");
        }
        else
        {
            string results = Path.Combine(_root, "results", name);
            Execute("data:test:" + how, ["test", "--name", "base", "--checkpoints_dir", _ck, "--dataroot", copy, "--results_dir", results, "--num_test", "2"], results);
        }
    }

    // ---- running and checking -----------------------------------------------------------------------------------

    private void Expect(int exit, params string[] args)
    {
        var (code, _, error) = Invoke(args);
        if (code != exit)
            throw new InvalidOperationException($"fuzz setup: pix2pix {string.Join(' ', args)} exited {code}: {error}");
    }

    private static (int Exit, string Output, string Error) Invoke(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <param name="output">What an exit 0 must have written: a folder with files in it (or null: printed output only).</param>
    /// <param name="mustWrite">A file name pattern that folder must hold after an exit 0.</param>
    /// <param name="minFiles">How many files the folder must hold at least (translate: one per input image).</param>
    private void Execute(string kind, IReadOnlyList<string> args, string? output, string? mustWrite = null, int minFiles = 1)
    {
        string key = kind.Split(':')[0] + ":" + kind.Split(':')[1];
        _report.ByKind[key] = _report.ByKind.GetValueOrDefault(key) + 1;
        _report.Cases++;
        string line = $"case {_case} ({kind}): pix2pix {string.Join(' ', args.Select(a => a.Length == 0 || a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a))}"
            .Replace(_root, "$TMP", StringComparison.Ordinal);
        (int Exit, string Output, string Error) r;
        var watch = Stopwatch.StartNew();
        try
        {
            r = Invoke([.. args]);
        }
        catch (Exception ex)
        {
            _report.Violations.Add($"{line}\n  crashed: {ex.GetType().Name}: {ex.Message}");
            return;
        }
        finally
        {
            double seconds = watch.Elapsed.TotalSeconds;
            _report.SecondsByKind[key] = _report.SecondsByKind.GetValueOrDefault(key) + seconds;
            if (seconds > _report.Slowest.Seconds)
                _report.Slowest = (seconds, line);
        }
        switch (r.Exit)
        {
            case 0:
                _report.Succeeded++;
                if (output is not null && (!Directory.Exists(output) || Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Count() < minFiles))
                    _report.Violations.Add($"{line}\n  exit 0 but fewer than {minFiles} files written in {output}\n  {Last(r.Output)}");
                else if (mustWrite is not null && Directory.GetFiles(output!, mustWrite).Length == 0)
                    _report.Violations.Add($"{line}\n  exit 0 but {mustWrite} missing");
                else if (output is null && r.Output.Length == 0)
                    _report.Violations.Add($"{line}\n  exit 0 but printed nothing");
                break;
            case 1 or 2:
                if (r.Exit == 2)
                    _report.ExitedTwo++;
                else
                    _report.ExitedOne++;
                if (!r.Error.Contains("error:", StringComparison.Ordinal))
                    _report.Violations.Add($"{line}\n  exit {r.Exit} without an error line: {Last(r.Error)}");
                else if (r.Error.Contains(Unexpected, StringComparison.Ordinal))
                    _report.Violations.Add($"{line}\n  unexpected exception: {Last(r.Error, 3)}");
                break;
            default:
                _report.Violations.Add($"{line}\n  exit {r.Exit}: {Last(r.Error)}");
                break;
        }
    }

    private static string Last(string text, int lines = 2) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith("train.lock", StringComparison.Ordinal))
                continue;
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
