using Quant.Orleans.Learning.Losses;
using Quant.Orleans.Learning.Models;
using Quant.Orleans.Learning.Training;
using Quant.Orleans.Numerics.Regression;
using Quant.Orleans.Research.Features;

namespace Quant.Orleans.Engine.Distillation;

/// <summary>A teacher and the student distilled from it, with what they were fitted on.</summary>
/// <param name="Teacher">The teacher network.</param>
/// <param name="Student">The student network.</param>
/// <param name="Loss">The student's loss with its learned uncertainty weights.</param>
/// <param name="StudentScaler">Standardisation of the student's columns, fitted on training samples only.</param>
/// <param name="TeacherScaler">Standardisation of the teacher's columns, fitted on training samples only.</param>
/// <param name="Bins">The target tokens.</param>
/// <param name="TeacherReport">How the teacher's training went.</param>
/// <param name="StudentReport">How the student's training went.</param>
/// <param name="TrainingDays">Days trained on (symbols × these days).</param>
/// <param name="TrainingSamples">Samples before the validation split.</param>
/// <param name="ValidationSamples">Samples of the purged validation split.</param>
/// <param name="NaiveScales">Per horizon: mean |golden return| over the training samples (the MASE scale).</param>
/// <param name="Ridge">The ridge baseline per horizon (the grid baseline's regressors and penalty, fitted on the same
/// training samples and targets).</param>
public sealed record TrainedModels(
    ChronosTeacher Teacher,
    ChronosStudent Student,
    StudentTradingLoss Loss,
    FittedScaler StudentScaler,
    FittedScaler TeacherScaler,
    MeanScaleQuantizer Bins,
    TrainingReport TeacherReport,
    TrainingReport StudentReport,
    DateOnly[] TrainingDays,
    int TrainingSamples,
    int ValidationSamples,
    double[] NaiveScales,
    RidgeModel[] Ridge);
