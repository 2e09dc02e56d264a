using Quant.Orleans.Client;
using Quant.Orleans.Client.Commands;

return await ClientCommandLine.RunAsync(args, new ClientContext(ConsoleFactory.Output(), ConsoleFactory.Error()));
