using System.Globalization;

namespace Pix2Pix.Engine.Optim;

internal sealed partial class Adam
{
    /// <summary>
    /// The optimizer's state as a <see cref="StateDict"/> that a checkpoint can hold:
    /// <c>step</c> (int64, <see cref="StepCount"/>), <c>lr</c>, <c>beta1</c>, <c>beta2</c>, <c>eps</c> (float32 scalars),
    /// <c>lr_bits</c> (int64: the double learning rate's bits, so that resuming is bit-exact) and, for every parameter
    /// <c>i</c> that has had a gradient, <c>state.i.exp_avg</c>, <c>state.i.exp_avg_sq</c> (the parameter's shape) and
    /// <c>state.i.step</c> (int64). The tensors are copies: later steps do not change them.
    /// </summary>
    public StateDict ExportState()
    {
        var state = new StateDict();
        state.Add("step", new Int64Tensor([StepCount]));
        state.Add("lr", new Tensor([(float)_learningRate]));
        state.Add("lr_bits", new Int64Tensor([BitConverter.DoubleToInt64Bits(_learningRate)]));
        state.Add("beta1", new Tensor([(float)_beta1]));
        state.Add("beta2", new Tensor([(float)_beta2]));
        state.Add("eps", new Tensor([(float)_eps]));
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (_expAvg[i] is null)
                continue;
            int[] shape = _parameters[i].Shape.ToArray();
            state.Add($"state.{i}.exp_avg", new Tensor((float[])_expAvg[i]!.Clone(), shape));
            state.Add($"state.{i}.exp_avg_sq", new Tensor((float[])_expAvgSq[i]!.Clone(), shape));
            state.Add($"state.{i}.step", new Int64Tensor([_steps[i]]));
        }
        return state;
    }

    /// <summary>
    /// Restores a state written by <see cref="ExportState"/> (values are copied in). Everything is checked before
    /// anything changes: on a mismatch this throws <see cref="ArgumentException"/> naming the entry, and the
    /// optimizer is left as it was.
    /// </summary>
    public void LoadState(StateDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        long stepCount = ReadScalar(state, "step");
        float lr = ReadFloatScalar(state, "lr");
        double exactLr = state.Contains("lr_bits") ? BitConverter.Int64BitsToDouble(ReadScalar(state, "lr_bits")) : AsTyped(lr);
        if ((float)exactLr != lr)
            exactLr = AsTyped(lr);
        CheckSame(state, "beta1", (float)_beta1);
        CheckSame(state, "beta2", (float)_beta2);
        CheckSame(state, "eps", (float)_eps);

        var restored = new (float[] ExpAvg, float[] ExpAvgSq, long Step)?[_parameters.Length];
        foreach (string name in state.Names)
        {
            if (name is "step" or "lr" or "lr_bits" or "beta1" or "beta2" or "eps")
                continue;
            int index = ParameterIndex(name);
            if (restored[index] is not null)
                continue;
            restored[index] = ReadParameterState(state, index);
        }

        StepCount = stepCount;
        _learningRate = exactLr;
        for (int i = 0; i < _parameters.Length; i++)
        {
            if (restored[i] is not { } s)
            {
                _expAvg[i] = null;
                _expAvgSq[i] = null;
                _steps[i] = 0;
                continue;
            }
            _expAvg[i] ??= new float[_parameters[i].Count];
            _expAvgSq[i] ??= new float[_parameters[i].Count];
            s.ExpAvg.CopyTo(_expAvg[i]!, 0);
            s.ExpAvgSq.CopyTo(_expAvgSq[i]!, 0);
            _steps[i] = s.Step;
        }
    }

    private int ParameterIndex(string name)
    {
        string[] parts = name.Split('.');
        if (parts.Length != 3 || parts[0] != "state" || parts[2] is not ("exp_avg" or "exp_avg_sq" or "step")
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            throw new ArgumentException($"Adam state entry '{name}' is not one Adam writes (step, lr, lr_bits, beta1, beta2, eps, state.<i>.exp_avg|exp_avg_sq|step); load a state saved by Adam.ExportState.", nameof(name));
        if (index >= _parameters.Length)
            throw new ArgumentException($"Adam state entry '{name}' is for parameter {index}, but this optimizer has {_parameters.Length} parameters; the state belongs to a different network.", nameof(name));
        return index;
    }

    private (float[], float[], long) ReadParameterState(StateDict state, int index)
    {
        Tensor p = _parameters[index];
        float[] Moment(string field)
        {
            string name = $"state.{index}.{field}";
            if (!state.TryGetFloat(name, out Tensor t))
                throw new ArgumentException($"Adam state has entries for parameter {index} but no float tensor '{name}'; the state is incomplete.", nameof(state));
            if (!t.Shape.SequenceEqual(p.Shape))
                throw new ArgumentException($"Adam state '{name}' has shape [{string.Join(", ", t.Shape.ToArray())}] but parameter {index} has shape [{string.Join(", ", p.Shape.ToArray())}]; the state belongs to a different network.", nameof(state));
            return t.Data;
        }
        float[] expAvg = Moment("exp_avg");
        float[] expAvgSq = Moment("exp_avg_sq");
        long step = ReadScalar(state, $"state.{index}.step");
        if (step < 1)
            throw new ArgumentException($"Adam state 'state.{index}.step' is {step}; a stored parameter state has step 1 or more.", nameof(state));
        return (expAvg, expAvgSq, step);
    }

    private static long ReadScalar(StateDict state, string name)
    {
        if (!state.TryGetInt64(name, out Int64Tensor t) || t.Data.Length != 1)
            throw new ArgumentException($"Adam state has no int64 scalar '{name}'; load a state saved by Adam.ExportState.", nameof(state));
        return t.Data[0];
    }

    private static float ReadFloatScalar(StateDict state, string name)
    {
        if (!state.TryGetFloat(name, out Tensor t) || t.Count != 1)
            throw new ArgumentException($"Adam state has no float scalar '{name}'; load a state saved by Adam.ExportState.", nameof(state));
        return t.Data[0];
    }

    private static void CheckSame(StateDict state, string name, float expected)
    {
        if (!state.Contains(name))
            return;
        float saved = ReadFloatScalar(state, name);
        if (saved != expected)
            throw new ArgumentException($"Adam state was saved with {name} = {saved.ToString("R", CultureInfo.InvariantCulture)} but this optimizer has {name} = {expected.ToString("R", CultureInfo.InvariantCulture)}; create the optimizer with the same {name} to resume, or start without the saved optimizer state.", nameof(state));
    }
}
