// The pieces every command shares: access to the API, exit codes, output writers.
global using Xhs.Cli.Shared;
