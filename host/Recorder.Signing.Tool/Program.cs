using System.CommandLine;
using Recorder.Trust;

// recorder-sign bundle <build-output> --out <bundle> (--key <private.pem> | --dev-keys <dir> --trust <dir>) [manifest values]
// The same command as `recorder plugin bundle` (Recorder.Trust's PluginBundleCommand), without building the whole CLI.
// Errors start with "error :" so that MSBuild shows them as build errors.

var root = new RootCommand("Recorder build-time plugin signer.") { PluginBundleCommand.Create("recorder-sign bundle", errorPrefix: "error : ") };
return root.Parse(args).Invoke();
