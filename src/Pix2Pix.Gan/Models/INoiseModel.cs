using Pix2Pix.Engine;

namespace Pix2Pix.Gan.Models;

/// <summary>What <c>sample</c> and <c>interpolate</c> need of a model that draws images from noise.</summary>
internal interface INoiseModel
{
    /// <summary>The length of z.</summary>
    int ZDim { get; }

    /// <summary>Whether G also takes a class label (cgan).</summary>
    bool Conditional { get; }

    /// <summary>The number of classes a conditional G takes (cgan's --num_classes); 0 for the others.</summary>
    int NumClasses { get; }

    /// <summary>Images [N, C, H, W] (about [−1, 1]) from z [N, ZDim] and, for a conditional model, labels [N, 1].</summary>
    Tensor Generate(Tensor z, Tensor? labels);
}
