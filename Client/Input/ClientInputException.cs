namespace Quant.Orleans.Client.Input;

/// <summary>Bad command-line input, found before anything is sent; the message names the argument, the value and
/// the rule. The console exits with <see cref="ExitCodes.BadInput"/>.</summary>
public sealed class ClientInputException : Exception
{
    /// <summary>Creates the exception with a message that names the argument, the value and the rule.</summary>
    public ClientInputException(string message)
        : base(message)
    {
    }
}
