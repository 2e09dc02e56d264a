global using Quant.Orleans.Core;
global using Quant.Orleans.Testing;
