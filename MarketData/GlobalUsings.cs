global using Quant.Orleans.Core;
