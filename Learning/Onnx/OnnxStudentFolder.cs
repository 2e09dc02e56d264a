namespace Quant.Orleans.Learning.Onnx;

/// <summary>An ONNX student read from a model folder: its checked contract and the ONNX file's bytes.</summary>
/// <param name="ContractPath">The path of <c>onnx.json</c>, for messages.</param>
/// <param name="Contract">The contract, checked on its own.</param>
/// <param name="Model">The ONNX file's bytes, whose SHA-256 matched the contract.</param>
public sealed record OnnxStudentFile(string ContractPath, OnnxStudentContract Contract, byte[] Model)
{
    /// <summary>A new runner of this model on <paramref name="runtime"/> (its own session and buffers); the session's
    /// inputs and outputs are checked against the contract.</summary>
    /// <param name="runtime"><c>onnx-cpu</c> or <c>onnx-cuda</c>.</param>
    /// <returns>The runner, the caller's to dispose.</returns>
    /// <exception cref="OnnxContractMismatchException">The session disagrees with the contract (field and both values).</exception>
    /// <exception cref="InvalidOperationException"><c>onnx-cuda</c> cannot start here (<see cref="OnnxStudentRunner.CreateSessionOptions"/>).</exception>
    public OnnxStudentRunner CreateRunner(Models.StudentRuntime runtime) => new(Model, Contract, runtime, ContractPath);
}

/// <summary>
/// The ONNX files of a student's model folder: <c>student.onnx</c> (<see cref="OnnxExport.Student"/>) and its contract
/// <c>onnx.json</c> (<see cref="OnnxStudentContract"/>), written beside <c>manifest.json</c> and
/// <c>model.safetensors</c>.
/// </summary>
public static class OnnxStudentFolder
{
    /// <summary>Exports <paramref name="student"/> into <paramref name="folder"/>: the ONNX file first, then the
    /// contract (written to a temporary name and renamed, so a reader never sees a contract without its file).</summary>
    /// <param name="folder">An existing folder (a student's model folder).</param>
    /// <param name="student">The student (weights as they are now; evaluation mode is exported).</param>
    /// <param name="quantileLevels">The quantile head's levels, Q of them.</param>
    /// <param name="horizonsSeconds">The horizons, H of them, seconds.</param>
    /// <param name="binCount">K, the bins of the logits.</param>
    /// <param name="binLow">Lower edge of the first bin, scaled units.</param>
    /// <param name="binHigh">Upper edge of the last bin, scaled units.</param>
    /// <returns>The contract written.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="OnnxContractMismatchException">The levels, horizons or bins disagree with the student.</exception>
    public static OnnxStudentContract Write(string folder, Models.ChronosStudent student, IReadOnlyList<double> quantileLevels, IReadOnlyList<double> horizonsSeconds, int binCount, double binLow, double binHigh)
    {
        ArgumentNullException.ThrowIfNull(student);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"'{folder}' does not exist; export into an existing model folder.");
        }

        var onnx = OnnxExport.Student(student);
        var contract = OnnxStudentContract.ForExport(student.Config, onnx, quantileLevels, horizonsSeconds, binCount, binLow, binHigh);
        File.WriteAllBytes(Path.Combine(folder, contract.File), onnx);
        var path = Path.Combine(folder, OnnxStudentContract.FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, contract.ToJson());
        File.Move(temp, path, overwrite: true);
        return contract;
    }

    /// <summary>Whether <paramref name="folder"/> holds a contract.</summary>
    /// <param name="folder">A model folder.</param>
    /// <returns>True when <c>onnx.json</c> exists.</returns>
    public static bool Exists(string folder) => File.Exists(Path.Combine(folder, OnnxStudentContract.FileName));

    /// <summary>Reads the contract and the ONNX file it names, and checks the file's hash.</summary>
    /// <param name="folder">A model folder.</param>
    /// <returns>The contract and the bytes.</returns>
    /// <exception cref="InvalidDataException">The contract or the ONNX file is missing (the path named).</exception>
    /// <exception cref="OnnxContractMismatchException">The contract breaks a rule, or the file's hash differs (field
    /// and both values).</exception>
    public static OnnxStudentFile Read(string folder)
    {
        var path = Path.Combine(folder, OnnxStudentContract.FileName);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{folder}' has no ONNX export: {OnnxStudentContract.FileName} is missing (write it with OnnxStudentFolder.Write, or by hand for a model of your own; see docs/onnx.md).");
        }

        var contract = OnnxStudentContract.Parse(File.ReadAllText(path), path);
        var modelPath = Path.Combine(folder, contract.File);
        if (!File.Exists(modelPath))
        {
            throw new InvalidDataException($"'{path}': field 'file' names '{contract.File}', which is not in '{folder}'.");
        }

        var model = File.ReadAllBytes(modelPath);
        contract.CheckFile(model, path);
        return new OnnxStudentFile(path, contract, model);
    }
}
