using Quant.Orleans.Silo.Hosting;

return await SiloCommandLine.Build().Parse(args).InvokeAsync();
