namespace Recorder.Host.Tests;
