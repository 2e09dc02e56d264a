using Quant.Orleans.Client;
using Quant.Orleans.Client.Commands;
using Quant.Orleans.Client.Input;

var context = new ClientContext(ConsoleFactory.Output(), ConsoleFactory.Error(), input: new LineSource(Console.In))
{
    EchoInput = Console.IsInputRedirected,
};
Console.CancelKeyPress += (_, e) => e.Cancel = context.Interrupts.Interrupt();
return await ClientCommandLine.RunAsync(args, context);
