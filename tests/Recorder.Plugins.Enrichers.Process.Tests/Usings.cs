global using Recorder.Contracts.Events;
global using Recorder.Plugins.Enrichers.Process.Tests.Support;
global using Recorder.Tests.Shared;

namespace Recorder.Plugins.Enrichers.Process.Tests;
